import type { Statement } from 'better-sqlite3';
import { BILLING_STREAM_PREFIX, type ClaimSubmitted } from '../../billing/month/billing-month.events';
import type { RecordedEvent } from '../../event-store/event-store.port';
import type { Projection, ReadDatabase } from '../../projections/projection';
import { normalizePatientId } from '../../audit/patient-stream';

/**
 * The evidence index: which claim was submitted for a patient-month, to which payer, by which practice, and where its
 * ClaimSubmitted event is. A payer's token carries no practice, so this is how its request finds the practice and the
 * claim (by patient and month); the packet then reads the claim event itself from the log.
 */
export class SubmissionIndexProjection implements Projection {
  readonly name = 'evidence-submissions';
  // 2: the claim's Medicare id, by which a payer's CDex attachment request names the member.
  // 3: keyed by practice too (two practices may use one patient id, see patientStreamKey).
  readonly version = 3;
  private upsert!: Statement;

  setup(db: ReadDatabase) {
    db.exec(`CREATE TABLE IF NOT EXISTS evidence_submissions (
      patient_id TEXT NOT NULL, month TEXT NOT NULL, practice_id TEXT NOT NULL, payer_id TEXT NOT NULL,
      stream TEXT NOT NULL, revision TEXT NOT NULL, event_id TEXT NOT NULL, submitted_at TEXT NOT NULL, medicare_id TEXT,
      PRIMARY KEY (practice_id, patient_id, month));
      CREATE INDEX IF NOT EXISTS evidence_submissions_by_member ON evidence_submissions (payer_id, medicare_id, month);
      CREATE INDEX IF NOT EXISTS evidence_submissions_by_payer ON evidence_submissions (payer_id, month);`);
    // Billing accepts one claim per patient-month; should a later one ever be recorded, it is the one in force.
    this.upsert = db.prepare(`INSERT INTO evidence_submissions (patient_id, month, practice_id, payer_id, stream, revision, event_id, submitted_at, medicare_id)
      VALUES (@patientId, @month, @practiceId, @payerId, @stream, @revision, @eventId, @submittedAt, @medicareId)
      ON CONFLICT (practice_id, patient_id, month) DO UPDATE SET payer_id = excluded.payer_id, stream = excluded.stream,
        revision = excluded.revision, event_id = excluded.event_id, submitted_at = excluded.submitted_at, medicare_id = excluded.medicare_id`);
  }

  reset(db: ReadDatabase) {
    db.exec('DROP TABLE IF EXISTS evidence_submissions;');
  }

  apply(_db: ReadDatabase, event: RecordedEvent) {
    if (event.type !== 'ClaimSubmitted' || !event.streamId.startsWith(BILLING_STREAM_PREFIX)) return;
    const { patientId, month, practiceId, payerId, medicareId } = event.data as ClaimSubmitted['data'];
    this.upsert.run({
      patientId: normalizePatientId(patientId),
      month,
      practiceId,
      payerId,
      stream: event.streamId,
      revision: event.revision.toString(),
      eventId: event.id,
      submittedAt: event.recordedAt.toISOString(),
      medicareId: medicareId ?? null,
    });
  }
}
