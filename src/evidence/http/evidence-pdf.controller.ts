import { Controller, Get, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { Actor } from '../../auth/actor';
import { CurrentActor, Roles } from '../../auth/auth.guard';
import { isValidYearMonth } from '../../kernel/calendar';
import { badInput } from '../../kernel/domain-error';
import { EVIDENCE_READERS } from '../evidence-roles';
import { EvidencePackets } from '../evidence-packets';
import { renderPacketPdf } from '../pdf/packet-pdf';

/**
 * `GET /exports/evidence/<patientId>/<YYYY-MM>.pdf`: the packet for a human reviewer, with the same bearer token and
 * the same access rules as evidencePacket (401, 403, 404 with the stable code in a JSON body). Each download is in
 * the access log (patient-data-reads.ts).
 */
@Controller('exports/evidence')
export class EvidencePdfController {
  constructor(private readonly packets: EvidencePackets) {}

  @Get(':patientId/:month.pdf')
  @Roles(...EVIDENCE_READERS)
  async pdf(@CurrentActor() actor: Actor, @Param('patientId') patientId: string, @Param('month') month: string, @Res() response: Response): Promise<void> {
    if (!isValidYearMonth(month)) throw badInput('month', 'must be a calendar month, e.g. 2026-03');
    const signed = await this.packets.signedPacket(actor, patientId, month);
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
