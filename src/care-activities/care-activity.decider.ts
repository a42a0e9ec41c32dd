import { monthOf } from '../kernel/calendar';
import { DomainError, badInput, notFound, preconditionFailed } from '../kernel/domain-error';
import { requireEnrolledPatient, type PatientCommand, type PatientDecider, type ValidTimeOf } from '../patient-stream/patient-command';
import { evolvePatientRecord, initialPatientRecord, type PatientRecord } from '../patient-stream/patient-record';
import { requireAuthor, requireStaff } from '../patient-stream/practice-context';
import { assertAcceptedInstant } from '../patient-stream/valid-time';
import { coveringAt } from '../on-call/coverage';
import type { OnCallShiftState } from '../on-call/program.decider';
import type { CareActivityEvent, OnCallAtContact } from './care-activity.events';
import type { AttestCareActivityInput, CorrectCallInput, LogCallInput, VoidCallInput } from './care-activity.inputs';
import { findActivity, type CareActivityState } from './care-activity.state';

/** The practice's on-call schedule travels beside an after-hours call's data (loaded state, like the practice). */
export type LogCall = PatientCommand<'LogCall', Omit<LogCallInput, 'commandId'>> & { onCallSchedule?: readonly OnCallShiftState[] };
export type CorrectCall = PatientCommand<'CorrectCall', Omit<CorrectCallInput, 'commandId'>>;
export type VoidCall = PatientCommand<'VoidCall', Omit<VoidCallInput, 'commandId'>>;
export type AttestCareActivity = PatientCommand<'AttestCareActivity', Omit<AttestCareActivityInput, 'commandId'>>;
export type CareActivityCommand = LogCall | CorrectCall | VoidCall | AttestCareActivity;

/** An activity that may still be amended: it exists and has not been voided. */
function requireAmendable(state: PatientRecord, activityId: string): CareActivityState {
  const activity = findActivity(state.activities, activityId);
  if (!activity) throw notFound('Care activity');
  if (activity.status === 'VOIDED') throw preconditionFailed('ACTIVITY_VOIDED', 'The activity was voided; it can no longer be corrected or voided');
  return activity;
}

/**
 * Who was on call when an after-hours contact started. Nobody: refused, so the record never claims coverage the
 * schedule does not show (an admin may schedule the shift after the fact, or the contact is logged without the flag).
 */
function onCallAt(schedule: readonly OnCallShiftState[] | undefined, startedAt: string): OnCallAtContact[] {
  if (!schedule) throw new Error('An after-hours call is decided with the on-call schedule loaded beside it');
  const shifts = schedule.map((shift) => ({ ...shift, fromMs: Date.parse(shift.from), toMs: Date.parse(shift.to) }));
  const onCall = coveringAt(shifts, Date.parse(startedAt));
  if (onCall.length === 0)
    throw preconditionFailed('NOBODY_ON_CALL', `Nobody was on call at ${startedAt}: schedule the shift (scheduleOnCall) or log the contact without afterHours`);
  return onCall.sort((a, b) => a.fromMs - b.fromMs || (a.shiftId < b.shiftId ? -1 : 1)).map(({ shiftId, clinician, phone }) => ({ shiftId, clinician, phone }));
}

export const careActivityDecider: PatientDecider<CareActivityCommand> = {
  initialState: initialPatientRecord,
  evolve: evolvePatientRecord,

  decide(command, state): CareActivityEvent[] {
    const { practice, metadata } = command;
    const { patientId, practiceId, activityId } = command.data;
    requireAuthor(command);
    requireEnrolledPatient(state, practiceId);

    switch (command.type) {
      case 'LogCall': {
        const { kind, performedBy, startedAt, minutes, direction, summary, source, complexMedicalDecisionMaking, afterHours } = command.data;
        assertAcceptedInstant('startedAt', startedAt, metadata.now);
        if (findActivity(state.activities, activityId))
          throw preconditionFailed('ACTIVITY_ID_IN_USE', 'activityId is already used by another activity of this patient');
        // Who did the work must be someone the practice employs now; the event keeps their credential as it is today.
        const performer = requireStaff(practice, performedBy, 'performedBy');
        // The author may document for someone else; the entry says so, and a practitioner's time then awaits attestation.
        const documentedBy = requireStaff(practice, metadata.actorId, 'the signed-in author');
        const onCall = afterHours ? onCallAt(command.onCallSchedule, startedAt) : null;
        return [
          {
            type: 'CallLogged',
            data: {
              patientId,
              practiceId,
              activityId,
              kind,
              performer,
              documentedBy,
              startedAt,
              minutes,
              direction: direction ?? null,
              summary,
              source: source ?? 'MANUAL_ENTRY',
              complexMedicalDecisionMaking: complexMedicalDecisionMaking ?? false,
              month: monthOf(new Date(startedAt), practice.timeZone),
              ...(onCall && { afterHours: { onCall } }),
            },
          },
        ];
      }

      case 'CorrectCall': {
        const activity = requireAmendable(state, activityId);
        const { reason } = command.data;
        // Only values that differ from the entry as it stands are corrections.
        const differs = <T>(value: T | null | undefined, current: T): T | null => (value === null || value === undefined || value === current ? null : value);
        const minutes = differs(command.data.minutes, activity.minutes);
        const startedAt = differs(command.data.startedAt, activity.startedAt);
        const summary = differs(command.data.summary, activity.summary);
        if (minutes === null && startedAt === null && summary === null) throw badInput('correction', 'must change minutes, startedAt or summary');
        if (startedAt !== null) assertAcceptedInstant('startedAt', startedAt, metadata.now);
        const month = monthOf(new Date(startedAt ?? activity.startedAt), practice.timeZone);
        return [
          { type: 'CallCorrected', data: { patientId, practiceId, activityId, minutes, startedAt, summary, month, reason, correctedBy: metadata.actorId } },
        ];
      }

      case 'VoidCall': {
        requireAmendable(state, activityId);
        return [{ type: 'CallVoided', data: { patientId, practiceId, activityId, reason: command.data.reason, voidedBy: metadata.actorId } }];
      }

      case 'AttestCareActivity': {
        const activity = requireAmendable(state, activityId);
        if (activity.performer.staffId !== metadata.actorId) {
          throw preconditionFailed('NOT_THE_PERFORMER', `Only the performer of the entry, ${activity.performer.staffId}, may attest it`);
        }
        if (activity.attestation !== 'AWAITING_ATTESTATION') throw preconditionFailed('NOT_AWAITING_ATTESTATION', 'The entry does not await an attestation');
        const attestedBy = requireStaff(practice, metadata.actorId, 'the signed-in author');
        return [{ type: 'CareActivityAttested', data: { patientId, practiceId, activityId, attestedBy, statement: command.data.statement ?? null } }];
      }

      default:
        throw new DomainError('BAD_USER_INPUT', 'Unknown care activity command');
    }
  },
};

/** A logged call happened when it started; a correction or void when it was made. */
export const careActivityValidTime: ValidTimeOf = (event) => (event.type === 'CallLogged' ? new Date(event.data.startedAt) : null);
