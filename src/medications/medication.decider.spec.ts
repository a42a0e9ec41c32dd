import { PATIENT_ID, STAFF, enrolled, patientCommand, snapshot } from '../../test/support/care-record-events';
import { given } from '../../test/support/decider-specification';
import { medicationDecider, medicationValidTime } from './medication.decider';
import type { MedicationReconciled } from './medication.events';

const ids = { patientId: PATIENT_ID, practiceId: 'p1' };
const RECONCILIATION = '3c2b1a09-8f7e-5d6c-9b4a-39281706f5e4';
const metformin = { name: 'Metformin', dose: '500 mg', frequency: 'twice daily', prescriber: 'Dr Ada Alvarez', source: 'pill bottles' };
const lisinopril = { name: 'Lisinopril', dose: '10 mg', frequency: null, prescriber: null, source: null };
const reconcile = (overrides: Record<string, unknown> = {}) =>
  patientCommand('ReconcileMedications', {
    reconciliationId: RECONCILIATION,
    performedBy: 'rn-b',
    reconciledAt: '2026-03-11T15:00:00.000Z',
    medications: [metformin, { name: 'Lisinopril', dose: '10 mg' }],
    discrepancies: ['Patient stopped atorvastatin on her own'],
    minutes: 15,
    ...overrides,
  });
const reconciled: MedicationReconciled = {
  type: 'MedicationReconciled',
  data: {
    ...ids,
    reconciliationId: RECONCILIATION,
    performer: snapshot(STAFF.rnB),
    documentedBy: snapshot(STAFF.rnB),
    reconciledAt: '2026-03-11T15:00:00.000Z',
    medications: [metformin, lisinopril],
    discrepancies: ['Patient stopped atorvastatin on her own'],
    minutes: 15,
    month: '2026-03',
  },
};

describe('medication decider', () => {
  it('records the reconciled list, discrepancies, minutes, performer as registered and month in the practice zone', () =>
    given(medicationDecider, [enrolled()]).when(reconcile()).then([reconciled]));

  it('records a reconciliation without minutes or discrepancies', () =>
    given(medicationDecider, [enrolled()])
      .when(reconcile({ minutes: null, discrepancies: null, medications: [] }))
      .then([{ ...reconciled, data: { ...reconciled.data, minutes: null, discrepancies: [], medications: [] } }]));

  it('keeps the reconciliation in the record, and its minutes as a MEDICATION_MANAGEMENT activity', () => {
    const { state } = given(medicationDecider, [enrolled(), reconciled]);
    expect(state.medicationReconciliations).toEqual([expect.objectContaining({ reconciliationId: RECONCILIATION, medications: [metformin, lisinopril] })]);
    expect(state.activities).toEqual([expect.objectContaining({ id: RECONCILIATION, kind: 'MEDICATION_MANAGEMENT', minutes: 15, month: '2026-03' })]);
  });

  it("records who documented a practitioner's reconciliation; its minutes then await the practitioner's attestation (issue 12 item 6)", () => {
    const forDrA = { ...reconciled, data: { ...reconciled.data, performer: snapshot(STAFF.drA) } };
    given(medicationDecider, [enrolled()])
      .when(reconcile({ performedBy: 'dr-a' }))
      .then([forDrA]);
    expect(given(medicationDecider, [enrolled(), forDrA]).state.activities).toEqual([
      expect.objectContaining({ documentedBy: snapshot(STAFF.rnB), attestation: 'AWAITING_ATTESTATION' }),
    ]);
  });

  it('adds no activity when no minutes were given', () =>
    expect(given(medicationDecider, [enrolled(), { ...reconciled, data: { ...reconciled.data, minutes: null } }]).state.activities).toEqual([]));

  it('refuses non-clinical staff as performer', () =>
    given(medicationDecider, [enrolled()])
      .when(reconcile({ performedBy: 'desk-d' }))
      .thenThrows('PRECONDITION_FAILED', /non-clinical/));
  it('refuses an inactive performer', () =>
    given(medicationDecider, [enrolled()])
      .when(reconcile({ performedBy: 'dr-gone' }))
      .thenThrows('PRECONDITION_FAILED', /no longer active/));
  it('refuses a reconciliation in the future', () =>
    given(medicationDecider, [enrolled()])
      .when(reconcile({ reconciledAt: '2026-03-15T13:00:00.000Z' }))
      .thenThrows('BAD_USER_INPUT', /reconciledAt/));
  it('answers NOT_FOUND for an unknown patient', () => given(medicationDecider).when(reconcile()).thenThrows('NOT_FOUND'));
  it("answers NOT_FOUND for another practice's patient", () =>
    given(medicationDecider, [enrolled({ practiceId: 'p2' })])
      .when(reconcile())
      .thenThrows('NOT_FOUND', /^Patient not found$/));

  it('dates the event by when the medications were reconciled', () =>
    expect(medicationValidTime(reconciled, 'UTC')?.toISOString()).toBe('2026-03-11T15:00:00.000Z'));
});
