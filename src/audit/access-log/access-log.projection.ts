import type { Statement } from 'better-sqlite3';
import type { EventMetadata } from '../../event-store/envelope';
import type { RecordedEvent } from '../../event-store/event-store.port';
import type { Projection, ReadDatabase } from '../../projections/projection';
import { isAccessLogStream, PATIENT_DATA_ACCESSED, type PatientDataAccessed } from './access-log.events';

/**
 * The access log read model: one row per patient read (one row without a patient for a read of none), in log
 * order. `id` follows the order of the log, so pages stay stable while new reads are appended after them.
 */
export class AccessLogProjection implements Projection {
  readonly name = 'access-log';
  readonly version = 1;
  private insert!: Statement;

  setup(db: ReadDatabase) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS access_log (
        id INTEGER PRIMARY KEY, practice_id TEXT, at TEXT NOT NULL, actor_id TEXT NOT NULL, actor_roles TEXT NOT NULL,
        patient_id TEXT, operation TEXT NOT NULL, event_id TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS access_log_by_time ON access_log (practice_id, at);
      CREATE INDEX IF NOT EXISTS access_log_by_patient ON access_log (practice_id, patient_id, at);
      CREATE INDEX IF NOT EXISTS access_log_by_actor ON access_log (practice_id, actor_id, at);`);
    this.insert = db.prepare(`INSERT INTO access_log (practice_id, at, actor_id, actor_roles, patient_id, operation, event_id)
      VALUES (@practiceId, @at, @actorId, @actorRoles, @patientId, @operation, @eventId)`);
  }

  reset(db: ReadDatabase) {
    db.exec('DROP TABLE IF EXISTS access_log;');
  }

  apply(_db: ReadDatabase, event: RecordedEvent) {
    if (event.type !== PATIENT_DATA_ACCESSED || !isAccessLogStream(event.streamId)) return;
    const { operation, patientIds } = event.data as PatientDataAccessed['data'];
    const metadata = event.metadata as Partial<EventMetadata>;
    const row = {
      practiceId: metadata.practiceId ?? null,
      at: metadata.occurredAt,
      actorId: metadata.actorId,
      actorRoles: JSON.stringify(metadata.actorRoles ?? []),
      operation,
      eventId: event.id,
    };
    if (patientIds.length === 0) this.insert.run({ ...row, patientId: null });
    for (const patientId of patientIds) this.insert.run({ ...row, patientId });
  }
}
