import type { EvidencePacketDocument } from '../packet/evidence-packet';
import { BundleEntries } from './bundle-entries';
import { addClaim } from './claim';
import { addCareTeam } from './care-team';
import { addCarePlan, addConditions, addConsent } from './clinical';
import { SYSTEMS } from './code-systems';
import { addParties } from './parties';
import type { Bundle } from './r4';
import { addCommunications, addMedicationReconciliations } from './time-entries';
import { uuidV5 } from '../../kernel/ids';

/**
 * The packet as a FHIR R4 Bundle of type `collection` (Da Vinci CDex attachments accept FHIR resources): Patient,
 * Organizations, Practitioners, Coverage, Conditions, Consent, CarePlan with Goals, a Communication per call,
 * MedicationStatements in a List per reconciliation, the month's CareTeam when one is recorded, and the Claim. Every reference is a `urn:uuid:` fullUrl of an
 * entry of the same bundle, and every resource names the events it comes from (identifier `urn:uuid:<event id>`).
 * The same packet gives the same bundle.
 */
export function packetBundle(packet: EvidencePacketDocument): Bundle {
  const scope = `${packet.patientId} ${packet.month}`;
  const entries = new BundleEntries(scope);
  addParties(entries, packet);
  addConditions(entries, packet);
  addConsent(entries, packet);
  addCarePlan(entries, packet);
  addCareTeam(entries, packet);
  addCommunications(entries, packet);
  addMedicationReconciliations(entries, packet);
  addClaim(entries, packet);
  return {
    resourceType: 'Bundle',
    identifier: { system: SYSTEMS.uri, value: `urn:uuid:${uuidV5(`evidence-bundle ${scope} ${packet.asOf.position}`)}` },
    type: 'collection',
    timestamp: packet.asOf.recordedAt,
    entry: entries.all(),
  };
}
