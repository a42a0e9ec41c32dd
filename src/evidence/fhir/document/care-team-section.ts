import type { EvidencePacketDocument } from '../../packet/evidence-packet';
import { BundleEntries, practitionerKey } from '../bundle-entries';
import { CARE_TEAM_KEY } from '../care-team';
import type { Reference } from '../r4';

/**
 * Who cared for the patient this month, for the document's care-team section: the month's CareTeam when one is
 * recorded (its care managers with when they were responsible, and its members), then the billing practitioner and
 * everyone who performed a call or a reconciliation, each once. The one place the section's members are chosen.
 */
export function careTeamMembers(entries: BundleEntries, packet: EvidencePacketDocument): { reference: Reference; line: string }[] {
  const recorded =
    packet.careTeam && entries.has(CARE_TEAM_KEY)
      ? [
          ...packet.careTeam.careManagers.map(
            ({ careManager, from, to }) => `${careManager.name} (${careManager.credential}): care manager from ${from}${to ? ` to ${to}` : ''}`,
          ),
          ...packet.careTeam.members.map(
            ({ role, name, organization, phone }) =>
              `${name}${organization ? `, ${organization}` : ''}${phone ? `, ${phone}` : ''}: ${role.toLowerCase().replaceAll('_', ' ')}`,
          ),
        ].map((line) => ({ reference: entries.ref(CARE_TEAM_KEY), line }))
      : [];
  const people = [
    { person: packet.billingPractitioner, role: 'billing practitioner' },
    ...packet.timeEntries.filter((entry) => entry.status !== 'VOIDED').map((entry) => ({ person: entry.performer, role: 'care management' })),
    ...packet.medicationReconciliations.map((reconciliation) => ({ person: reconciliation.performer, role: 'medication reconciliation' })),
  ];
  const seen = new Set<string>();
  return [
    ...recorded,
    ...people
      .filter(({ person }) => !seen.has(person.staffId) && seen.add(person.staffId))
      .map(({ person, role }) => ({
        reference: entries.ref(practitionerKey(person.staffId)),
        line: `${person.name} (${person.credential}${person.npi ? `, NPI ${person.npi}` : ''}): ${role}`,
      })),
  ];
}
