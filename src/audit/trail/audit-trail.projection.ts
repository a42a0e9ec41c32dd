import type { RecordedEvent } from '../../event-store/event-store.port';
import { bulkInsert } from '../../projections/bulk-insert';
import type { Projection, ReadDatabase } from '../../projections/projection';
import { owningPractice, patientIdOfStream } from '../patient-stream';
import { auditEntryOf } from './audit-entry';

/**
 * Every event of every patient stream, one row each, plus which practice owns each patient (from the first event),
 * queried by `auditTrail`. Rows are keyed by (patient, revision), so the trail reads oldest first from the key.
 */
export class AuditTrailProjection implements Projection {
  readonly name = 'audit-trail';
  readonly version = 1;
  private insertPatients!: (rows: readonly unknown[][]) => void;
  private insertEntries!: (rows: readonly unknown[][]) => void;

  setup(db: ReadDatabase) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS audit_patients (patient_id TEXT PRIMARY KEY, practice_id TEXT);
      CREATE TABLE IF NOT EXISTS audit_entries (
        patient_id TEXT NOT NULL, revision INTEGER NOT NULL, position TEXT NOT NULL, event_id TEXT NOT NULL,
        event_type TEXT NOT NULL, recorded_at TEXT NOT NULL, occurred_at TEXT, actor_id TEXT NOT NULL,
        actor_roles TEXT NOT NULL, correlation_id TEXT, causation_id TEXT, data TEXT NOT NULL, hash TEXT NOT NULL,
        previous_hash TEXT, late_entry INTEGER NOT NULL, manual_entry INTEGER NOT NULL,
        PRIMARY KEY (patient_id, revision));`);
    this.insertPatients = bulkInsert(db, 'INSERT OR IGNORE INTO audit_patients (patient_id, practice_id)', 2);
    this.insertEntries = bulkInsert(
      db,
      `INSERT OR REPLACE INTO audit_entries (patient_id, revision, position, event_id, event_type, recorded_at, occurred_at, actor_id,
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
      const patientId = patientIdOfStream(event.streamId);
      if (patientId === undefined) continue;
      if (event.revision === 0n) patients.push([patientId, owningPractice(event)]);
      const entry = auditEntryOf(event);
      entries.push([
        patientId,
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
