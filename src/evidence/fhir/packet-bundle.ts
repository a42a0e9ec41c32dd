import type { EvidencePacketDocument, Staff } from '../packet/evidence-packet';
import { BundleEntries } from './bundle-entries';
import { addClaim } from './claim';
import { addCareTeam } from './care-team';
import { addCarePlan, addConditions, addConsent, addInitiatingVisit } from './clinical';
import { SYSTEMS } from './code-systems';
import { withFhirStrings } from './fhir-strings';
import { addParties } from './parties';
import type { Bundle } from './r4';
import { addCommunications, addMedicationReconciliations } from './time-entries';
import { uuidV5 } from '../../kernel/ids';

/** The packet's resources in one set of entries (the collection and the document share them). */
export function packetEntries(packet: EvidencePacketDocument, registry: readonly Staff[] = []): BundleEntries {
  const entries = new BundleEntries(`${packet.patientId} ${packet.month}`);
  addParties(entries, packet, registry);
  addConditions(entries, packet);
  addInitiatingVisit(entries, packet);
  addConsent(entries, packet);
  addCarePlan(entries, packet);
  addCareTeam(entries, packet);
  addCommunications(entries, packet);
  addMedicationReconciliations(entries, packet);
  addClaim(entries, packet);
  return entries;
}

/**
 * The packet as a FHIR R4 Bundle of type `collection` (Da Vinci CDex attachments accept FHIR resources): Patient,
 * Organizations, Practitioners, Coverage, Conditions, the initiating visit's Encounter, Consent, CarePlan with
 * Goals, a Communication per call, MedicationStatements in a List per reconciliation, the month's CareTeam when one
 * is recorded, and the Claim. Every reference
 * is a `urn:uuid:` fullUrl of an entry of the same bundle, and every resource names the events it comes from
 * (identifier `urn:uuid:<event id>`). `registry` names staff the packet knows by id only (parties.ts). The same
 * packet gives the same bundle.
 */
export function packetBundle(packet: EvidencePacketDocument, registry: readonly Staff[] = []): Bundle {
  const entries = packetEntries(packet, registry);
  return withFhirStrings({
    resourceType: 'Bundle',
    identifier: { system: SYSTEMS.uri, value: `urn:uuid:${uuidV5(`evidence-bundle ${packet.patientId} ${packet.month} ${packet.asOf.position}`)}` },
    type: 'collection',
    timestamp: packet.asOf.recordedAt,
    entry: entries.all(),
  });
}
