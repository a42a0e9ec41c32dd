import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { Actor } from '../../auth/actor';
import { CurrentActor, Roles } from '../../auth/auth.guard';
import { isValidYearMonth } from '../../kernel/calendar';
import { badInput, preconditionFailed } from '../../kernel/domain-error';
import { EVIDENCE_READERS } from '../evidence-roles';
import { EvidencePackets } from '../evidence-packets';
import { renderPacketPdf } from '../pdf/packet-pdf';
import { packetDigest } from '../signing/packet-signature';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * `GET /exports/evidence/<patientId>/<YYYY-MM>.pdf[?packet=<sha256>]`: the packet for a human reviewer, with the
 * same bearer token and the same access rules as evidencePacket (401, 403, 404 with the stable code in a JSON body).
 * Packets are deterministic, so the PDF renders the packet evidencePacket returns for the record as it is; with
 * `packet` (evidencePacket's pdfUrl) it renders that packet only: once the record has changed, 412 PACKET_SUPERSEDED
 * rather than another packet's signature. Each download is in the access log (patient-data-reads.ts).
 */
@Controller('exports/evidence')
export class EvidencePdfController {
  constructor(private readonly packets: EvidencePackets) {}

  @Get(':patientId/:month.pdf')
  @Roles(...EVIDENCE_READERS)
  async pdf(
    @CurrentActor() actor: Actor,
    @Param('patientId') patientId: string,
    @Param('month') month: string,
    @Query('packet') packet: unknown,
    @Res() response: Response,
  ): Promise<void> {
    if (!isValidYearMonth(month)) throw badInput('month', 'must be a calendar month, e.g. 2026-03');
    if (packet !== undefined && (typeof packet !== 'string' || !SHA256_HEX.test(packet)))
      throw badInput('packet', 'must be the SHA-256 (64 lower-case hex digits) of a packet json');
    const signed = await this.packets.signedPacket(actor, patientId, month);
    if (packet !== undefined && packetDigest(signed.json) !== packet) {
      throw preconditionFailed(
        'PACKET_SUPERSEDED',
        'The record has changed since that packet was made; read evidencePacket again for the current packet and its pdfUrl',
      );
    }
    const pdf = await renderPacketPdf(signed);
    response
      .status(200)
      .type('application/pdf')
      // Patient data: never kept by a shared cache.
      .setHeader('cache-control', 'no-store')
      .setHeader('content-disposition', `attachment; filename="evidence-${signed.document.patientId}-${month}.pdf"`)
      .send(pdf);
  }
}
