import { Args, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '../../auth/actor';
import { CurrentActor, Roles } from '../../auth/auth.guard';
import { pageWindow, toConnection } from '../../graphql/pagination';
import { SubmissionIndex } from '../access/submission-index';
import { EVIDENCE_READERS, PAYER_CLAIM_READERS } from '../evidence-roles';
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
    private readonly submissions: SubmissionIndex,
  ) {}

  /** Logged in the access log (Query.evidencePacket in patient-data-reads.ts). */
  @Query('evidencePacket')
  @Roles(...EVIDENCE_READERS)
  async evidencePacket(@CurrentActor() actor: Actor, @Args('patientId') patientId: string, @Args('month') month: string) {
    const signed = await this.packets.signedPacket(actor, patientId, month);
    return evidencePacketView(signed, () => this.fhirSigner.sign(signed.document, signed.registry).json);
  }

  /** A payer's claims (Query.submittedClaims in patient-data-reads.ts): only those submitted to its own payerId. */
  @Query('submittedClaims')
  @Roles(...PAYER_CLAIM_READERS)
  submittedClaims(
    @CurrentActor() actor: Actor,
    @Args('first') first?: number | null,
    @Args('after') after?: string | null,
    @Args('month') month?: string | null,
  ) {
    const window = pageWindow(first, after);
    const { claims, totalCount } = this.submissions.submittedTo(actor.payerId ?? '', month ?? null, window);
    return toConnection(claims, window, totalCount);
  }

  /** Any authenticated caller; the same key is public at GET /evidence/jwks.json. */
  @Query('evidenceSigningKey')
  evidenceSigningKey() {
    return publishedKey(this.signer.publicJwk);
  }
}
