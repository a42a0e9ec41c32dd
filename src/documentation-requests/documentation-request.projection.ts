import type { Statement } from 'better-sqlite3';
import type { RecordedEvent } from '../event-store/event-store.port';
import type { Projection, ReadDatabase } from '../projections/projection';
import { DOCUMENTATION_REQUEST_STREAM_PREFIX, type DocumentationRequestEvent } from './documentation-request.events';

/**
 * The practice's documentation requests with their deadlines and their latest answer. One row per request; the
 * answer's document is kept with it so reading a request never re-signs anything.
 */
export class DocumentationRequestProjection implements Projection {
  readonly name = 'documentation-requests';
  readonly version = 1;
  private insert!: Statement;
  private respond!: Statement;
  private deliver!: Statement;
  private fail!: Statement;

  setup(db: ReadDatabase) {
    db.exec(`CREATE TABLE IF NOT EXISTS documentation_requests (
      practice_id TEXT NOT NULL, request_id TEXT NOT NULL, payer_id TEXT NOT NULL, patient_id TEXT NOT NULL, month TEXT NOT NULL,
      tracking_id TEXT NOT NULL, channel TEXT NOT NULL, requested_codes TEXT NOT NULL, received_at TEXT NOT NULL, due_at TEXT NOT NULL,
      status TEXT NOT NULL, opened_at TEXT NOT NULL, cdex TEXT,
      responded_at TEXT, fhir_document TEXT, document_sha256 TEXT, packet_sha256 TEXT, packet TEXT, deliver_to TEXT,
      delivered_at TEXT, delivery_failure TEXT,
      PRIMARY KEY (practice_id, request_id));
      CREATE INDEX IF NOT EXISTS documentation_requests_by_payer ON documentation_requests (payer_id, request_id);
      CREATE INDEX IF NOT EXISTS documentation_requests_by_due ON documentation_requests (practice_id, status, due_at);`);
    this.insert = db.prepare(`INSERT INTO documentation_requests (practice_id, request_id, payer_id, patient_id, month, tracking_id, channel,
        requested_codes, received_at, due_at, status, opened_at, cdex)
      VALUES (@practiceId, @requestId, @payerId, @patientId, @month, @trackingId, @channel, @requestedCodes, @receivedAt, @dueAt, 'OPEN', @openedAt, @cdex)
      ON CONFLICT (practice_id, request_id) DO NOTHING`);
    // An answer by mail, fax or esMD is sent by the practice: RESPONDED at once. A CDex answer waits for the payer.
    this.respond = db.prepare(`UPDATE documentation_requests SET fhir_document = @fhirDocument, document_sha256 = @documentSha256,
        packet_sha256 = @packetSha256, packet = @packet, deliver_to = @deliverTo, delivered_at = NULL, delivery_failure = NULL,
        status = CASE WHEN @deliverTo IS NULL THEN 'RESPONDED' ELSE status END,
        responded_at = CASE WHEN @deliverTo IS NULL THEN @signedAt ELSE responded_at END
      WHERE practice_id = @practiceId AND request_id = @requestId`);
    this.deliver =
      db.prepare(`UPDATE documentation_requests SET status = 'RESPONDED', responded_at = @deliveredAt, delivered_at = @deliveredAt, delivery_failure = NULL
      WHERE practice_id = @practiceId AND request_id = @requestId AND document_sha256 = @documentSha256`);
    this.fail = db.prepare(`UPDATE documentation_requests SET delivery_failure = @reason
      WHERE practice_id = @practiceId AND request_id = @requestId AND document_sha256 = @documentSha256`);
  }

  reset(db: ReadDatabase) {
    db.exec('DROP TABLE IF EXISTS documentation_requests;');
  }

  apply(_db: ReadDatabase, recorded: RecordedEvent) {
    if (!recorded.streamId.startsWith(DOCUMENTATION_REQUEST_STREAM_PREFIX)) return;
    const event = { type: recorded.type, data: recorded.data } as DocumentationRequestEvent;
    switch (event.type) {
      case 'DocumentationRequestOpened': {
        const { requestedCodes, cdex, dueFrom: _dueFrom, claimEventId: _claim, ...data } = event.data;
        this.insert.run({
          ...data,
          requestedCodes: JSON.stringify(requestedCodes),
          cdex: cdex && JSON.stringify(cdex),
          openedAt: recorded.recordedAt.toISOString(),
        });
        return;
      }
      case 'DocumentationRequestResponded': {
        const { payerId: _payer, packet, ...data } = event.data;
        this.respond.run({ ...data, packet: JSON.stringify(packet) });
        return;
      }
      case 'DocumentationDeliverySucceeded': {
        const { requestId, practiceId, documentSha256, deliveredAt } = event.data;
        this.deliver.run({ requestId, practiceId, documentSha256, deliveredAt });
        return;
      }
      case 'DocumentationDeliveryFailed': {
        const { requestId, practiceId, documentSha256, reason, attempts, failedAt } = event.data;
        this.fail.run({ requestId, practiceId, documentSha256, reason: `${failedAt}: ${reason} after ${attempts} attempt${attempts === 1 ? '' : 's'}` });
        return;
      }
      default:
        return;
    }
  }
}
