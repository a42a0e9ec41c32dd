import type { DomainEvent } from '../kernel/decider';
import type { StaffSnapshot } from '../patient-stream/practice-context';

export const CARE_TEAM_ROLES = [
  'BILLING_PRACTITIONER',
  'CARE_MANAGER',
  'CLINICAL_STAFF',
  'SPECIALIST',
  'PHARMACIST',
  'CAREGIVER',
  'COMMUNITY_SERVICE',
  'OTHER',
] as const;
export type CareTeamRole = (typeof CARE_TEAM_ROLES)[number];

/** Roles only the practice's own staff hold: a member in one of them names a staff registry entry. */
export const STAFF_ONLY_ROLES: ReadonlySet<CareTeamRole> = new Set(['BILLING_PRACTITIONER', 'CARE_MANAGER', 'CLINICAL_STAFF']);

/** The patient's dedicated care manager from `effectiveAt` on (CMS: a designated member of the care team). */
export type CareManagerAssigned = DomainEvent<
  'CareManagerAssigned',
  {
    patientId: string;
    practiceId: string;
    /** The staff member as registered when assigned. */
    careManager: StaffSnapshot;
    /** Who was responsible until then; null for the first assignment. */
    previousCareManagerId: string | null;
    effectiveAt: string;
  }
>;

export type CareTeamMemberAdded = DomainEvent<
  'CareTeamMemberAdded',
  {
    patientId: string;
    practiceId: string;
    memberId: string;
    role: CareTeamRole;
    /** A member of the practice's staff registry as registered then, or null for someone outside the practice. */
    staff: StaffSnapshot | null;
    name: string;
    organization: string | null;
    phone: string | null;
    since: string;
  }
>;

export type CareTeamMemberRemoved = DomainEvent<
  'CareTeamMemberRemoved',
  {
    patientId: string;
    practiceId: string;
    memberId: string;
    reason: string;
    removedAt: string;
    removedBy: string;
  }
>;

export type CareTeamEvent = CareManagerAssigned | CareTeamMemberAdded | CareTeamMemberRemoved;
export const CARE_TEAM_EVENT_TYPES: CareTeamEvent['type'][] = ['CareManagerAssigned', 'CareTeamMemberAdded', 'CareTeamMemberRemoved'];
