import { onCallView } from '../../care-activities/care-activity.view';
import { packetBundle } from '../fhir/packet-bundle';
import type { CarePlanEvidence, ConsentEvidence, EvidencePacketDocument, TimeEntryEvidence } from '../packet/evidence-packet';
import type { SignedPacket } from '../evidence-packets';
import { packetDigest } from '../signing/packet-signature';

/**
 * Where the PDF of this very packet is served (GET with the same bearer token): `packet` names it by the SHA-256 of
 * its json, so the PDF carries this packet's signature, or is refused once the record has changed.
 */
export const pdfPath = (patientId: string, month: string, json: string) => `/exports/evidence/${patientId}/${month}.pdf?packet=${packetDigest(json)}`;

/** GraphQL Consent: `given` means the consent covered this month (the packet's view, not "in force today"). */
function consentField(consent: ConsentEvidence | null) {
  if (!consent)
    return {
      given: false,
      method: null,
      givenAt: null,
      recordedBy: null,
      revokedAt: null,
      revocationReason: null,
      documentReference: null,
      billingPractitionerId: null,
    };
  const { coversMonth, method, givenAt, recordedBy, revokedAt, revocationReason, documentReference, billingPractitionerId } = consent;
  return { given: coversMonth, method, givenAt, recordedBy, revokedAt, revocationReason, documentReference, billingPractitionerId };
}

function carePlanField(plan: CarePlanEvidence | null) {
  if (!plan) return null;
  const lastShare = plan.shares.at(-1);
  return {
    ...plan,
    createdBy: plan.createdBy.staffId,
    sharedWithPatientAt: lastShare?.sharedAt ?? null,
    sharedVersion: lastShare?.version ?? null,
    revisions: plan.revisions.map((revision) => ({ ...revision, revisedBy: revision.revisedBy.staffId, credential: revision.revisedBy.credential })),
  };
}

/** GraphQL CareActivity, from the packet's time entry. */
const activityField = (patientId: string) => (entry: TimeEntryEvidence) => ({
  ...entry,
  patientId,
  performedBy: entry.performer.staffId,
  performerName: entry.performer.name,
  credential: entry.performer.credential,
  afterHours: entry.afterHours !== undefined,
  onCall: onCallView(entry.afterHours),
});

/**
 * GraphQL EvidencePacket. The typed fields are read from the signed document itself, so what a client sees in them
 * is exactly what `json` (and the signature) says; `fhirBundle` is the same document as FHIR R4, `fhirDocument` the
 * same again as a signed FHIR document (Da Vinci CDex).
 */
export function evidencePacketView({ document, json, signature, kid, registry }: SignedPacket, fhirDocument: () => string) {
  const packet: EvidencePacketDocument = document;
  return {
    patientId: packet.patientId,
    month: packet.month,
    // The time the packet speaks for (the latest event it covers), never the clock: the contract's name for it.
    generatedAt: packet.asOf.recordedAt,
    lines: packet.lines,
    consent: consentField(packet.consent),
    carePlan: carePlanField(packet.carePlan),
    activities: packet.timeEntries.map(activityField(packet.patientId)),
    activitiesAfterClaim: (packet.documentedAfterClaim?.timeEntries ?? []).map(activityField(packet.patientId)),
    auditHeadHash: packet.audit.headHash,
    json,
    signature,
    kid,
    pdfUrl: pdfPath(packet.patientId, packet.month, json),
    fhirBundle: JSON.stringify(packetBundle(packet, registry)),
    // Signed only when asked for: each signature reads the clock and the FHIR signing key.
    fhirDocument,
    status: packet.billing.status,
    claim: packet.claim,
    ledgerHead: packet.ledger?.head,
  };
}
