import type { Command, Decider } from '../kernel/decider';
import { notFound } from '../kernel/domain-error';
import type { PatientEvent } from './patient-event';
import type { PatientRecord } from './patient-record';
import type { EnrollmentState } from '../patients/patient.state';
import type { PracticeContext } from './practice-context';

/**
 * A command on one patient's stream. `data` is the client's input plus the caller's practice: it is what the
 * pipeline hashes to recognise a retry. The practice context travels beside it, not inside, because it is loaded
 * state (staff may be deactivated between a request and its retry) and must not make a retry look different.
 */
export type PatientCommand<Type extends string, Data> = Command<Type, Data & { patientId: string; practiceId: string }> & {
  practice: PracticeContext;
};

/** Every slice's decider folds the same PatientRecord and emits patient events. */
export type PatientDecider<C extends PatientCommand<string, object>> = Decider<C, PatientEvent, PatientRecord>;

/**
 * When a new event happened (valid time), given the practice's zone for events dated by calendar day; null means
 * "when the command was issued".
 */
export type ValidTimeOf = (event: PatientEvent, timeZone: string) => Date | null;

/**
 * The enrolled patient of the caller's practice. Another practice's patient is answered exactly like an unknown
 * one (same code, same message), so a record's existence is never revealed across tenants.
 */
export function requireEnrolledPatient(state: PatientRecord, practiceId: string): EnrollmentState {
  if (!state.enrollment || state.enrollment.practiceId !== practiceId) throw notFound('Patient');
  return state.enrollment;
}
