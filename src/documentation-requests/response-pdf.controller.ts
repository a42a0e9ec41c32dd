import { Controller, Get, Param } from '@nestjs/common';
import { PatientDataFile } from '../audit/access-log/patient-data-file';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.guard';
import type { EvidencePacketDocument } from '../evidence/packet/evidence-packet';
import { renderPacketPdf } from '../evidence/pdf/packet-pdf';
import { notFound } from '../kernel/domain-error';
import { isUuid } from '../kernel/ids';
import { DOCUMENTATION_REQUEST_READERS } from './documentation-request-roles';
import { DocumentationRequests } from './documentation-requests.service';

/**
 * `GET /exports/documentation-requests/<requestId>.pdf` (DocumentationResponse.pdfUrl): the answered request's
 * evidence as a PDF for a Medicare reviewer, opening with a cover page (tracking number, due date, documents asked
 * for). It renders the signed packet the answer recorded, so it shows what was answered, whatever is documented
 * later. Same readers as the request; in the access log.
 */
@Controller('exports/documentation-requests')
export class ResponsePdfController {
  constructor(private readonly requests: DocumentationRequests) {}

  @Get(':requestId.pdf')
  @Roles(...DOCUMENTATION_REQUEST_READERS)
  async pdf(@CurrentActor() actor: Actor, @Param('requestId') requestId: string): Promise<PatientDataFile> {
    const row = isUuid(requestId) ? this.requests.find(actor, requestId) : null;
    if (!row?.response) throw notFound('Documentation response');
    const { json, signature, kid } = row.response.packet;
    const signed = { document: JSON.parse(json) as EvidencePacketDocument, json, signature, kid };
    const { trackingId, payerId, channel, receivedAt, dueAt, requestedCodes } = row;
    const pdf = await renderPacketPdf(signed, { trackingId, payerId, channel, receivedAt, dueAt, requestedCodes });
    // Patient data: never kept by a shared cache.
    return new PatientDataFile(pdf, { type: 'application/pdf', disposition: `attachment; filename="documentation-${row.requestId}.pdf"` }, [row.patientId]);
  }
}
