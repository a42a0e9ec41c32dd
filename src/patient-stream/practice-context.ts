import { preconditionFailed } from '../kernel/domain-error';
import type { StaffMemberState } from '../practice/practice.decider';
import { isPractitioner, type StaffCredential } from '../practice/staff-credential';

/**
 * What a patient command needs to know about the practice: its time zone (calendar months and "today") and its
 * staff registry. PatientCommands loads it from the practice stream, the authoritative write model (the read model
 * may lag behind a deactivation), and hands it to decide, which stays pure.
 */
export interface PracticeContext {
  practiceId: string;
  timeZone: string;
  staff: ReadonlyMap<string, StaffMemberState>;
}

/** A staff member as they were when an event was recorded: events copy it, so later changes never rewrite history. */
export type StaffSnapshot = { staffId: string; name: string; credential: StaffCredential; npi: string | null };

const snapshotOf = ({ staffId, name, credential, npi }: StaffMemberState): StaffSnapshot => ({ staffId, name, credential, npi });

export interface StaffRequirement {
  /** Default true: people named in new documentation must still work for the practice. */
  active?: boolean;
  /** Physicians and non-physician practitioners only (MD, DO, NP, PA, CNS, CNM). */
  practitioner?: boolean;
  /** Any clinical credential (practitioners and clinical staff), not NON_CLINICAL. */
  clinical?: boolean;
}

/**
 * The staff member named in `field`, as a snapshot to copy into the event. Refusals are PRECONDITION_FAILED: the
 * input is well formed, it is the state of the staff registry that forbids it (registering or reactivating the
 * person would make the same input acceptable).
 */
export function requireStaff(practice: PracticeContext, staffId: string, field: string, requirement: StaffRequirement = {}): StaffSnapshot {
  const member = practice.staff.get(staffId);
  if (!member) throw preconditionFailed('STAFF_NOT_REGISTERED', `${field}: ${staffId} is not a staff member of this practice`);
  if ((requirement.active ?? true) && !member.active) throw preconditionFailed('STAFF_INACTIVE', `${field}: staff member ${staffId} is no longer active`);
  if (requirement.practitioner && !isPractitioner(member.credential)) {
    throw preconditionFailed('NOT_A_PRACTITIONER', `${field}: ${staffId} has credential ${member.credential}; a practitioner (MD, DO, NP, PA, CNS, CNM) is required`);
  }
  if (requirement.clinical && member.credential === 'NON_CLINICAL') {
    throw preconditionFailed('NOT_CLINICAL_STAFF', `${field}: ${staffId} is non-clinical staff; clinical staff or a practitioner is required`);
  }
  return snapshotOf(member);
}
