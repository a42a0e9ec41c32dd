import type { StaffSnapshot } from '../patient-stream/practice-context';
import type { CareTeamRole } from './care-team.events';
import type { CareManagerPeriod, CareTeamMemberState } from './care-team.state';

/** GraphQL `StaffMember` from the snapshot an event copied; `active` is the registry's answer now. */
export const staffMemberView = (staff: StaffSnapshot, active: boolean) => ({
  id: staff.staffId,
  name: staff.name,
  credential: staff.credential,
  npi: staff.npi,
  active,
});

export interface CareTeamMemberView {
  memberId: string;
  role: CareTeamRole;
  staffId: string | null;
  name: string;
  organization: string | null;
  phone: string | null;
  since: string;
}

export const careTeamMemberView = (member: CareTeamMemberState): CareTeamMemberView => ({
  memberId: member.memberId,
  role: member.role,
  staffId: member.staff?.staffId ?? null,
  name: member.name,
  organization: member.organization,
  phone: member.phone,
  since: member.since,
});

export const careManagerPeriodView = (period: CareManagerPeriod, active: boolean) => ({
  careManager: staffMemberView(period.careManager, active),
  from: period.from,
  to: period.to,
});
