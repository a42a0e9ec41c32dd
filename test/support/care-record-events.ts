/**
 * Builders for decider specs of the care record: a practice context, the patient events a history is made of,
 * and commands on the patient's stream. Defaults describe one realistic patient of "p1" in New York; every
 * builder takes overrides. The decider-specification clock reads 2026-03-15T12:00:00Z.
 */
import type { CallLogged } from '../../src/care-activities/care-activity.events';
import type { CarePlanCreated } from '../../src/care-plans/care-plan.events';
import type { ConsentGiven } from '../../src/consent/consent.events';
import type { CommandMetadata } from '../../src/kernel/decider';
import type { ChronicConditionRecorded, PatientEnrolled } from '../../src/patients/patient.events';
import type { PracticeContext, StaffSnapshot } from '../../src/patient-stream/practice-context';
import type { StaffMemberState } from '../../src/practice/practice.decider';
import { testMetadata } from './decider-specification';

export const PRACTICE_ID = 'p1';
export const PATIENT_ID = '6f1d3c2a-8b7e-4f6a-9c1d-2e3f4a5b6c7d';
export const TIME_ZONE = 'America/New_York';

const member = (staffId: string, name: string, credential: StaffMemberState['credential'], npi: string | null, active = true): StaffMemberState => ({
  staffId,
  name,
  credential,
  npi,
  active,
});

/** dr-a bills; np-c is another practitioner; rn-b a nurse; desk-d non-clinical; dr-gone has left. */
export const STAFF = {
  drA: member('dr-a', 'Dr Ada Alvarez', 'MD', '1234567893'),
  npC: member('np-c', 'Casey Chen NP', 'NP', '1987654328'),
  rnB: member('rn-b', 'Bea Brown RN', 'RN', null),
  deskD: member('desk-d', 'Dee Desk', 'NON_CLINICAL', null),
  drGone: member('dr-gone', 'Dr Gone', 'MD', '1555555550', false),
};

export const snapshot = ({ staffId, name, credential, npi }: StaffMemberState): StaffSnapshot => ({ staffId, name, credential, npi });

export const testPractice = (overrides: Partial<PracticeContext> = {}): PracticeContext => ({
  practiceId: PRACTICE_ID,
  timeZone: TIME_ZONE,
  staff: new Map(Object.values(STAFF).map((staff) => [staff.staffId, staff])),
  ...overrides,
});

export const asNurse = (now = '2026-03-15T12:00:00Z'): CommandMetadata => testMetadata({ now: new Date(now), actorId: 'rn-b', actorRoles: ['CARE_MANAGER'] });
export const asPractitioner = (now = '2026-03-15T12:00:00Z'): CommandMetadata =>
  testMetadata({ now: new Date(now), actorId: 'dr-a', actorRoles: ['PRACTITIONER'] });

/** A command on the default patient's stream, issued in p1 by the nurse unless said otherwise. */
export function patientCommand<Type extends string, Data extends object>(
  type: Type,
  data: Data,
  options: { practice?: PracticeContext; practiceId?: string; metadata?: CommandMetadata } = {},
) {
  return {
    type,
    data: { patientId: PATIENT_ID, practiceId: options.practiceId ?? PRACTICE_ID, ...data },
    practice: options.practice ?? testPractice(),
    metadata: options.metadata ?? asNurse(),
  };
}

const ids = { patientId: PATIENT_ID, practiceId: PRACTICE_ID };

export const enrolled = (overrides: Partial<PatientEnrolled['data']> = {}): PatientEnrolled => ({
  type: 'PatientEnrolled',
  data: {
    ...ids,
    name: 'Rosa Martinez',
    birthDate: '1948-05-02',
    medicareId: '1EG4TE5MK73',
    payerId: null,
    program: 'CCM',
    qmb: false,
    billingPractitioner: snapshot(STAFF.drA),
    enrolledOn: '2026-03-01',
    ...overrides,
  },
});

export const conditionRecorded = (icd10: string, overrides: Partial<ChronicConditionRecorded['data']> = {}): ChronicConditionRecorded => ({
  type: 'ChronicConditionRecorded',
  data: {
    ...ids,
    icd10,
    description: `Condition ${icd10}`,
    onset: '2019-01-01',
    expectedDurationMonths: 120,
    placesAtSignificantRisk: true,
    recordedOn: '2026-03-01',
    ...overrides,
  },
});

export const consentGiven = (overrides: Partial<ConsentGiven['data']> = {}): ConsentGiven => ({
  type: 'ConsentGiven',
  data: {
    ...ids,
    method: 'VERBAL',
    givenAt: '2026-03-02T14:00:00.000Z',
    recordedBy: 'rn-b',
    disclosures: { serviceAvailability: true, costSharing: true, singlePractitionerPerMonth: true, rightToStop: true },
    documentReference: null,
    billingPractitionerId: 'dr-a',
    ...overrides,
  },
});

export const carePlanCreated = (overrides: Partial<CarePlanCreated['data']> = {}): CarePlanCreated => ({
  type: 'CarePlanCreated',
  data: {
    ...ids,
    version: 1,
    problems: ['Type 2 diabetes with poor control', 'Hypertension'],
    expectedOutcomes: 'HbA1c below 8% within 6 months; blood pressure below 140/90',
    goals: ['HbA1c < 8%', 'BP < 140/90'],
    symptomManagement: 'Hypoglycaemia action plan; home BP log',
    interventions: ['Monthly nurse call', 'Dietitian referral'],
    medicationManagement: 'Metformin adherence review at every call',
    communityResources: null,
    coordinationNotes: null,
    reviewBy: '2026-09-01',
    effectiveAt: '2026-03-03T15:00:00.000Z',
    createdBy: snapshot(STAFF.drA),
    ...overrides,
  },
});

/** Documented by its performer unless `documentedBy` says otherwise. */
export const callLogged = (overrides: Partial<CallLogged['data']> = {}): CallLogged => ({
  type: 'CallLogged',
  data: {
    ...ids,
    activityId: '0b8f7e6d-5c4b-4a39-8281-706f5e4d3c2b',
    kind: 'PATIENT_CALL',
    performer: snapshot(STAFF.rnB),
    documentedBy: overrides.performer ?? snapshot(STAFF.rnB),
    startedAt: '2026-03-10T14:00:00.000Z',
    minutes: 20,
    direction: 'OUTBOUND',
    summary: 'Reviewed glucose log',
    source: 'MANUAL_ENTRY',
    complexMedicalDecisionMaking: false,
    month: '2026-03',
    ...overrides,
  },
});
