import type { PatientEvent } from '../patient-stream/patient-event';
import type { StaffSnapshot } from '../patient-stream/practice-context';
import type { CareTeamMemberAdded } from './care-team.events';

/** One period of responsibility: `to` is null while the care manager is still the patient's. */
export interface CareManagerPeriod {
  careManager: StaffSnapshot;
  from: string;
  to: string | null;
}

export type CareTeamMemberState = Omit<CareTeamMemberAdded['data'], 'patientId' | 'practiceId'> & {
  removedAt: string | null;
  removalReason: string | null;
};

/** Every assignment and member ever recorded, so the record shows who was responsible when. */
export interface CareTeamState {
  careManagers: CareManagerPeriod[];
  members: CareTeamMemberState[];
}

export const initialCareTeam = (): CareTeamState => ({ careManagers: [], members: [] });

export function evolveCareTeam(state: CareTeamState, event: PatientEvent): CareTeamState {
  switch (event.type) {
    case 'CareManagerAssigned': {
      const { careManager, effectiveAt } = event.data;
      const ended = state.careManagers.map((period) => (period.to === null ? { ...period, to: effectiveAt } : period));
      return { ...state, careManagers: [...ended, { careManager, from: effectiveAt, to: null }] };
    }
    case 'CareTeamMemberAdded': {
      const { patientId: _patient, practiceId: _practice, ...member } = event.data;
      return { ...state, members: [...state.members, { ...member, removedAt: null, removalReason: null }] };
    }
    case 'CareTeamMemberRemoved': {
      const { memberId, removedAt, reason } = event.data;
      const members = state.members.map((member) =>
        member.memberId === memberId && member.removedAt === null ? { ...member, removedAt, removalReason: reason } : member,
      );
      return { ...state, members };
    }
    default:
      return state;
  }
}

export const currentCareManager = (state: CareTeamState): CareManagerPeriod | undefined => state.careManagers.find((period) => period.to === null);

export const currentMembers = (state: CareTeamState): CareTeamMemberState[] => state.members.filter((member) => member.removedAt === null);

/**
 * Who was on the team at some time in [from, to): the care managers responsible then and the members not removed
 * before it began (for a month's evidence).
 */
export function teamDuring(state: CareTeamState, from: Date, to: Date) {
  const overlaps = (start: string, end: string | null) => Date.parse(start) < to.getTime() && (end === null || Date.parse(end) > from.getTime());
  return {
    careManagers: state.careManagers.filter((period) => overlaps(period.from, period.to)),
    members: state.members.filter((member) => overlaps(member.since, member.removedAt)),
  };
}
