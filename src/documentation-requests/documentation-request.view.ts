import { deadlineStanding } from './response-deadline';
import type { DocumentationRequestRow } from './documentation-request.repository';

/** Where a response's PDF is served (response-pdf.controller.ts). */
export const responsePdfPath = (requestId: string) => `/exports/documentation-requests/${requestId}.pdf`;

/** GraphQL DocumentationRequest: days left and overdue as of `now`, counted in the practice's zone. */
export function documentationRequestView(row: DocumentationRequestRow, now: Date, timeZone: string) {
  const standing = deadlineStanding(new Date(row.dueAt), now, timeZone);
  const { response } = row;
  return {
    id: row.requestId,
    trackingId: row.trackingId,
    payerId: row.payerId,
    patientId: row.patientId,
    month: row.month,
    channel: row.channel,
    requestedCodes: row.requestedCodes,
    receivedAt: row.receivedAt,
    dueAt: row.dueAt,
    status: row.status,
    // Only an unanswered request is late; an answered one keeps its figures for the record.
    overdue: row.status === 'OPEN' && standing.overdue,
    daysLeft: standing.daysLeft,
    respondedAt: row.respondedAt,
    response: response && {
      fhirDocument: response.fhirDocument,
      pdfUrl: responsePdfPath(row.requestId),
      deliveredTo: response.deliveredAt ? response.deliverTo : null,
      deliveredAt: response.deliveredAt,
      deliveryFailure: response.deliveryFailure,
    },
  };
}
