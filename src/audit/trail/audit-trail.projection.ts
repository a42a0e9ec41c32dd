import type { RecordedEvent } from '../../event-store/event-store.port';
import { bulkInsert } from '../../projections/bulk-insert';
import type { Projection, ReadDatabase } from '../../projections/projection';
import { owningPractice, patientIdIn, patientStreamKeyOf } from '../patient-stream';
import { auditEntryOf } from './audit-entry';

/**
 * Every event of every patient stream, one row each, plus which practice's patient id each stream holds (from the
 * first event: two practices may use one id, see patientStreamKey), queried by `auditTrail`. Rows are keyed by
 * (stream key, revision), so the trail reads oldest first from the key.
 */
export class AuditTrailProjection implements Projection {
  readonly name = 'audit-trail';
  // 2: a stream's patient is (practice, patient id), no longer the id in its name.
  readonly version = 2;
  private insertPatients!: (rows: readonly unknown[][]) => void;
  private insertEntries!: (rows: readonly unknown[][]) => void;

  setup(db: ReadDatabase) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS audit_patients (stream_key TEXT PRIMARY KEY, patient_id TEXT NOT NULL, practice_id TEXT);
      CREATE INDEX IF NOT EXISTS audit_patients_by_practice ON audit_patients (practice_id, patient_id);
      CREATE TABLE IF NOT EXISTS audit_entries (
        stream_key TEXT NOT NULL, revision INTEGER NOT NULL, position TEXT NOT NULL, event_id TEXT NOT NULL,
        event_type TEXT NOT NULL, recorded_at TEXT NOT NULL, occurred_at TEXT, actor_id TEXT NOT NULL,
        actor_roles TEXT NOT NULL, correlation_id TEXT, causation_id TEXT, data TEXT NOT NULL, hash TEXT NOT NULL,
        previous_hash TEXT, late_entry INTEGER NOT NULL, manual_entry INTEGER NOT NULL,
        PRIMARY KEY (stream_key, revision));`);
    this.insertPatients = bulkInsert(db, 'INSERT OR IGNORE INTO audit_patients (stream_key, patient_id, practice_id)', 3);
    this.insertEntries = bulkInsert(
      db,
      `INSERT OR REPLACE INTO audit_entries (stream_key, revision, position, event_id, event_type, recorded_at, occurred_at, actor_id,
        actor_roles, correlation_id, causation_id, data, hash, previous_hash, late_entry, manual_entry)`,
      16,
    );
  }

  reset(db: ReadDatabase) {
    db.exec('DROP TABLE IF EXISTS audit_patients; DROP TABLE IF EXISTS audit_entries;');
  }

  apply(db: ReadDatabase, event: RecordedEvent) {
    this.applyBatch(db, [event]);
  }

  /** A page in two multi-row inserts (the page's new patients, then its entries, in log order). */
  applyBatch(_db: ReadDatabase, events: readonly RecordedEvent[]) {
    const patients: unknown[][] = [];
    const entries: unknown[][] = [];
    for (const event of events) {
      const streamKey = patientStreamKeyOf(event.streamId);
      if (streamKey === undefined) continue;
      if (event.revision === 0n) patients.push([streamKey, patientIdIn(event, streamKey), owningPractice(event)]);
      const entry = auditEntryOf(event);
      entries.push([
        streamKey,
        entry.revision,
        entry.position,
        entry.eventId,
        entry.eventType,
        entry.recordedAt,
        entry.occurredAt,
        entry.actorId,
        JSON.stringify(entry.actorRoles),
        entry.correlationId,
        entry.causationId,
        entry.data,
        entry.hash,
        entry.previousHash,
        entry.lateEntry ? 1 : 0,
        entry.manualEntry ? 1 : 0,
      ]);
    }
    this.insertPatients(patients);
    this.insertEntries(entries);
  }
}
