/**
 * Care-record events a billing test needs beyond the care record's own builders (care-record-events.ts), and a
 * patient whose March 2026 is claim-ready at 99490 once 20 minutes are logged: enrolled in p1 (New York) with two
 * qualifying conditions, seen by Dr A in February, consent on 2 March, care plan created on 3 March and shared on
 * the 4th.
 */
import type { CallCorrected, CallVoided, CareActivityAttested } from '../../src/care-activities/care-activity.events';
import type { CarePlanRevised, CarePlanSharedWithPatient } from '../../src/care-plans/care-plan.events';
import type { ConsentRevoked } from '../../src/consent/consent.events';
import type { CoverageVerified, PatientUnenrolled } from '../../src/enrolment/enrolment.events';
import type { MedicationReconciled } from '../../src/medications/medication.events';
import type { BillingPractitionerChanged, ExternalServiceRecorded, InitiatingVisitRecorded } from '../../src/patients/patient.events';
import type { BillingProjectionHarness } from './billing-projection-harness';
import { carePlanCreated, conditionRecorded, consentGiven, enrolled, PATIENT_ID, PRACTICE_ID, snapshot, STAFF } from './care-record-events';

const ids = (patientId: string) => ({ patientId, practiceId: PRACTICE_ID });

export const initiatingVisit = (patientId = PATIENT_ID, overrides: Partial<InitiatingVisitRecorded['data']> = {}): InitiatingVisitRecorded => ({
  type: 'InitiatingVisitRecorded',
  data: { ...ids(patientId), visitDate: '2026-02-10', practitioner: snapshot(STAFF.drA), kind: 'E/M', ...overrides },
});

export const carePlanShared = (patientId = PATIENT_ID, overrides: Partial<CarePlanSharedWithPatient['data']> = {}): CarePlanSharedWithPatient => ({
  type: 'CarePlanSharedWithPatient',
  data: { ...ids(patientId), version: 1, sharedAt: '2026-03-04T15:00:00.000Z', channel: 'patient portal', sharedBy: 'rn-b', ...overrides },
});

export const carePlanRevised = (patientId = PATIENT_ID, overrides: Partial<CarePlanRevised['data']> = {}): CarePlanRevised => ({
  type: 'CarePlanRevised',
  data: {
    ...ids(patientId),
    version: 2,
    substantial: true,
    changes: {
      problems: null,
      expectedOutcomes: null,
      goals: null,
      symptomManagement: null,
      interventions: ['Weekly nurse call'],
      medicationManagement: null,
      communityResources: null,
      coordinationNotes: null,
      reviewBy: null,
    },
    reason: 'Admission for hyperglycaemia',
    effectiveAt: '2026-03-12T15:00:00.000Z',
    revisedBy: snapshot(STAFF.drA),
    ...overrides,
  },
});

export const consentRevoked = (patientId = PATIENT_ID, revokedAt = '2026-03-20T15:00:00.000Z'): ConsentRevoked => ({
  type: 'ConsentRevoked',
  data: { ...ids(patientId), revokedAt, reason: 'Patient declined further calls', recordedBy: 'rn-b' },
});

export const callCorrected = (activityId: string, overrides: Partial<CallCorrected['data']> = {}, patientId = PATIENT_ID): CallCorrected => ({
  type: 'CallCorrected',
  data: {
    ...ids(patientId),
    activityId,
    minutes: null,
    startedAt: null,
    summary: null,
    month: '2026-03',
    reason: 'Typed the wrong value',
    correctedBy: 'rn-b',
    ...overrides,
  },
});

export const callVoided = (activityId: string, patientId = PATIENT_ID): CallVoided => ({
  type: 'CallVoided',
  data: { ...ids(patientId), activityId, reason: 'Logged on the wrong patient', voidedBy: 'rn-b' },
});

/** Dr A attests an entry someone else documented for them. */
export const careActivityAttested = (activityId: string, patientId = PATIENT_ID): CareActivityAttested => ({
  type: 'CareActivityAttested',
  data: { ...ids(patientId), activityId, attestedBy: snapshot(STAFF.drA), statement: 'I performed this call' },
});

export const medicationReconciled = (patientId = PATIENT_ID, overrides: Partial<MedicationReconciled['data']> = {}): MedicationReconciled => ({
  type: 'MedicationReconciled',
  data: {
    ...ids(patientId),
    reconciliationId: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a',
    performer: snapshot(STAFF.rnB),
    reconciledAt: '2026-03-16T14:00:00.000Z',
    medications: [{ name: 'Metformin', dose: '500 mg', frequency: 'twice daily', prescriber: 'Dr A', source: 'bottles' }],
    discrepancies: [],
    minutes: 15,
    month: '2026-03',
    ...overrides,
  },
});

export const externalService = (patientId = PATIENT_ID, overrides: Partial<ExternalServiceRecorded['data']> = {}): ExternalServiceRecorded => ({
  type: 'ExternalServiceRecorded',
  data: {
    ...ids(patientId),
    serviceDate: '2026-03-05',
    cptCode: '99490',
    billedByNpi: '1003000126',
    billedByBillingPractitioner: false,
    minutes: null,
    ...overrides,
  },
});

export const billingPractitionerChanged = (patientId = PATIENT_ID): BillingPractitionerChanged => ({
  type: 'BillingPractitionerChanged',
  data: { ...ids(patientId), billingPractitioner: snapshot(STAFF.npC), previousBillingPractitionerId: 'dr-a', reason: 'Dr A retired' },
});

/** Records a patient ready to bill March 2026 (it only lacks minutes). */
export const coverageVerified = (patientId: string, verifiedAt = '2026-03-01T14:30:00.000Z'): CoverageVerified => ({
  type: 'CoverageVerified',
  data: {
    ...ids(patientId),
    verifiedAt,
    source: 'HETS 270/271',
    partB: true,
    medicareAdvantagePlan: null,
    secondaryCoversCostSharing: null,
    qmb: false,
    provenance: null,
  },
});

export const unenrolled = (patientId: string, effectiveOn: string): PatientUnenrolled => ({
  type: 'PatientUnenrolled',
  data: { ...ids(patientId), effectiveOn, reason: 'PATIENT_REQUEST', note: null },
});

export function recordReadyPatient(harness: BillingProjectionHarness, patientId = PATIENT_ID): void {
  const p = ids(patientId);
  harness
    .record(enrolled(p), { occurredAt: '2026-03-01T14:00:00.000Z' })
    .record(coverageVerified(patientId), { occurredAt: '2026-03-01T14:30:00.000Z' })
    .record(conditionRecorded('E11.9', p))
    .record(conditionRecorded('I10', p))
    .record(initiatingVisit(patientId), { occurredAt: '2026-02-10T15:00:00.000Z', recordedAt: '2026-03-01T15:00:00.000Z' })
    .record(consentGiven(p), { occurredAt: '2026-03-02T14:00:00.000Z' })
    .record(carePlanCreated(p), { occurredAt: '2026-03-03T15:00:00.000Z' })
    .record(carePlanShared(patientId), { occurredAt: '2026-03-04T15:00:00.000Z' });
}
