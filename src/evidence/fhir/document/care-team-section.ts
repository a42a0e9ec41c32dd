import type { EvidencePacketDocument } from '../../packet/evidence-packet';
import { BundleEntries, practitionerKey } from '../bundle-entries';
import type { Reference } from '../r4';

/**
 * Who cared for the patient this month, for the document's care-team section: the billing practitioner first, then
 * everyone who performed a call or a reconciliation, each once. The one place the section's members are chosen, so
 * a CareTeam resource for the month can take their place.
 */
export function careTeamMembers(entries: BundleEntries, packet: EvidencePacketDocument): { reference: Reference; line: string }[] {
  const people = [
    { person: packet.billingPractitioner, role: 'billing practitioner' },
    ...packet.timeEntries.filter((entry) => entry.status !== 'VOIDED').map((entry) => ({ person: entry.performer, role: 'care management' })),
    ...packet.medicationReconciliations.map((reconciliation) => ({ person: reconciliation.performer, role: 'medication reconciliation' })),
  ];
  const seen = new Set<string>();
  return people
    .filter(({ person }) => !seen.has(person.staffId) && seen.add(person.staffId))
    .map(({ person, role }) => ({ reference: entries.ref(practitionerKey(person.staffId)), line: `${person.name} (${person.credential}${person.npi ? `, NPI ${person.npi}` : ''}): ${role}` }));
}
