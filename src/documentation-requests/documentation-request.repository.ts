import { Inject, Injectable } from '@nestjs/common';
import type { Database } from 'better-sqlite3';
import { READ_DB } from '../projections/projections.module';
import type { CdexRequestDetails } from './documentation-request.events';
import type { RequestChannel } from './response-deadline';

export type DocumentationRequestStatus = 'OPEN' | 'RESPONDED' | 'WITHDRAWN';

/** Whose requests a caller sees: its practice's, or (a payer) those it sent, in whichever practice. */
export type RequestScope = { practiceId: string } | { payerId: string };

export interface DocumentationRequestRow {
  practiceId: string;
  requestId: string;
  payerId: string;
  patientId: string;
  month: string;
  trackingId: string;
  channel: RequestChannel;
  requestedCodes: string[];
  receivedAt: string;
  dueAt: string;
  status: DocumentationRequestStatus;
  cdex: CdexRequestDetails | null;
  respondedAt: string | null;
  response: {
    fhirDocument: string;
    documentSha256: string;
    packetSha256: string;
    /** The signed evidence packet the answer was made from. */
    packet: { json: string; signature: string; kid: string };
    deliverTo: string | null;
    deliveredAt: string | null;
    deliveryFailure: string | null;
  } | null;
}

export interface RequestFilter {
  status?: DocumentationRequestStatus | null;
  overdue?: boolean | null;
  payerId?: string | null;
  patientId?: string | null;
}

const SELECT = `SELECT practice_id AS practiceId, request_id AS requestId, payer_id AS payerId, patient_id AS patientId, month,
  tracking_id AS trackingId, channel, requested_codes AS requestedCodes, received_at AS receivedAt, due_at AS dueAt, status, cdex,
  responded_at AS respondedAt, fhir_document AS fhirDocument, document_sha256 AS documentSha256, packet_sha256 AS packetSha256,
  packet, deliver_to AS deliverTo, delivered_at AS deliveredAt, delivery_failure AS deliveryFailure FROM documentation_requests`;

type Row = Omit<DocumentationRequestRow, 'requestedCodes' | 'cdex' | 'response'> & { requestedCodes: string; cdex: string | null } & {
  fhirDocument: string | null;
  documentSha256: string | null;
  packetSha256: string | null;
  packet: string | null;
  deliverTo: string | null;
  deliveredAt: string | null;
  deliveryFailure: string | null;
};

function toRow({
  requestedCodes,
  cdex,
  fhirDocument,
  documentSha256,
  packetSha256,
  packet,
  deliverTo,
  deliveredAt,
  deliveryFailure,
  ...row
}: Row): DocumentationRequestRow {
  return {
    ...row,
    requestedCodes: JSON.parse(requestedCodes) as string[],
    cdex: cdex === null ? null : (JSON.parse(cdex) as CdexRequestDetails),
    response:
      fhirDocument === null
        ? null
        : { fhirDocument, documentSha256: documentSha256!, packetSha256: packetSha256!, packet: JSON.parse(packet!), deliverTo, deliveredAt, deliveryFailure },
  };
}

function scopeClause(scope: RequestScope): { sql: string; value: string } {
  return 'practiceId' in scope ? { sql: 'practice_id = ?', value: scope.practiceId } : { sql: 'payer_id = ?', value: scope.payerId };
}

/** Queries of the documentation requests read model; every one is scoped to a practice or to a payer. */
@Injectable()
export class DocumentationRequestRepository {
  constructor(@Inject(READ_DB) private readonly db: Database) {}

  find(scope: RequestScope, requestId: string): DocumentationRequestRow | null {
    const { sql, value } = scopeClause(scope);
    // A payer's request ids are unique across practices: CareLedger names a CDex Task itself (uuid) and a payer's own ids are its own.
    const row = this.db.prepare(`${SELECT} WHERE ${sql} AND request_id = ? ORDER BY practice_id LIMIT 1`).get(value, requestId) as Row | undefined;
    return row ? toRow(row) : null;
  }

  /** Due first; `now` decides which open requests are overdue. */
  list(
    scope: RequestScope,
    filter: RequestFilter,
    now: Date,
    window: { offset: number; limit: number },
  ): { rows: DocumentationRequestRow[]; totalCount: number } {
    const { sql, value } = scopeClause(scope);
    const where = [sql];
    const values: unknown[] = [value];
    const and = (condition: string, bound: unknown) => {
      where.push(condition);
      values.push(bound);
    };
    if (filter.status) and('status = ?', filter.status);
    if (filter.payerId) and('payer_id = ?', filter.payerId);
    if (filter.patientId) and('patient_id = ?', filter.patientId);
    if (filter.overdue === true) and("status = 'OPEN' AND due_at < ?", now.toISOString());
    if (filter.overdue === false) and("NOT (status = 'OPEN' AND due_at < ?)", now.toISOString());
    const clause = where.join(' AND ');
    const { count } = this.db.prepare(`SELECT COUNT(*) AS count FROM documentation_requests WHERE ${clause}`).get(...values) as { count: number };
    const rows = this.db
      .prepare(`${SELECT} WHERE ${clause} ORDER BY due_at, practice_id, request_id LIMIT ? OFFSET ?`)
      .all(...values, window.limit, window.offset) as Row[];
    return { rows: rows.map(toRow), totalCount: count };
  }

  /** A practice's open requests about one month's claims, due first (what its billing month shows as a reason to act). */
  openFor(practiceId: string, month: string): DocumentationRequestRow[] {
    return (
      this.db.prepare(`${SELECT} WHERE practice_id = ? AND month = ? AND status = 'OPEN' ORDER BY due_at, request_id`).all(practiceId, month) as Row[]
    ).map(toRow);
  }
}
