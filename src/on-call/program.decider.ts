import { isAcceptedInstant } from '../kernel/calendar';
import type { Command, Decider } from '../kernel/decider';
import { DomainError, badInput, preconditionFailed } from '../kernel/domain-error';
import type { Program } from '../patients/patient.events';
import { requireStaff, type PracticeContext } from '../patient-stream/practice-context';
import { overlaps } from './coverage';
import type { OnCallScheduled, ProgramEvent } from './program.events';

export type OnCallShiftState = Omit<OnCallScheduled['data'], 'practiceId' | 'scheduledBy'>;
export type OutreachCadence = { openOnDay: number; dueAfterDays: number };

export interface ProgramState {
  shifts: OnCallShiftState[];
  cadences: Partial<Record<Program, OutreachCadence>>;
}

/** Until a practice configures it: the outreach task opens on the 1st and is due ten days later. */
export const DEFAULT_OUTREACH_CADENCE: OutreachCadence = { openOnDay: 1, dueAfterDays: 10 };
/** Days every month has, so a cadence opens in every month. */
export const LATEST_OPENING_DAY = 28;

type ProgramCommand<Type extends string, Data> = Command<Type, Data & { practiceId: string }> & { practice: PracticeContext };
export type ScheduleOnCall = ProgramCommand<'ScheduleOnCall', { shiftId: string; staffId: string; from: string; to: string; phone: string }>;
export type ConfigureOutreachCadence = ProgramCommand<'ConfigureOutreachCadence', { program: Program } & OutreachCadence>;
export type ProgramOperationsCommand = ScheduleOnCall | ConfigureOutreachCadence;

/** The longest shift accepted: longer ones are typing errors (a year instead of a day). */
const LONGEST_SHIFT_MS = 31 * 24 * 60 * 60 * 1000;

const interval = ({ from, to }: { from: string; to: string }) => ({ fromMs: Date.parse(from), toMs: Date.parse(to) });

export const programDecider: Decider<ProgramOperationsCommand, ProgramEvent, ProgramState> = {
  initialState: () => ({ shifts: [], cadences: {} }),

  decide(command, state): ProgramEvent[] {
    const { practiceId } = command.data;
    const scheduledBy = command.metadata.actorId;
    switch (command.type) {
      case 'ScheduleOnCall': {
        const { shiftId, staffId, from, to, phone } = command.data;
        const shift = interval({ from, to });
        for (const [field, ms] of [
          ['from', shift.fromMs],
          ['to', shift.toMs],
        ] as const) {
          if (!isAcceptedInstant(new Date(ms))) throw badInput(field, 'is not an instant CareLedger accepts');
        }
        if (shift.toMs <= shift.fromMs) throw badInput('to', 'must be after from');
        if (shift.toMs - shift.fromMs > LONGEST_SHIFT_MS) throw badInput('to', 'a shift lasts at most 31 days');
        // Patients call the on-call clinician with clinical questions: clinical staff or a practitioner, still active.
        const clinician = requireStaff(command.practice, staffId, 'staffId', { clinical: true });
        if (state.shifts.some((existing) => existing.shiftId === shiftId))
          throw preconditionFailed('SHIFT_ID_IN_USE', `shiftId ${shiftId} already names a shift`);
        const clash = state.shifts.find((existing) => existing.clinician.staffId === staffId && overlaps(interval(existing), shift));
        if (clash) throw preconditionFailed('SHIFT_OVERLAPS', `${staffId} is already on call from ${clash.from} to ${clash.to}`);
        return [{ type: 'OnCallScheduled', data: { practiceId, shiftId, clinician, from, to, phone, scheduledBy } }];
      }

      case 'ConfigureOutreachCadence': {
        const { program, openOnDay, dueAfterDays } = command.data;
        if (!Number.isInteger(openOnDay) || openOnDay < 1 || openOnDay > LATEST_OPENING_DAY)
          throw badInput('openOnDay', `must be a day from 1 to ${LATEST_OPENING_DAY}`);
        if (!Number.isInteger(dueAfterDays) || dueAfterDays < 0 || dueAfterDays > 27) throw badInput('dueAfterDays', 'must be from 0 to 27 days');
        const current = state.cadences[program];
        if (current && current.openOnDay === openOnDay && current.dueAfterDays === dueAfterDays) return [];
        return [{ type: 'OutreachCadenceConfigured', data: { practiceId, program, openOnDay, dueAfterDays, configuredBy: scheduledBy } }];
      }

      default:
        throw new DomainError('BAD_USER_INPUT', 'Unknown program command');
    }
  },

  evolve(state, event): ProgramState {
    switch (event.type) {
      case 'OnCallScheduled': {
        const { shiftId, clinician, from, to, phone } = event.data;
        return { ...state, shifts: [...state.shifts, { shiftId, clinician, from, to, phone }] };
      }
      case 'OutreachCadenceConfigured': {
        const { program, openOnDay, dueAfterDays } = event.data;
        return { ...state, cadences: { ...state.cadences, [program]: { openOnDay, dueAfterDays } } };
      }
      default:
        return state;
    }
  },
};
