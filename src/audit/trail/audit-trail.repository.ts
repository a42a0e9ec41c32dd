import { Inject, Injectable } from '@nestjs/common';
import type { Database } from 'better-sqlite3';
import { READ_DB } from '../../projections/projections.module';
import { normalizePatientId } from '../patient-stream';
import type { TimeRange } from '../time-range';
import type { AuditEntry } from './audit-entry';

type EntryRow = Omit<AuditEntry, 'actorRoles' | 'lateEntry' | 'manualEntry'> & { actorRoles: string; lateEntry: number; manualEntry: number };

const ENTRY_COLUMNS = `position, revision, event_id AS eventId, event_type AS eventType, recorded_at AS recordedAt,
  occurred_at AS occurredAt, actor_id AS actorId, actor_roles AS actorRoles, correlation_id AS correlationId,
  causation_id AS causationId, data, hash, previous_hash AS previousHash, late_entry AS lateEntry, manual_entry AS manualEntry`;
const IN_RANGE = '(@from IS NULL OR recorded_at >= @from) AND (@to IS NULL OR recorded_at < @to)';

const toEntry = (row: EntryRow): AuditEntry => ({
  ...row,
  actorRoles: JSON.parse(row.actorRoles) as string[],
  lateEntry: row.lateEntry === 1,
  manualEntry: row.manualEntry === 1,
});

/** Queries of the audit trail read model. */
@Injectable()
export class AuditTrailRepository {
  constructor(@Inject(READ_DB) private readonly db: Database) {}

  /**
   * The key of the stream holding the practice's record of the patient; undefined when the practice never had
   * that id, whether or not another practice uses it (both are answered alike).
   */
  streamKeyOf(practiceId: string, patientId: string): string | undefined {
    return this.db
      .prepare('SELECT stream_key FROM audit_patients WHERE practice_id = ? AND patient_id = ?')
      .pluck()
      .get(practiceId, normalizePatientId(patientId)) as string | undefined;
  }

  /**
   * The practice that holds each known patient id among `patientIds` (one query for a whole batch), for reads by
   * someone outside any practice. An id two practices use is filed under the one that enrolled it first.
   */
  practicesOf(patientIds: readonly string[]): Map<string, string | null> {
    const rows = this.db
      .prepare(
        'SELECT patient_id AS patientId, practice_id AS practiceId FROM audit_patients WHERE stream_key = patient_id AND patient_id IN (SELECT value FROM json_each(?))',
      )
      .all(JSON.stringify(patientIds)) as { patientId: string; practiceId: string | null }[];
    return new Map(rows.map((row) => [row.patientId, row.practiceId]));
  }

  /** One page of the entries of a patient stream (streamKeyOf) recorded in the range, oldest first, and how many there are in all. */
  entries(streamKey: string, range: TimeRange, window: { offset: number; limit: number }): { entries: AuditEntry[]; totalCount: number } {
    const params = { streamKey, ...range };
    const { n } = this.db.prepare(`SELECT count(*) AS n FROM audit_entries WHERE stream_key = @streamKey AND ${IN_RANGE}`).get(params) as { n: number };
    const rows = this.db
      .prepare(`SELECT ${ENTRY_COLUMNS} FROM audit_entries WHERE stream_key = @streamKey AND ${IN_RANGE} ORDER BY revision LIMIT @limit OFFSET @offset`)
      .all({ ...params, ...window }) as EntryRow[];
    return { entries: rows.map(toEntry), totalCount: n };
  }
}
