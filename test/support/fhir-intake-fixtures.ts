/**
 * US Core R4 resources of an EHR's export, made for these tests: three patients (matched by MBI, by MBI and medical
 * record number, by medical record number only), problem-list items and health concerns of every clinical status,
 * Medicare fee-for-service and Medicare Advantage coverages, medication statements and requests, and resources the
 * importer must refuse (each with the reason it should give).
 */
import type { Bundle, FhirResource } from 'fhir/r4';

const MRN_TYPE = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR', display: 'Medical record number' }] };
const EHR_MRN = 'urn:oid:1.2.840.114350.1.13.0.1.7.5.737384.14';
const US_CORE = (profile: string) => ({ profile: [`http://hl7.org/fhir/us/core/StructureDefinition/${profile}`] });

export const MBI = { voss: '1EG4TE5MK72', bell: '2HX7KM3PQ41' };

const patient = (id: string, family: string, given: string[], birthDate: string, identifiers: { mbi?: string; mrn?: string }): FhirResource => ({
  resourceType: 'Patient',
  id,
  meta: US_CORE('us-core-patient'),
  identifier: [
    ...(identifiers.mrn ? [{ use: 'usual' as const, type: MRN_TYPE, system: EHR_MRN, value: identifiers.mrn }] : []),
    ...(identifiers.mbi ? [{ system: 'http://hl7.org/fhir/sid/us-mbi', value: identifiers.mbi }] : []),
  ],
  name: [{ use: 'official', family, given }],
  gender: 'female',
  birthDate,
  address: [{ line: ['12 Orchard Lane'], city: 'Albany', state: 'NY', postalCode: '12203' }],
});

type ConditionOptions = {
  category?: string;
  status?: string;
  onset?: string;
  abatement?: string;
  verification?: string;
  codeSystem?: string;
  subject?: string;
};
const condition = (id: string, patientId: string, code: string, display: string, options: ConditionOptions = {}): FhirResource => ({
  resourceType: 'Condition',
  id,
  meta: US_CORE('us-core-condition-problems-health-concerns'),
  clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: options.status ?? 'active' }] },
  verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: options.verification ?? 'confirmed' }] },
  // US Core puts health-concern in its own code system; the other categories are HL7's.
  category: [
    {
      coding: [
        {
          system:
            options.category === 'health-concern'
              ? 'http://hl7.org/fhir/us/core/CodeSystem/condition-category'
              : 'http://terminology.hl7.org/CodeSystem/condition-category',
          code: options.category ?? 'problem-list-item',
        },
      ],
    },
  ],
  code: { coding: [{ system: options.codeSystem ?? 'http://hl7.org/fhir/sid/icd-10-cm', code, display }], text: display },
  subject: { reference: options.subject ?? `Patient/${patientId}` },
  ...(options.onset ? { onsetDateTime: options.onset } : {}),
  ...(options.abatement ? { abatementDateTime: options.abatement } : {}),
  recordedDate: '2025-11-04',
});

const coverage = (id: string, patientId: string, type: { code: string; display: string }, extra: Record<string, unknown> = {}): FhirResource =>
  ({
    resourceType: 'Coverage',
    id,
    meta: { ...US_CORE('us-core-coverage'), lastUpdated: '2026-03-20T15:00:00Z' },
    status: 'active',
    type: { coding: [{ system: 'urn:oid:2.16.840.1.113883.3.221.5', ...type }] },
    subscriberId: 'x',
    beneficiary: { reference: `Patient/${patientId}` },
    relationship: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/subscriber-relationship', code: 'self' }] },
    payor: [{ display: 'Centers for Medicare & Medicaid Services' }],
    ...extra,
  }) as FhirResource;

const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';

/** The resources in the order of an NDJSON export: patients first, then what is about them, broken ones in between. */
export const INTAKE_RESOURCES: unknown[] = [
  patient('pat-voss', 'Voss', ['Eleanor', 'M'], '1947-09-14', { mbi: MBI.voss }),
  patient('pat-bell', 'Bell', ['Marcus'], '1951-01-30', { mbi: MBI.bell, mrn: 'E4471902' }),
  patient('pat-lucero', 'Lucero', ['Ana'], '1944-06-02', { mrn: 'E5520187' }),
  // Refused: no birthDate; an MBI that is not one.
  { resourceType: 'Patient', id: 'pat-nobirth', name: [{ family: 'Nobirth', given: ['Nora'] }], identifier: [{ system: EHR_MRN, value: 'E000001' }] },
  patient('pat-badmbi', 'Badmbi', ['Bob'], '1950-01-01', { mbi: '123-45-6789' }),

  condition('cond-voss-dm', 'pat-voss', 'E11.9', 'Type 2 diabetes mellitus without complications', { onset: '2012-04' }),
  condition('cond-voss-htn', 'pat-voss', 'I10', 'Essential (primary) hypertension', { onset: '2009-10-01' }),
  condition('cond-voss-ckd', 'pat-voss', 'N18.4', 'Chronic kidney disease, stage 4 (severe)', { category: 'health-concern', onset: '2021-02-17' }),
  condition('cond-voss-uri', 'pat-voss', 'J06.9', 'Acute upper respiratory infection, unspecified', {
    status: 'resolved',
    onset: '2025-12-01',
    abatement: '2025-12-15',
  }),
  condition('cond-bell-hf', 'pat-bell', 'I50.22', 'Chronic systolic (congestive) heart failure', { status: 'recurrence', onset: '2018-05-05' }),
  condition('cond-bell-dep', 'pat-bell', 'F32.A', 'Depression, unspecified'),
  condition('cond-bell-oa', 'pat-bell', 'M17.11', 'Unilateral primary osteoarthritis, right knee', { status: 'remission' }),
  condition('cond-bell-smoke', 'pat-bell', 'Z87.891', 'Personal history of nicotine dependence', { status: 'inactive' }),
  condition('cond-lucero-asthma', 'pat-lucero', 'J45.40', 'Moderate persistent asthma, uncomplicated', { status: 'relapse', onset: '1990' }),
  // Refused: SNOMED only; an encounter diagnosis; entered in error; a patient not in the import.
  condition('cond-snomed', 'pat-voss', '44054006', 'Diabetes mellitus type 2', { codeSystem: 'http://snomed.info/sct' }),
  condition('cond-encounter', 'pat-voss', 'R05.9', 'Cough, unspecified', { category: 'encounter-diagnosis' }),
  condition('cond-error', 'pat-bell', 'E78.5', 'Hyperlipidemia, unspecified', { verification: 'entered-in-error' }),
  condition('cond-orphan', 'pat-nobody', 'E11.9', 'Type 2 diabetes mellitus', { subject: 'Patient/pat-nobody' }),

  coverage(
    'cov-voss',
    'pat-voss',
    { code: '121', display: 'Medicare Fee For Service' },
    {
      class: [
        { type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/coverage-class', code: 'plan' }] }, value: 'Part B', name: 'Medicare Part B' },
      ],
    },
  ),
  coverage('cov-bell', 'pat-bell', { code: '111', display: 'Medicare HMO' }, { payor: [{ display: 'Humana Gold Plus HMO' }] }),
  // Refused: not Medicare; cancelled.
  coverage('cov-lucero-medicaid', 'pat-lucero', { code: '2', display: 'MEDICAID' }),
  { ...(coverage('cov-voss-old', 'pat-voss', { code: '121', display: 'Medicare Fee For Service' }) as object), status: 'cancelled' },

  {
    resourceType: 'MedicationStatement',
    id: 'ms-voss-metformin',
    status: 'active',
    dateAsserted: '2026-02-11',
    medicationCodeableConcept: {
      coding: [{ system: RXNORM, code: '860975', display: 'metformin hydrochloride 500 MG Extended Release Oral Tablet' }],
      text: 'Metformin ER 500 mg',
    },
    subject: { reference: 'Patient/pat-voss' },
  },
  {
    resourceType: 'MedicationRequest',
    id: 'mr-voss-lisinopril',
    status: 'active',
    intent: 'order',
    authoredOn: '2026-01-08',
    medicationCodeableConcept: { coding: [{ system: RXNORM, code: '314076', display: 'lisinopril 10 MG Oral Tablet' }] },
    subject: { reference: 'Patient/pat-voss' },
  },
  {
    resourceType: 'MedicationStatement',
    id: 'ms-bell-furosemide',
    status: 'active',
    medicationCodeableConcept: { coding: [{ system: RXNORM, code: '310429', display: 'furosemide 20 MG Oral Tablet' }] },
    subject: { reference: 'Patient/pat-bell' },
  },
  // Refused: medication by reference; an unsupported resource type; no id.
  {
    resourceType: 'MedicationRequest',
    id: 'mr-ref',
    status: 'active',
    intent: 'order',
    medicationReference: { reference: 'Medication/med-1' },
    subject: { reference: 'Patient/pat-bell' },
  },
  { resourceType: 'Observation', id: 'obs-a1c', status: 'final', code: { text: 'HbA1c' }, subject: { reference: 'Patient/pat-voss' } },
  { resourceType: 'Condition', code: { text: 'no id' } },
];

/** What the importer must say of each refused resource (resource id → a fragment of the reason). */
export const EXPECTED_REJECTIONS: Record<string, RegExp> = {
  'pat-nobirth': /birthDate/,
  'pat-badmbi': /not a valid Medicare Beneficiary Identifier/,
  'cond-snomed': /no ICD-10-CM code/,
  'cond-encounter': /neither a problem-list-item nor a health-concern/,
  'cond-error': /entered-in-error/,
  'cond-orphan': /not in this import or an earlier one/,
  'cov-lucero-medicaid': /not a Medicare coverage/,
  'cov-voss-old': /cancelled/,
  'mr-ref': /by reference/,
  'obs-a1c': /Observation is not imported/,
};

/** Bulk Data NDJSON: one resource a line, with one line that is not JSON (line 7). */
export function intakeNdjson(): string {
  const lines = INTAKE_RESOURCES.map((resource) => JSON.stringify(resource));
  lines.splice(6, 0, '{"resourceType": "Condition", "id": "broken"');
  return `${lines.join('\n')}\n`;
}

export function intakeBundle(): Bundle {
  return { resourceType: 'Bundle', type: 'collection', entry: INTAKE_RESOURCES.map((resource) => ({ resource: resource as FhirResource })) };
}

/**
 * An export longer than one page of the importer (`pageSize` lines): `pairs` patients each followed by a problem-list
 * Condition, then at the page's last two lines a patient and a second Patient resource of the same medical record
 * number (the same person under another FHIR id), whose Conditions open the next page, followed by a Condition of a
 * patient the file never names and a line that is not JSON.
 */
export function multiPageNdjson(pageSize: number): { ndjson: string; pairs: number; lastLines: { unknownSubject: number; notJson: number } } {
  const pairs = (pageSize - 2) / 2;
  if (!Number.isInteger(pairs)) throw new Error('multiPageNdjson wants an even page size');
  const resources: unknown[] = [];
  for (let n = 0; n < pairs; n++) {
    resources.push(patient(`page-p${n}`, `Page${n}`, ['Test'], '1950-02-03', { mrn: `PG${n}` }));
    resources.push(condition(`page-p${n}-c`, `page-p${n}`, 'E11.9', 'Type 2 diabetes mellitus'));
  }
  resources.push(patient('page-last', 'Whitfield', ['Nora'], '1944-07-19', { mrn: 'PG-LAST' }));
  resources.push(patient('page-last-alias', 'Whitfield', ['Nora'], '1944-07-19', { mrn: 'PG-LAST' }));
  resources.push(condition('page-last-c', 'page-last', 'I10', 'Essential hypertension'));
  resources.push(condition('page-last-alias-c', 'page-last-alias', 'N18.3', 'Chronic kidney disease, stage 3'));
  resources.push(condition('page-nobody-c', 'page-nobody', 'I10', 'Essential hypertension'));
  const lines = resources.map((resource) => JSON.stringify(resource));
  lines.push('{"resourceType": "Condition", "id": ');
  return { ndjson: `${lines.join('\n')}\n`, pairs, lastLines: { unknownSubject: lines.length - 1, notJson: lines.length } };
}

/** A Patient resource of one medical record number and the given MBI (to change a patient's MBI from the EHR). */
export const patientWithMbi = (id: string, mrn: string, mbi: string) => JSON.stringify(patient(id, 'Castillo', ['Iris'], '1947-11-30', { mrn, mbi }));
