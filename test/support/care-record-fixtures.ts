/**
 * Care-record fixtures for E2E tests over GraphQL: the documents (with fragments selecting every field), input
 * builders with realistic defaults (March 2026, New York), and `seedPractice`, which configures a practice of its
 * own with a staff registry and tokens for every role. Audit and billing suites reuse them.
 *
 * Dates default to March 2026: pin the app's clock with `CARE_RECORD_CLOCK` for deterministic "now" defaults, or
 * run on the system clock (any later date works, the inputs lie in the past).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Clock } from '../../src/kernel/clock';
import type { StaffMemberState } from '../../src/practice/practice.decider';
import { newCommandId, type GraphQLResponse, type TestApp } from './app-harness';
import { STAFF } from './care-record-events';

/** 10:00 on 1 April 2026 in New York: March is over and every default below lies before it. */
export const CARE_RECORD_NOW = new Date('2026-04-01T14:00:00Z');
export const CARE_RECORD_CLOCK: Clock = { now: () => CARE_RECORD_NOW };

// ---- Documents ---------------------------------------------------------------------------------------------------

export const CARE_ACTIVITY_FIELDS = `fragment CareActivityFields on CareActivity {
  id patientId kind performedBy performerName credential startedAt minutes direction summary status month source complexMedicalDecisionMaking
  amendments { action reason by minutes startedAt summary }
}`;

export const RECONCILIATION_FIELDS = `fragment ReconciliationFields on MedicationReconciliation {
  id patientId reconciledAt performedBy credential minutes discrepancies
  medications { name dose frequency prescriber source active }
}`;

export const PATIENT_FIELDS = `fragment PatientFields on Patient {
  id practiceId name birthDate medicareId payerId program enrolledOn qmb billingPractitionerId lastInitiatingVisit version
  conditions { icd10 description onset expectedDurationMonths active placesAtSignificantRisk resolvedOn }
  eligibility { eligible program reasons }
  consent { given method givenAt recordedBy revokedAt revocationReason documentReference billingPractitionerId }
  consentHistory { given method givenAt recordedBy revokedAt revocationReason documentReference billingPractitionerId }
  carePlan {
    version problems goals interventions medicationManagement coordinationNotes reviewBy sharedWithPatientAt lastRevisedAt
    expectedOutcomes symptomManagement communityResources effectiveAt createdBy sharedVersion
    revisions { version effectiveAt substantial reason revisedBy credential changed }
  }
  medications { name dose frequency prescriber source active }
  medicationReconciliations { ...ReconciliationFields }
  initiatingVisits { visitDate practitionerId credential kind }
  externalServices { serviceDate cptCode billedByNpi billedByBillingPractitioner minutes }
}
${RECONCILIATION_FIELDS}`;

const patientMutation = (field: string, inputType: string) =>
  `mutation($input: ${inputType}!) { ${field}(input: $input) { ...PatientFields } }\n${PATIENT_FIELDS}`;
const activityMutation = (field: string, inputType: string) =>
  `mutation($input: ${inputType}!) { ${field}(input: $input) { ...CareActivityFields } }\n${CARE_ACTIVITY_FIELDS}`;

export const ENROLL_PATIENT = patientMutation('enrollPatient', 'EnrollPatientInput');
export const CHANGE_BILLING_PRACTITIONER = patientMutation('changeBillingPractitioner', 'ChangeBillingPractitionerInput');
export const RECORD_CHRONIC_CONDITION = patientMutation('recordChronicCondition', 'RecordChronicConditionInput');
export const RESOLVE_CHRONIC_CONDITION = patientMutation('resolveChronicCondition', 'ResolveChronicConditionInput');
export const RECORD_INITIATING_VISIT = patientMutation('recordInitiatingVisit', 'RecordInitiatingVisitInput');
export const RECORD_EXTERNAL_SERVICE = patientMutation('recordExternalService', 'RecordExternalServiceInput');
export const GIVE_CONSENT = patientMutation('giveConsent', 'GiveConsentInput');
export const REVOKE_CONSENT = patientMutation('revokeConsent', 'RevokeConsentInput');
export const CREATE_CARE_PLAN = patientMutation('createCarePlan', 'CreateCarePlanInput');
export const REVISE_CARE_PLAN = patientMutation('reviseCarePlan', 'ReviseCarePlanInput');
export const SHARE_CARE_PLAN = patientMutation('shareCarePlanWithPatient', 'ShareCarePlanInput');
export const LOG_CALL = activityMutation('logCall', 'LogCallInput');
export const CORRECT_CALL = activityMutation('correctCall', 'CorrectCallInput');
export const VOID_CALL = activityMutation('voidCall', 'VoidCallInput');
export const RECONCILE_MEDICATIONS = `mutation($input: ReconcileMedicationsInput!) { reconcileMedications(input: $input) { ...ReconciliationFields } }\n${RECONCILIATION_FIELDS}`;

/** One patient with every field, and its activities of `month` (all months when null). */
export const PATIENT_QUERY = `query($id: ID!, $month: YearMonth) {
  patient(id: $id) { ...PatientFields activities(month: $month) { ...CareActivityFields } }
}
${PATIENT_FIELDS}
${CARE_ACTIVITY_FIELDS}`;

export const PATIENTS_QUERY = `query($first: Int, $after: String, $filter: PatientFilter) {
  patients(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor hasPreviousPage startCursor }
    edges { cursor node { id name medicareId eligibility { eligible } consent { given } } }
  }
}`;

// ---- Inputs (each with a fresh commandId; pass overrides for anything else) ---------------------------------------

type Overrides = Record<string, unknown>;
export const newPatientId = () => randomUUID();

const MBI_LETTERS = 'ACDEFGHJKMNPQRTUVWXY';
const MBI_ALPHANUMERICS = `0123456789${MBI_LETTERS}`;

/**
 * A valid MBI of the patient's own (derived from its id): a practice enrols one record per beneficiary, so
 * patients seeded side by side need different MBIs. Stored as it is returned (upper case, no dashes).
 */
export function testMedicareId(patientId: string): string {
  const bytes = createHash('sha256').update(patientId).digest();
  const pick = (alphabet: string, index: number) => alphabet[bytes[index] % alphabet.length];
  const digit = (index: number) => pick('0123456789', index);
  const letter = (index: number) => pick(MBI_LETTERS, index);
  return `${pick('123456789', 0)}${letter(1)}${pick(MBI_ALPHANUMERICS, 2)}${digit(3)}${letter(4)}${pick(MBI_ALPHANUMERICS, 5)}${digit(6)}${letter(7)}${letter(8)}${digit(9)}${digit(10)}`;
}

export const enrollInput = (patientId: string, overrides: Overrides = {}) => ({
  commandId: newCommandId(),
  patientId,
  name: 'Rosa Martinez',
  birthDate: '1948-05-02',
  medicareId: testMedicareId(patientId),
  program: 'CCM',
  qmb: false,
  billingPractitionerId: STAFF.drA.staffId,
  enrolledOn: '2026-03-01',
  ...overrides,
});

export const conditionInput = (patientId: string, overrides: Overrides = {}) => ({
  commandId: newCommandId(),
  patientId,
  icd10: 'E11.9',
  description: 'Type 2 diabetes mellitus without complications',
  onset: '2018-06-01',
  expectedDurationMonths: 120,
  placesAtSignificantRisk: true,
  ...overrides,
});

export const initiatingVisitInput = (patientId: string, overrides: Overrides = {}) => ({
  commandId: newCommandId(),
  patientId,
  visitDate: '2026-02-20',
  practitionerId: STAFF.drA.staffId,
  kind: 'AWV',
  ...overrides,
});

export const externalServiceInput = (patientId: string, overrides: Overrides = {}) => ({
  commandId: newCommandId(),
  patientId,
  serviceDate: '2026-03-05',
  cptCode: '99495',
  billedByNpi: STAFF.drA.npi,
  ...overrides,
});

export const consentInput = (patientId: string, overrides: Overrides = {}) => ({
  commandId: newCommandId(),
  patientId,
  method: 'VERBAL',
  givenAt: '2026-03-02T09:00:00-05:00',
  explainedCostSharing: true,
  explainedRightToStop: true,
  explainedSinglePractitioner: true,
  ...overrides,
});

export const carePlanInput = (patientId: string, overrides: Overrides = {}) => ({
  commandId: newCommandId(),
  patientId,
  problems: ['Type 2 diabetes with poor glycaemic control', 'Essential hypertension'],
  expectedOutcomes: 'HbA1c below 8% and blood pressure below 140/90 within six months',
  goals: ['HbA1c < 8%', 'BP < 140/90'],
  symptomManagement: 'Hypoglycaemia action plan; home blood pressure log reviewed at each call',
  interventions: ['Monthly nurse call', 'Dietitian referral'],
  medicationManagement: 'Metformin and lisinopril adherence reviewed at every call',
  communityResources: 'Senior centre diabetes education group',
  reviewBy: '2026-09-01',
  effectiveAt: '2026-03-03T10:00:00-05:00',
  ...overrides,
});

export const shareCarePlanInput = (patientId: string, overrides: Overrides = {}) => ({
  commandId: newCommandId(),
  patientId,
  sharedAt: '2026-03-03T11:00:00-05:00',
  channel: 'patient portal',
  ...overrides,
});

export const callInput = (patientId: string, overrides: Overrides = {}) => ({
  commandId: newCommandId(),
  patientId,
  activityId: randomUUID(),
  kind: 'PATIENT_CALL',
  performedBy: STAFF.rnB.staffId,
  startedAt: '2026-03-10T10:00:00-04:00',
  minutes: 20,
  direction: 'OUTBOUND',
  summary: 'Reviewed glucose log and diet; reinforced hypoglycaemia plan',
  ...overrides,
});

export const reconcileInput = (patientId: string, overrides: Overrides = {}) => ({
  commandId: newCommandId(),
  patientId,
  performedBy: STAFF.rnB.staffId,
  reconciledAt: '2026-03-18T14:00:00-04:00',
  medications: [
    { name: 'Metformin', dose: '500 mg', frequency: 'twice daily', prescriber: STAFF.drA.name, source: 'pill bottles' },
    { name: 'Lisinopril', dose: '10 mg', frequency: 'once daily' },
  ],
  discrepancies: ['Patient stopped atorvastatin on her own'],
  minutes: 15,
  ...overrides,
});

// ---- Seeding -------------------------------------------------------------------------------------------------------

export interface SeededPractice {
  practiceId: string;
  timeZone: string;
  /** Tokens of the practice's users; staff tokens carry the staff id as subject. */
  tokens: {
    admin: string;
    /** dr-a, MD, the default billing practitioner. */
    practitioner: string;
    /** np-c, NP. */
    otherPractitioner: string;
    /** rn-b, RN, CARE_MANAGER. */
    nurse: string;
    billing: string;
    compliance: string;
    /** A payer's user: never sees the care record. */
    payer: string;
  };
}

/** Runs a mutation and returns its data, failing loudly (with the errors) when it was refused. */
export async function mutate<T = Record<string, any>>(app: TestApp, document: string, input: object, token: string): Promise<T> {
  const response: GraphQLResponse<T> = await app.gql<T>(document, { input }, token);
  if (response.errors || !response.data) throw new Error(`mutation refused: ${JSON.stringify(response.errors)}`);
  return response.data;
}

const CONFIGURE_PRACTICE = `mutation($input: ConfigurePracticeInput!) { configurePractice(input: $input) { id } }`;
const REGISTER_STAFF = `mutation($input: RegisterStaffMemberInput!) { registerStaffMember(input: $input) { id } }`;
const DEACTIVATE_STAFF = `mutation($input: DeactivateStaffMemberInput!) { deactivateStaffMember(input: $input) { id } }`;

/**
 * A practice of its own (a fresh id unless given), configured in New York, with the staff of
 * care-record-events' STAFF registered (dr-gone registered, then deactivated) and a token per role.
 */
export async function seedPractice(app: TestApp, options: { practiceId?: string; timeZone?: string } = {}): Promise<SeededPractice> {
  const practiceId = options.practiceId ?? `practice-${randomUUID().slice(0, 8)}`;
  const timeZone = options.timeZone ?? 'America/New_York';
  const token = (sub: string, role: 'ADMIN' | 'CARE_MANAGER' | 'PRACTITIONER' | 'BILLING' | 'COMPLIANCE_OFFICER') =>
    app.token({ sub, roles: [role], practiceId });
  const tokens: SeededPractice['tokens'] = {
    admin: await token('admin-1', 'ADMIN'),
    practitioner: await token(STAFF.drA.staffId, 'PRACTITIONER'),
    otherPractitioner: await token(STAFF.npC.staffId, 'PRACTITIONER'),
    nurse: await token(STAFF.rnB.staffId, 'CARE_MANAGER'),
    billing: await token('billing-1', 'BILLING'),
    compliance: await token('compliance-1', 'COMPLIANCE_OFFICER'),
    payer: await app.token({ sub: 'payer-user-1', roles: ['PAYER'], payerId: 'payer-1' }),
  };
  await mutate(
    app,
    CONFIGURE_PRACTICE,
    { commandId: newCommandId(), name: 'Maple Family Medicine', timeZone, npi: '1234567893', taxId: '12-3456789' },
    tokens.admin,
  );
  for (const member of Object.values(STAFF) as StaffMemberState[]) {
    const { staffId, name, credential, npi } = member;
    await mutate(app, REGISTER_STAFF, { commandId: newCommandId(), staffId, name, credential, npi }, tokens.admin);
    if (!member.active) await mutate(app, DEACTIVATE_STAFF, { commandId: newCommandId(), staffId, reason: 'left the practice' }, tokens.admin);
  }
  return { practiceId, timeZone, tokens };
}

/**
 * A CCM patient ready for care management: enrolled, two qualifying conditions (E11.9, I10) and an initiating
 * visit by the billing practitioner. Returns the patient id.
 */
export async function seedEligiblePatient(app: TestApp, practice: SeededPractice, enrollOverrides: Overrides = {}): Promise<string> {
  const patientId = newPatientId();
  const { nurse, admin } = practice.tokens;
  await mutate(app, ENROLL_PATIENT, enrollInput(patientId, enrollOverrides), admin);
  await mutate(app, RECORD_CHRONIC_CONDITION, conditionInput(patientId), nurse);
  await mutate(app, RECORD_CHRONIC_CONDITION, conditionInput(patientId, { icd10: 'I10', description: 'Essential hypertension', onset: '2015-01-01' }), nurse);
  await mutate(app, RECORD_INITIATING_VISIT, initiatingVisitInput(patientId), admin);
  return patientId;
}
