import { monthBounds } from '../../kernel/calendar';
import type { EvidencePacketDocument } from '../packet/evidence-packet';
import { BundleEntries, eventIdentifiers } from './bundle-entries';
import { CARELEDGER } from './code-systems';
import { PATIENT_KEY, PRACTICE_KEY, addPractitioner } from './parties';
import type { CareTeamParticipant } from './r4';

/** The bundle entry of the month's CareTeam. */
export const CARE_TEAM_KEY = 'care team';

const role = (code: string) => [{ coding: [{ system: CARELEDGER.careTeamRole, code }], text: code }];

/**
 * The month's care team as a FHIR CareTeam: the care managers responsible in the month (a Practitioner each, with
 * the period they were responsible) and the team's members, staff as Practitioners and people outside the practice
 * by name and organisation. Roles use CareLedger's own code system (the contract's CareTeamRole values).
 */
export function addCareTeam(entries: BundleEntries, packet: EvidencePacketDocument): void {
  const team = packet.careTeam;
  if (!team) return;
  const { start, end } = monthBounds(packet.month, packet.practice.timeZone);
  const participant: CareTeamParticipant[] = [
    ...team.careManagers.map(({ careManager, from, to }) => ({
      role: role('CARE_MANAGER'),
      member: addPractitioner(entries, careManager),
      period: { start: from, ...(to ? { end: to } : {}) },
    })),
    ...team.members.map(({ role: memberRole, staff, name, organization, since, removedAt }) => ({
      role: role(memberRole),
      member: staff ? addPractitioner(entries, staff) : { display: organization ? `${name} (${organization})` : name },
      period: { start: since, ...(removedAt ? { end: removedAt } : {}) },
    })),
  ];
  entries.add(CARE_TEAM_KEY, {
    resourceType: 'CareTeam',
    identifier: eventIdentifiers([...new Set([...team.careManagers, ...team.members].flatMap((entry) => entry.eventIds))]),
    status: 'active',
    name: `Care team, ${packet.month}`,
    subject: entries.ref(PATIENT_KEY),
    period: { start: start.toISOString(), end: end.toISOString() },
    managingOrganization: [entries.ref(PRACTICE_KEY)],
    participant,
  });
}
