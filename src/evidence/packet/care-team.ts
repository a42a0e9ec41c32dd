import type { RecordedEvent } from '../../event-store/event-store.port';
import { monthBounds } from '../../kernel/calendar';
import { CARE_TEAM_EVENT_TYPES } from '../../care-team/care-team.events';
import { evolveCareTeam, initialCareTeam, teamDuring } from '../../care-team/care-team.state';
import type { CareTeamEvidence } from './evidence-packet';
import { asPatientEvent, eventsOfType } from './recorded-events';

/**
 * The care team of the month (practice zone): every care manager responsible at some time in it, with when, and
 * every member on the team during it. Null when the record has no care-team events (older packets stay as they were).
 */
export function careTeamForMonth(events: readonly RecordedEvent[], month: string, timeZone: string): CareTeamEvidence | null {
  const teamEvents = eventsOfType(events, ...CARE_TEAM_EVENT_TYPES);
  if (teamEvents.length === 0) return null;
  const team = teamEvents.map(({ recorded }) => asPatientEvent(recorded)).reduce(evolveCareTeam, initialCareTeam());
  const { start, end } = monthBounds(month, timeZone);
  const during = teamDuring(team, start, end);
  const eventIdsOf = (matches: (recorded: RecordedEvent) => boolean) =>
    teamEvents.filter(({ recorded }) => matches(recorded)).map(({ recorded }) => recorded.id);
  const careManagers = during.careManagers.map(({ careManager, from, to }) => ({
    careManager,
    from,
    to,
    eventIds: eventIdsOf((recorded) => recorded.type === 'CareManagerAssigned' && (recorded.data.effectiveAt === from || recorded.data.effectiveAt === to)),
  }));
  const members = during.members.map(({ memberId, role, staff, name, organization, phone, since, removedAt }) => ({
    memberId,
    role,
    staff,
    name,
    organization,
    phone,
    since,
    removedAt,
    eventIds: eventIdsOf((recorded) => recorded.type !== 'CareManagerAssigned' && recorded.data.memberId === memberId),
  }));
  if (careManagers.length === 0 && members.length === 0) return null;
  return { careManagers, members };
}
