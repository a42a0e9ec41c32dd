import type { DomainEvent } from '../kernel/decider';
import type { Program } from '../patients/patient.events';
import type { StaffSnapshot } from '../patient-stream/practice-context';

/** Stream `program-<practiceId>`: how the practice runs its care management program (24/7 coverage, cadence). */
export const programStream = (practiceId: string) => `program-${practiceId}`;

/** A clinician on call for the practice's patients over [from, to), reachable at `phone`. */
export type OnCallScheduled = DomainEvent<
  'OnCallScheduled',
  {
    practiceId: string;
    shiftId: string;
    clinician: StaffSnapshot;
    from: string;
    to: string;
    phone: string;
    scheduledBy: string;
  }
>;

/** When the monthly outreach task of a program opens (day of the month, practice zone) and how long it runs. */
export type OutreachCadenceConfigured = DomainEvent<
  'OutreachCadenceConfigured',
  {
    practiceId: string;
    program: Program;
    openOnDay: number;
    dueAfterDays: number;
    configuredBy: string;
  }
>;

export type ProgramEvent = OnCallScheduled | OutreachCadenceConfigured;
export const PROGRAM_EVENT_TYPES: ProgramEvent['type'][] = ['OnCallScheduled', 'OutreachCadenceConfigured'];
