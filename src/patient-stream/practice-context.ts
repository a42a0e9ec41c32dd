import type { Command } from '../kernel/decider';
import { preconditionFailed } from '../kernel/domain-error';
import type { StaffMemberState } from '../practice/practice.decider';
import { isPractitioner, type StaffCredential } from '../practice/staff-credential';
import { ADMINISTRATIVE_COMMANDS } from './care-record-roles';

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
    throw preconditionFailed(
      'NOT_A_PRACTITIONER',
      `${field}: ${staffId} has credential ${member.credential}; a practitioner (MD, DO, NP, PA, CNS, CNM) is required`,
    );
  }
  if (requirement.clinical && member.credential === 'NON_CLINICAL') {
    throw preconditionFailed('NOT_CLINICAL_STAFF', `${field}: ${staffId} is non-clinical staff; clinical staff or a practitioner is required`);
  }
  return snapshotOf(member);
}

/**
 * The author of a care-record write (the token's subject) must be an active member of the practice's staff
 * registry, so that every entry names someone the practice employs: a token for an unregistered id, or of a
 * member deactivated before it expired, writes nothing. ADMIN keeps its administrative writes without being
 * registered. PRECONDITION_FAILED, as for any staff member named in a command: registering or reactivating the
 * user makes the same command acceptable.
 */
export function requireAuthor(command: Pick<Command, 'type' | 'metadata'> & { practice: PracticeContext }): void {
  const { actorId, actorRoles } = command.metadata;
  if (ADMINISTRATIVE_COMMANDS.has(command.type) && actorRoles.includes('ADMIN')) return;
  const member = command.practice.staff.get(actorId);
  if (!member)
    throw preconditionFailed(
      'AUTHOR_NOT_REGISTERED',
      `The signed-in user ${actorId} is not a staff member of this practice; only registered staff write to the care record`,
    );
  if (!member.active) throw preconditionFailed('AUTHOR_INACTIVE', `The signed-in user ${actorId} is no longer an active staff member of this practice`);
}
