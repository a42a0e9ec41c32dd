import type { Clock } from '../../../kernel/clock';
import type { EvidencePacketDocument, Staff } from '../../packet/evidence-packet';
import type { FhirSigningKey } from './fhir-signing-key';
import { signedPacketDocument } from './packet-document';

/** A signed FHIR document, as JSON text (the exact bytes delivered and hashed) and the instant it was signed. */
export interface SignedFhirDocument {
  json: string;
  signedAt: Date;
}

/** Signs evidence packets as FHIR documents with this instance's FHIR signing key, at the clock's time. */
export class FhirDocumentSigner {
  constructor(
    private readonly key: FhirSigningKey,
    private readonly clock: Clock,
  ) {}

  sign(packet: EvidencePacketDocument, registry: readonly Staff[]): SignedFhirDocument {
    // Milliseconds are dropped so Signature.when and the JWS sigT read the same at any precision a verifier keeps.
    const signedAt = new Date(Math.floor(this.clock.now().getTime() / 1000) * 1000);
    const bundle = signedPacketDocument(packet, registry, this.key, signedAt);
    return { json: JSON.stringify(bundle), signedAt };
  }
}
