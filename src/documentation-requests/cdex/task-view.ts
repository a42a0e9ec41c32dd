import { createHash } from 'node:crypto';
import type { DocumentationRequestRow } from '../documentation-request.repository';
import { CDEX } from './cdex-codes';

/** Task.status of a request: requested until answered, in-progress while an answer waits for the payer, completed once it has it. */
export function taskStatus(row: Pick<DocumentationRequestRow, 'status' | 'response'>): 'requested' | 'in-progress' | 'completed' | 'cancelled' {
  if (row.status === 'RESPONDED') return 'completed';
  if (row.status === 'WITHDRAWN') return 'cancelled';
  return row.response ? 'in-progress' : 'requested';
}

/**
 * The Task as the payer posted it, with its id, its current status and, once answered, Task.output naming the
 * signed document sent (its Bundle identifier, SHA-1 hash and size; the document itself went to the PayerUrl).
 */
export function taskView(row: DocumentationRequestRow): Record<string, unknown> {
  if (!row.cdex) throw new Error(`documentation request ${row.requestId} is not a CDex Task`);
  const status = taskStatus(row);
  const { response } = row;
  const answered = status === 'completed' && response;
  const bytes = answered ? Buffer.from(response.fhirDocument, 'utf8') : null;
  const identifier = answered ? (JSON.parse(response.fhirDocument) as { identifier?: { value?: string } }).identifier?.value : undefined;
  return {
    ...row.cdex.task,
    id: row.requestId,
    status,
    ...(answered && bytes
      ? {
          output: [
            {
              type: { coding: [{ system: CDEX.temp, code: CDEX.outputAttachments }] },
              valueAttachment: {
                contentType: 'application/fhir+json',
                ...(identifier ? { url: identifier } : {}),
                size: bytes.length,
                hash: createHash('sha1').update(bytes).digest('base64'),
                title: `Signed documentation answering ${row.trackingId}`,
                creation: response.deliveredAt ?? row.respondedAt ?? undefined,
              },
            },
          ],
        }
      : {}),
  };
}
