import { lastDayOfMonth, monthBounds, startOfLocalDay } from '../../kernel/calendar';
import { consentCoveringMonth, type ConsentState } from '../../consent/consent.state';
import { isBehaviouralHealthDiagnosis } from '../../patients/clinical-codes';
import type {
  BehaviouralHealthFact,
  BehaviouralHealthModel,
  ChronicConditionFact,
  ConsentFact,
  EligibilityRule,
  PatientMonthFacts,
  RuleSet,
  TimeEntryFact,
} from '../rules';
import { billingPractitionerIn, type BillingPatient } from './billing-patient';

/** The consent that covers a month (consent.state.ts consentCoveringMonth) as the rules engine takes it. */
function consentFor(consents: readonly ConsentState[], month: string, timeZone: string): ConsentFact | null {
  const chosen = consentCoveringMonth(consents, month, timeZone);
  if (!chosen) return null;
  return {
    givenAt: chosen.givenAt,
    method: chosen.method,
    disclosures: chosen.disclosures,
    documentReference: chosen.documentReference,
    practitionerId: chosen.billingPractitionerId,
    revokedAt: chosen.revokedAt,
  };
}

/** First instant of a day in a zone, remembered: every evaluation of a patient asks for the same few days. */
const dayStarts = new Map<string, string>();
function startOfDay(date: string, timeZone: string): string {
  const key = `${date} ${timeZone}`;
  let start = dayStarts.get(key);
  if (start === undefined) dayStarts.set(key, (start = startOfLocalDay(date, timeZone).toISOString()));
  return start;
}

function conditionFacts(patient: BillingPatient, timeZone: string): ChronicConditionFact[] {
  return patient.conditions.map((condition) => ({
    icd10: condition.icd10,
    onset: condition.onset,
    // The care record keeps the recording day in the practice's zone; its first instant gives the engine that day back.
    recordedAt: startOfDay(condition.recordedOn, timeZone),
    resolvedOn: condition.resolvedOn,
    expectedDurationMonths: condition.expectedDurationMonths,
    placesAtSignificantRisk: condition.placesAtSignificantRisk,
  }));
}

export interface PatientMonthInput {
  patient: BillingPatient;
  month: string;
  timeZone: string;
  /** Behavioural health integration the practice provides under APCM; null: none. */
  apcmBehaviouralHealth: BehaviouralHealthModel | null;
  /** The patient's entries; those of other months are ignored by the engine. */
  timeEntries: TimeEntryFact[];
  /** Store time of the month's close, if closed. */
  closedAt: string | null;
  /** A fact of this month (other than a time entry's own amendment) was recorded after the close. */
  amendedAfterClose: boolean;
}

/** The latest coverage verification by the end of the month; undefined when the facts predate verifications. */
function latestVerificationBy(verifications: string[] | undefined, month: string, timeZone: string): string | null | undefined {
  if (verifications === undefined) return undefined;
  const endMs = monthBounds(month, timeZone).end.getTime();
  let latest: string | null = null;
  for (const at of verifications) if (Date.parse(at) < endMs && (latest === null || Date.parse(at) > Date.parse(latest))) latest = at;
  return latest;
}

/** Gathers what the rules engine needs about one patient in one calendar month of the practice's zone. */
export function patientMonthFacts({
  patient,
  month,
  timeZone,
  apcmBehaviouralHealth,
  timeEntries,
  closedAt,
  amendedAfterClose,
}: PatientMonthInput): PatientMonthFacts {
  const practitioner = billingPractitionerIn(patient, month);
  const plan = patient.carePlan;
  const firstShared = plan?.sharedAt.reduce<string | null>((first, at) => (first === null || Date.parse(at) < Date.parse(first) ? at : first), null) ?? null;
  return {
    month,
    timeZone,
    program: patient.program,
    qmb: patient.qmb,
    billingPractitionerId: practitioner.staffId,
    enrolledOn: patient.enrolledOn,
    unenrolledFrom: patient.unenrolledFrom ?? null,
    coverageVerifiedAt: latestVerificationBy(patient.coverageVerifications, month, timeZone),
    conditions: conditionFacts(patient, timeZone),
    consent: consentFor(patient.consents, month, timeZone),
    carePlan: plan && {
      effectiveAt: plan.effectiveAt,
      creatorCredential: plan.creatorCredential,
      allRequiredElementsPresent: plan.missingElements.length === 0,
      revisions: plan.revisions,
      sharedWithPatientAt: firstShared,
    },
    initiatingVisits: patient.initiatingVisits.map((visit) => ({ date: visit.visitDate, practitionerId: visit.practitioner.staffId, kind: visit.kind })),
    timeEntries,
    externalServices: patient.externalServices.map((service) => ({
      serviceDate: service.serviceDate,
      cptCode: service.cptCode,
      billedByNpi: service.billedByNpi,
      // Compared with the practitioner billing in the service's month, who may have changed since it was recorded.
      billedByBillingPractitioner: practitioner.npi !== null ? service.billedByNpi === practitioner.npi : service.billedByBillingPractitioner,
      minutes: service.minutes,
      startedAt: service.startedAt ?? null,
      endedAt: service.endedAt ?? null,
    })),
    behaviouralHealth: behaviouralHealthIn(patient, month, apcmBehaviouralHealth),
    monthClose: { closedAt, otherFactsAmendedAfterClose: amendedAfterClose },
  };
}

/**
 * Behavioural health integration under APCM in the month (policies.ts): the practice provides it and an APCM patient
 * has a behavioural-health diagnosis (ICD-10-CM F01–F99) active that month. The patient's first month of it is the
 * earliest month since enrolment in which such a diagnosis was active.
 */
function behaviouralHealthIn(patient: BillingPatient, month: string, model: BehaviouralHealthModel | null): BehaviouralHealthFact | null {
  if (model === null || patient.program !== 'APCM') return null;
  const enrolledMonth = patient.enrolledOn.slice(0, 7);
  const activeFrom = patient.conditions
    .filter((condition) => isBehaviouralHealthDiagnosis(condition.icd10))
    .map((condition) => ({
      from: [(condition.onset ?? condition.recordedOn).slice(0, 7), enrolledMonth].sort()[1],
      until: condition.resolvedOn?.slice(0, 7) ?? null,
    }))
    .filter(({ from, until }) => until === null || until >= from);
  if (!activeFrom.some(({ from, until }) => from <= month && (until === null || until >= month))) return null;
  const firstMonth = activeFrom.map(({ from }) => from).sort()[0];
  return { model, firstMonth: firstMonth === month };
}

/**
 * The diagnoses a claim for the month names: the ICD-10-CM codes of the conditions that qualified for the program on
 * some day of the month, in the order they were recorded, at most four (a claim line points to up to four).
 */
export function claimDiagnoses(patient: BillingPatient, month: string, rules: RuleSet): string[] {
  const rule: EligibilityRule = patient.program === 'APCM' ? rules.apcm.multipleConditions : rules.eligibility[patient.program];
  const first = `${month}-01`;
  const last = lastDayOfMonth(month);
  const codes = patient.conditions
    .filter((condition) => condition.placesAtSignificantRisk && condition.expectedDurationMonths >= rule.minExpectedDurationMonths)
    .filter((condition) => (condition.onset ?? condition.recordedOn) <= last && (condition.resolvedOn === null || condition.resolvedOn >= first))
    .map((condition) => condition.icd10);
  return [...new Set(codes)].slice(0, 4);
}
