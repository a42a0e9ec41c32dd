import { Args, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '../../auth/actor';
import { CurrentActor, Roles } from '../../auth/auth.guard';
import { EVIDENCE_READERS } from '../evidence-roles';
import { EvidencePackets } from '../evidence-packets';
import { FhirDocumentSigner } from '../fhir/document/fhir-document-signer';
import { EvidenceSigner } from '../signing/evidence-signer';
import { publishedKey } from '../signing/published-key';
import { evidencePacketView } from './evidence-packet.view';

@Resolver()
export class EvidenceResolver {
  constructor(
    private readonly packets: EvidencePackets,
    private readonly signer: EvidenceSigner,
    private readonly fhirSigner: FhirDocumentSigner,
  ) {}

  /** Logged in the access log (Query.evidencePacket in patient-data-reads.ts). */
  @Query('evidencePacket')
  @Roles(...EVIDENCE_READERS)
  async evidencePacket(@CurrentActor() actor: Actor, @Args('patientId') patientId: string, @Args('month') month: string) {
    const signed = await this.packets.signedPacket(actor, patientId, month);
    return evidencePacketView(signed, () => this.fhirSigner.sign(signed.document, signed.registry).json);
  }

  /** Any authenticated caller; the same key is public at GET /evidence/jwks.json. */
  @Query('evidenceSigningKey')
  evidenceSigningKey() {
    return publishedKey(this.signer.publicJwk);
  }
}
