import type { CodeableConcept, Condition, Coverage, Identifier, MedicationRequest, MedicationStatement, Patient, Reference } from 'fhir/r4';
import { isValidDate } from '../../kernel/calendar';
import { isIcd10CmCode, isMedicareBeneficiaryId, normalizeMedicareId } from '../../patients/clinical-codes';
import { CONDITION_CLINICAL_STATUSES, type ConditionCategory, type ConditionClinicalStatus, type EhrIdentifier } from '../enrolment.events';

/**
 * The mapping of US Core R4 resources to CareLedger's facts: pure, one function per resource type, each answering
 * the facts or why the resource cannot be used (nothing of a refused resource is stored).
 */

export const SYSTEMS = {
  mbi: 'http://hl7.org/fhir/sid/us-mbi',
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  identifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  conditionCategory: 'http://terminology.hl7.org/CodeSystem/condition-category',
  usCoreConditionCategory: 'http://hl7.org/fhir/us/core/CodeSystem/condition-category',
  /** PHDSC Source of Payment Typology, the value set of US Core Coverage.type. */
  sourceOfPayment: 'urn:oid:2.16.840.1.113883.3.221.5',
} as const;

export const IMPORTED_RESOURCE_TYPES = ['Patient', 'Condition', 'Coverage', 'MedicationStatement', 'MedicationRequest'] as const;
export type ImportedResourceType = (typeof IMPORTED_RESOURCE_TYPES)[number];

export type Mapped<T> = { ok: true; facts: T } | { ok: false; reason: string };
const refuse = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

/**
 * A mapping of a resource that does not have its type's structure (a name that is not a HumanName, a coding that is
 * not an object...) fails on the first element it cannot read: such a resource is refused, never a server error.
 */
export function mapSafely<T>(map: () => Mapped<T>): Mapped<T> {
  try {
    return map();
  } catch (error) {
    if (error instanceof TypeError) return refuse('Resource does not have the FHIR R4 structure of its type');
    throw error;
  }
}
const accept = <T>(facts: T): Mapped<T> => ({ ok: true, facts });

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
/** Texts stored from the EHR are single lines without control characters, as the GraphQL inputs require. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this pattern finds
const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F]/;

/** The id of a resource as FHIR defines it (1-64 letters, digits, - and .). */
export function resourceIdOf(resource: { id?: unknown }): string | null {
  return typeof resource.id === 'string' && FHIR_ID.test(resource.id) ? resource.id : null;
}

/** A FHIR date or dateTime as a calendar date (its own date part; YYYY-MM and YYYY stand for their first day). */
export function calendarDateOf(value: string | undefined): string | null | 'invalid' {
  if (value === undefined) return null;
  if (typeof value !== 'string') return 'invalid';
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(value);
  if (!match) return 'invalid';
  const date = `${match[1]}-${match[2] ?? '01'}-${match[3] ?? '01'}`;
  return isValidDate(date) ? date : 'invalid';
}

const codingsOf = (concept: CodeableConcept | undefined, system: string) =>
  (concept?.coding ?? []).filter((coding) => coding.system === system && typeof coding.code === 'string');
const hasCode = (concepts: CodeableConcept[] | undefined, system: string, code: string) =>
  (concepts ?? []).some((concept) => codingsOf(concept, system).some((coding) => coding.code === code));

export interface PatientFacts {
  name: string;
  birthDate: string;
  medicareId: string | null;
  ehrIdentifier: EhrIdentifier | null;
}

/** The EHR's own identifier: the medical record number (v2-0203 MR) if there is one, else the first other identifier. */
function ehrIdentifierOf(identifiers: Identifier[]): EhrIdentifier | null {
  const usable = identifiers.filter((identifier) => identifier.system && identifier.value && identifier.system !== SYSTEMS.mbi);
  const mrn = usable.find((identifier) => codingsOf(identifier.type, SYSTEMS.identifierType).some((coding) => coding.code === 'MR'));
  const chosen = mrn ?? usable[0];
  return chosen ? { system: chosen.system!, value: chosen.value! } : null;
}

export function mapPatient(patient: Patient): Mapped<PatientFacts> {
  const names = patient.name ?? [];
  const name = names.find((candidate) => candidate.use === 'official') ?? names[0];
  const text = name && (name.text?.trim() || [...(name.given ?? []), name.family ?? ''].join(' ').trim());
  if (!text) return refuse('Patient has no name');
  if (text.length > 200) return refuse('Patient name is longer than 200 characters');
  if (CONTROL_CHARACTERS.test(text)) return refuse('Patient name contains control characters');
  if (!patient.birthDate || !/^\d{4}-\d{2}-\d{2}$/.test(patient.birthDate) || !isValidDate(patient.birthDate))
    return refuse('Patient has no full birthDate (YYYY-MM-DD)');
  const identifiers = patient.identifier ?? [];
  const mbi = identifiers.find((identifier) => identifier.system === SYSTEMS.mbi);
  if (mbi && !(typeof mbi.value === 'string' && isMedicareBeneficiaryId(mbi.value)))
    return refuse('Patient identifier of system us-mbi is not a valid Medicare Beneficiary Identifier');
  const medicareId = mbi ? normalizeMedicareId(mbi.value!) : null;
  const ehrIdentifier = ehrIdentifierOf(identifiers);
  if (!medicareId && !ehrIdentifier) return refuse('Patient has neither an MBI nor an EHR identifier (system and value) to be matched by');
  return accept({ name: text, birthDate: patient.birthDate, medicareId, ehrIdentifier });
}

/** The Patient a resource is about: `Patient/<id>` or an absolute or urn reference resolved by the importer. */
export function subjectOf(reference: Reference | undefined): string | null {
  return typeof reference?.reference === 'string' && reference.reference.length <= 256 ? reference.reference : null;
}

export interface ConditionFacts {
  subject: string;
  icd10: string;
  description: string;
  clinicalStatus: ConditionClinicalStatus;
  categories: ConditionCategory[];
  onset: string | null;
  abatement: string | null;
}

const CATEGORY_SYSTEMS = [SYSTEMS.conditionCategory, SYSTEMS.usCoreConditionCategory];

export function mapCondition(condition: Condition): Mapped<ConditionFacts> {
  const subject = subjectOf(condition.subject);
  if (!subject) return refuse('Condition has no subject reference');
  const categories = (['problem-list-item', 'health-concern'] as const).filter((code) =>
    CATEGORY_SYSTEMS.some((system) => hasCode(condition.category, system, code)),
  );
  if (categories.length === 0) return refuse('Condition is neither a problem-list-item nor a health-concern (encounter diagnoses are not imported)');
  const verification = codingsOf(condition.verificationStatus, SYSTEMS.conditionVerification)[0]?.code;
  if (verification === 'entered-in-error' || verification === 'refuted') return refuse(`Condition verificationStatus is ${verification}`);
  const status = codingsOf(condition.clinicalStatus, SYSTEMS.conditionClinical)[0]?.code;
  if (!status || !(CONDITION_CLINICAL_STATUSES as readonly string[]).includes(status))
    return refuse('Condition has no clinicalStatus of http://terminology.hl7.org/CodeSystem/condition-clinical');
  const icd10 = codingsOf(condition.code, SYSTEMS.icd10cm)
    .map((coding) => coding.code!.toUpperCase())
    .find(isIcd10CmCode);
  if (!icd10) return refuse('Condition has no ICD-10-CM code (system http://hl7.org/fhir/sid/icd-10-cm)');
  const coding = codingsOf(condition.code, SYSTEMS.icd10cm).find((candidate) => candidate.code!.toUpperCase() === icd10);
  const description = (condition.code?.text?.trim() || coding?.display?.trim() || icd10).slice(0, 500);
  if (CONTROL_CHARACTERS.test(description)) return refuse('Condition text contains control characters');
  const onset = calendarDateOf(condition.onsetDateTime ?? condition.onsetPeriod?.start);
  const abatement = calendarDateOf(condition.abatementDateTime ?? condition.abatementPeriod?.end);
  if (onset === 'invalid') return refuse('Condition onset is not a valid date');
  if (abatement === 'invalid') return refuse('Condition abatement is not a valid date');
  return accept({ subject, icd10, description, clinicalStatus: status as ConditionClinicalStatus, categories, onset, abatement });
}

export interface CoverageFacts {
  subject: string;
  partB: boolean;
  medicareAdvantagePlan: string | null;
  lastUpdated: string | null;
}

/**
 * A Medicare coverage of the EHR. Source of Payment Typology: 11x Medicare managed care (Medicare Advantage, which
 * includes Part B benefits), 12x Medicare fee-for-service (Part B when a class or the type says Part B), 1/19
 * Medicare otherwise. Other payers (Medicaid, commercial) are refused: only Medicare coverage is recorded.
 */
export function mapCoverage(coverage: Coverage): Mapped<CoverageFacts> {
  const subject = subjectOf(coverage.beneficiary);
  if (!subject) return refuse('Coverage has no beneficiary reference');
  if (coverage.status !== 'active') return refuse(`Coverage status is ${coverage.status ?? 'missing'}, not active`);
  const type = codingsOf(coverage.type, SYSTEMS.sourceOfPayment)[0]?.code;
  if (!type || !type.startsWith('1')) return refuse('Coverage is not a Medicare coverage (Source of Payment Typology 1)');
  const words = [coverage.type?.text, ...(coverage.class ?? []).flatMap((item) => [item.value, item.name])].filter(Boolean).join(' ');
  const managedCare = type.startsWith('11');
  const planName = (
    coverage.payor?.[0]?.display ??
    coverage.class?.find((item) => codingsOf(item.type, 'http://terminology.hl7.org/CodeSystem/coverage-class').some((c) => c.code === 'plan'))?.name ??
    'Medicare Advantage plan'
  ).slice(0, 200);
  const lastUpdated =
    coverage.meta?.lastUpdated && !Number.isNaN(Date.parse(coverage.meta.lastUpdated)) ? new Date(coverage.meta.lastUpdated).toISOString() : null;
  return accept({ subject, partB: managedCare || /part\s*b/i.test(words), medicareAdvantagePlan: managedCare ? planName : null, lastUpdated });
}

export interface MedicationFacts {
  subject: string;
  rxnorm: string | null;
  description: string;
  status: string;
  assertedOn: string | null;
}

export function mapMedication(resource: MedicationStatement | MedicationRequest): Mapped<MedicationFacts> {
  const subject = subjectOf(resource.subject);
  if (!subject) return refuse(`${resource.resourceType} has no subject reference`);
  const status: unknown = resource.status;
  if (typeof status !== 'string' || status === '' || status.length > 64) return refuse(`${resource.resourceType} has no status`);
  if (status === 'entered-in-error') return refuse(`${resource.resourceType} status is entered-in-error`);
  const concept = resource.medicationCodeableConcept;
  if (!concept) return refuse(`${resource.resourceType} names its medication by reference; only medicationCodeableConcept is read`);
  const rxnorm = codingsOf(concept, SYSTEMS.rxnorm)[0];
  const description = (concept.text?.trim() || rxnorm?.display?.trim() || concept.coding?.[0]?.display?.trim() || '').slice(0, 500);
  if (!description) return refuse(`${resource.resourceType} medication has neither text nor a display`);
  if (CONTROL_CHARACTERS.test(description)) return refuse(`${resource.resourceType} medication text contains control characters`);
  const asserted =
    resource.resourceType === 'MedicationStatement'
      ? (resource.dateAsserted ?? resource.effectiveDateTime ?? resource.effectivePeriod?.start)
      : resource.authoredOn;
  const assertedOn = calendarDateOf(asserted);
  if (assertedOn === 'invalid') return refuse(`${resource.resourceType} date is not a valid date`);
  return accept({ subject, rxnorm: rxnorm?.code ?? null, description, status, assertedOn });
}
