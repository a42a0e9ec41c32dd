import { PATIENT_ID, STAFF, asNurse, asPractitioner, callLogged, enrolled, patientCommand, snapshot } from '../../test/support/care-record-events';
import { given } from '../../test/support/decider-specification';
import type { MedicationReconciled } from '../medications/medication.events';
import { careActivityDecider, careActivityValidTime } from './care-activity.decider';
import type { CallCorrected, CallVoided, CareActivityAttested } from './care-activity.events';

const ids = { patientId: PATIENT_ID, practiceId: 'p1' };
const ACTIVITY = callLogged().data.activityId;
const log = (overrides: Record<string, unknown> = {}, options = {}) =>
  patientCommand(
    'LogCall',
    {
      activityId: ACTIVITY,
      kind: 'PATIENT_CALL' as const,
      performedBy: 'rn-b',
      startedAt: '2026-03-10T14:00:00.000Z',
      minutes: 20,
      direction: 'OUTBOUND' as const,
      summary: 'Reviewed glucose log',
      ...overrides,
    },
    options,
  );
const correct = (overrides: Record<string, unknown> = {}) =>
  patientCommand('CorrectCall', { activityId: ACTIVITY, minutes: 25, reason: 'Timer stopped late; 25 minutes per the phone log', ...overrides });
const voidCall = (overrides: Record<string, unknown> = {}) =>
  patientCommand('VoidCall', { activityId: ACTIVITY, reason: 'Logged on the wrong patient', ...overrides });
const corrected: CallCorrected = {
  type: 'CallCorrected',
  data: {
    ...ids,
    activityId: ACTIVITY,
    minutes: 25,
    startedAt: null,
    summary: null,
    month: '2026-03',
    reason: 'Timer stopped late; 25 minutes per the phone log',
    correctedBy: 'rn-b',
  },
};
const voided: CallVoided = { type: 'CallVoided', data: { ...ids, activityId: ACTIVITY, reason: 'Logged on the wrong patient', voidedBy: 'rn-b' } };

/** New York times (EDT): Dr A on call 18:00 on 9 March to 08:00 on the 10th, RN B 06:00–10:00; Dr A again the next night. */
const SCHEDULE = [
  { shiftId: 'shift-night', clinician: snapshot(STAFF.drA), from: '2026-03-09T22:00:00.000Z', to: '2026-03-10T12:00:00.000Z', phone: '+1 555 010 9999' },
  { shiftId: 'shift-dawn', clinician: snapshot(STAFF.rnB), from: '2026-03-10T10:00:00.000Z', to: '2026-03-10T14:00:00.000Z', phone: '+1 555 010 8888' },
  { shiftId: 'shift-next', clinician: snapshot(STAFF.drA), from: '2026-03-11T22:00:00.000Z', to: '2026-03-12T12:00:00.000Z', phone: '+1 555 010 9999' },
];
/** A call logged with the schedule loaded beside it, as the resolver loads it. */
const withSchedule = (startedAt: string, afterHours: boolean, schedule: typeof SCHEDULE = SCHEDULE) => ({
  ...log({ startedAt, afterHours }),
  onCallSchedule: schedule,
});
const afterHoursCall = (startedAt: string, schedule: typeof SCHEDULE = SCHEDULE) => withSchedule(startedAt, true, schedule);
const onCall = (shift: (typeof SCHEDULE)[number]) => ({ shiftId: shift.shiftId, clinician: shift.clinician, phone: shift.phone });

describe('care activity decider', () => {
  describe('LogCall after hours', () => {
    it('Given Dr A on call overnight, When a call at 03:00 is logged after hours, Then it records Dr A and the on-call phone', () =>
      given(careActivityDecider, [enrolled()])
        .when(afterHoursCall('2026-03-10T07:00:00.000Z'))
        .then([callLogged({ startedAt: '2026-03-10T07:00:00.000Z', afterHours: { onCall: [onCall(SCHEDULE[0])] } })]));

    it('Given two clinicians on call at once, When a call in both shifts is logged after hours, Then it records both, earlier shift first', () =>
      given(careActivityDecider, [enrolled()])
        .when(afterHoursCall('2026-03-10T11:00:00.000Z'))
        .then([callLogged({ startedAt: '2026-03-10T11:00:00.000Z', afterHours: { onCall: [onCall(SCHEDULE[0]), onCall(SCHEDULE[1])] } })]));

    it('Given a shift ending at 08:00, When a call starts at 08:00 exactly, Then the next shift (from 06:00) is the one on call', () =>
      given(careActivityDecider, [enrolled()])
        .when(afterHoursCall('2026-03-10T12:00:00.000Z'))
        .then([callLogged({ startedAt: '2026-03-10T12:00:00.000Z', afterHours: { onCall: [onCall(SCHEDULE[1])] } })]));

    it('Given nobody on call on the evening of the 10th, When a call then is logged after hours, Then it is refused and nothing is recorded', () =>
      given(careActivityDecider, [enrolled()])
        .when(afterHoursCall('2026-03-10T23:00:00.000Z'))
        .thenThrows('PRECONDITION_FAILED', /Nobody was on call at 2026-03-10T23:00:00.000Z/));

    it('Given no shift at all, When a call is logged after hours, Then it is refused', () =>
      given(careActivityDecider, [enrolled()])
        .when(afterHoursCall('2026-03-10T07:00:00.000Z', []))
        .thenThrows('PRECONDITION_FAILED', /Nobody was on call/));

    it('Given the on-call schedule, When a call is logged in hours, Then nothing about on-call is recorded', () =>
      given(careActivityDecider, [enrolled()])
        .when(withSchedule('2026-03-10T07:00:00.000Z', false))
        .then([callLogged({ startedAt: '2026-03-10T07:00:00.000Z' })]));
  });

  describe('LogCall', () => {
    it('logs the call with the performer as registered, the month in the practice zone and the defaults (manual entry, no complex MDM)', () =>
      given(careActivityDecider, [enrolled()]).when(log()).then([callLogged()]));

    it('counts a call at 23:30 on 31 March in New York in March', () =>
      given(careActivityDecider, [enrolled()])
        .when(log({ startedAt: '2026-04-01T03:30:00.000Z' }, { metadata: asPractitioner('2026-04-02T12:00:00Z') }))
        .then([callLogged({ startedAt: '2026-04-01T03:30:00.000Z', month: '2026-03', documentedBy: snapshot(STAFF.drA) })]));

    it('keeps the source and the medical decision making documented with the call', () =>
      given(careActivityDecider, [enrolled()])
        .when(log({ performedBy: 'dr-a', source: 'LIVE_TIMER', complexMedicalDecisionMaking: true, direction: null }, { metadata: asPractitioner() }))
        .then([callLogged({ performer: snapshot(STAFF.drA), source: 'LIVE_TIMER', complexMedicalDecisionMaking: true, direction: null })]));

    it('records non-clinical time too (billing never counts it)', () =>
      given(careActivityDecider, [enrolled()])
        .when(log({ performedBy: 'desk-d' }))
        .then([callLogged({ performer: snapshot(STAFF.deskD), documentedBy: snapshot(STAFF.rnB) })]));

    it("records who documented it apart from who did the work: a nurse's entry of the practitioner's time (issue 12 item 6)", () =>
      given(careActivityDecider, [enrolled()])
        .when(log({ performedBy: 'dr-a', minutes: 31 }))
        .then([callLogged({ performer: snapshot(STAFF.drA), documentedBy: snapshot(STAFF.rnB), minutes: 31 })]));

    it("folds a practitioner's time documented by someone else as awaiting attestation, their own as needing none", () => {
      const byNurse = given(careActivityDecider, [enrolled(), callLogged({ performer: snapshot(STAFF.drA), documentedBy: snapshot(STAFF.rnB) })]).state
        .activities[0];
      expect(byNurse).toMatchObject({ documentedBy: snapshot(STAFF.rnB), attestation: 'AWAITING_ATTESTATION' });
      expect(given(careActivityDecider, [enrolled(), callLogged({ performer: snapshot(STAFF.drA) })]).state.activities[0].attestation).toBe('NOT_REQUIRED');
      expect(given(careActivityDecider, [enrolled(), callLogged()]).state.activities[0].attestation).toBe('NOT_REQUIRED');
    });

    it('refuses a performer who is no longer active', () =>
      given(careActivityDecider, [enrolled()])
        .when(log({ performedBy: 'dr-gone' }))
        .thenThrows('PRECONDITION_FAILED', /no longer active/));
    it('refuses a performer who is not on the staff registry', () =>
      given(careActivityDecider, [enrolled()])
        .when(log({ performedBy: 'someone' }))
        .thenThrows('PRECONDITION_FAILED', /performedBy/));
    it('refuses an activityId already used for this patient', () =>
      given(careActivityDecider, [enrolled(), callLogged()])
        .when(log())
        .thenThrows('PRECONDITION_FAILED', /activityId/));
    it('refuses a call that starts in the future', () =>
      given(careActivityDecider, [enrolled()])
        .when(log({ startedAt: '2026-03-15T12:10:00.000Z' }))
        .thenThrows('BAD_USER_INPUT', /startedAt/));
    it('refuses a call whose month in the practice zone lies before the accepted range, whatever door it came through', () =>
      given(careActivityDecider, [enrolled()])
        .when(log({ startedAt: '1900-01-01T00:00:00.000Z' }))
        .thenThrows('BAD_USER_INPUT', /startedAt: must be an instant from 1900-01-02/));
    it('answers NOT_FOUND for an unknown patient', () => given(careActivityDecider).when(log()).thenThrows('NOT_FOUND'));
    it("answers NOT_FOUND for another practice's patient", () =>
      given(careActivityDecider, [enrolled({ practiceId: 'p2' })])
        .when(log())
        .thenThrows('NOT_FOUND', /^Patient not found$/));
  });

  describe('CorrectCall', () => {
    it('records the changed values, the reason and who corrected, leaving the original event as it was', () =>
      given(careActivityDecider, [enrolled(), callLogged()]).when(correct()).then([corrected]));

    it('moves the entry to the month of its corrected start', () =>
      given(careActivityDecider, [enrolled(), callLogged()])
        .when(correct({ minutes: null, startedAt: '2026-02-27T15:00:00.000Z' }))
        .then([{ ...corrected, data: { ...corrected.data, minutes: null, startedAt: '2026-02-27T15:00:00.000Z', month: '2026-02' } }]));

    it('folds into the activity: status CORRECTED, amended values, the correction listed', () => {
      const [activity] = given(careActivityDecider, [enrolled(), callLogged(), corrected]).state.activities;
      expect(activity).toMatchObject({ status: 'CORRECTED', minutes: 25, summary: 'Reviewed glucose log' });
      expect(activity.amendments).toEqual([{ action: 'CORRECTED', reason: corrected.data.reason, by: 'rn-b', minutes: 25, startedAt: null, summary: null }]);
    });

    it('refuses a correction that changes nothing', () =>
      given(careActivityDecider, [enrolled(), callLogged()])
        .when(correct({ minutes: 20 }))
        .thenThrows('BAD_USER_INPUT', /must change/));
    it('refuses a correction into the future', () =>
      given(careActivityDecider, [enrolled(), callLogged()])
        .when(correct({ startedAt: '2026-03-16T00:00:00.000Z' }))
        .thenThrows('BAD_USER_INPUT', /startedAt/));
    it('refuses to correct a voided activity', () =>
      given(careActivityDecider, [enrolled(), callLogged(), voided])
        .when(correct())
        .thenThrows('PRECONDITION_FAILED', /voided/));
    it('answers NOT_FOUND for an unknown activity', () =>
      given(careActivityDecider, [enrolled(), callLogged()])
        .when(correct({ activityId: '11111111-2222-4333-8444-555555555555' }))
        .thenThrows('NOT_FOUND', /activity/));
    it('answers NOT_FOUND for an unknown patient', () => given(careActivityDecider).when(correct()).thenThrows('NOT_FOUND'));
  });

  describe('VoidCall', () => {
    it('records the void with its reason and who voided', () =>
      given(careActivityDecider, [enrolled(), callLogged(), corrected]).when(voidCall()).then([voided]));

    it('folds into the activity: status VOIDED, minutes kept for the record', () => {
      const [activity] = given(careActivityDecider, [enrolled(), callLogged(), voided]).state.activities;
      expect(activity).toMatchObject({ status: 'VOIDED', minutes: 20 });
    });

    it('refuses to void twice', () =>
      given(careActivityDecider, [enrolled(), callLogged(), voided])
        .when(voidCall())
        .thenThrows('PRECONDITION_FAILED', /voided/));
    it('answers NOT_FOUND for an unknown activity', () =>
      given(careActivityDecider, [enrolled()])
        .when(voidCall())
        .thenThrows('NOT_FOUND', /activity/));
    it('answers NOT_FOUND for an unknown patient', () => given(careActivityDecider).when(voidCall()).thenThrows('NOT_FOUND'));
  });

  describe('AttestCareActivity', () => {
    const forDrA = callLogged({ performer: snapshot(STAFF.drA), documentedBy: snapshot(STAFF.rnB), minutes: 31 });
    const attest = (options = { metadata: asPractitioner() }) =>
      patientCommand('AttestCareActivity', { activityId: ACTIVITY, statement: 'I made this call' }, options);
    const attested: CareActivityAttested = {
      type: 'CareActivityAttested',
      data: { ...ids, activityId: ACTIVITY, attestedBy: snapshot(STAFF.drA), statement: 'I made this call' },
    };

    it('the performer attests the entry a nurse documented for them', () => given(careActivityDecider, [enrolled(), forDrA]).when(attest()).then([attested]));

    it('folds into the activity: ATTESTED, the attestation listed with its statement', () => {
      const [activity] = given(careActivityDecider, [enrolled(), forDrA, attested]).state.activities;
      expect(activity.attestation).toBe('ATTESTED');
      expect(activity.amendments).toEqual([{ action: 'ATTESTED', reason: 'I made this call', by: 'dr-a', minutes: null, startedAt: null, summary: null }]);
    });

    it("a nurse's correction of an attested entry asks the practitioner again; the practitioner's own does not", () => {
      const byNurse = { ...corrected, data: { ...corrected.data, correctedBy: 'rn-b' } };
      const byDoctor = { ...corrected, data: { ...corrected.data, correctedBy: 'dr-a' } };
      expect(given(careActivityDecider, [enrolled(), forDrA, attested, byNurse]).state.activities[0].attestation).toBe('AWAITING_ATTESTATION');
      expect(given(careActivityDecider, [enrolled(), forDrA, attested, byDoctor]).state.activities[0].attestation).toBe('ATTESTED');
      given(careActivityDecider, [enrolled(), forDrA, attested, byNurse]).when(attest()).then([attested]);
    });

    it('refuses anyone but the performer, even the one who documented it', () =>
      given(careActivityDecider, [enrolled(), forDrA])
        .when(attest({ metadata: asNurse() }))
        .thenThrows('PRECONDITION_FAILED', /Only the performer of the entry, dr-a/));
    it('refuses an entry that needs no attestation (the performer documented it)', () =>
      given(careActivityDecider, [enrolled(), callLogged({ performer: snapshot(STAFF.drA) })])
        .when(attest())
        .thenThrows('PRECONDITION_FAILED', /does not await/));
    it('refuses to attest twice', () =>
      given(careActivityDecider, [enrolled(), forDrA, attested])
        .when(attest())
        .thenThrows('PRECONDITION_FAILED', /does not await/));
    it('refuses a voided entry', () =>
      given(careActivityDecider, [enrolled(), forDrA, voided])
        .when(attest())
        .thenThrows('PRECONDITION_FAILED', /voided/));
    it('answers NOT_FOUND for an unknown activity', () =>
      given(careActivityDecider, [enrolled()])
        .when(attest())
        .thenThrows('NOT_FOUND', /activity/));
    it("answers NOT_FOUND for another practice's patient", () =>
      given(careActivityDecider, [enrolled({ practiceId: 'p2' }), forDrA])
        .when(attest())
        .thenThrows('NOT_FOUND', /^Patient not found$/));
  });

  it('the minutes of a medication reconciliation are an activity that can be corrected and voided', () => {
    const reconciled: MedicationReconciled = {
      type: 'MedicationReconciled',
      data: {
        ...ids,
        reconciliationId: ACTIVITY,
        performer: snapshot(STAFF.rnB),
        reconciledAt: '2026-03-11T15:00:00.000Z',
        medications: [],
        discrepancies: [],
        minutes: 15,
        month: '2026-03',
      },
    };
    const history = [enrolled(), reconciled];
    expect(given(careActivityDecider, history).state.activities).toEqual([
      expect.objectContaining({ id: ACTIVITY, kind: 'MEDICATION_MANAGEMENT', origin: 'MEDICATION_RECONCILIATION', minutes: 15 }),
    ]);
    given(careActivityDecider, history).when(voidCall()).then([voided]);
  });

  it('dates a call by its start and an amendment by when it was made', () => {
    expect(careActivityValidTime(callLogged(), 'UTC')?.toISOString()).toBe('2026-03-10T14:00:00.000Z');
    expect(careActivityValidTime(voided, 'UTC')).toBeNull();
  });
});
