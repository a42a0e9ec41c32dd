import { Inject, Injectable } from '@nestjs/common';
import type { Database } from 'better-sqlite3';
import { READ_DB } from '../../projections/projections.module';
import { normalizePatientId } from '../patient-stream';
import type { TimeRange } from '../time-range';

/** GraphQL AccessLogEntry. */
export interface AccessLogEntry {
  at: string;
  actorId: string;
  actorRoles: string[];
  patientId: string | null;
  operation: string;
}

export interface AccessLogFilter extends TimeRange {
  patientId: string | null;
  actorId: string | null;
}

type Row = Omit<AccessLogEntry, 'actorRoles'> & { actorRoles: string };

/** Queries of the access log read model; always within one practice. */
@Injectable()
export class AccessLogRepository {
  constructor(@Inject(READ_DB) private readonly db: Database) {}

  /** One page of the practice's log matching the filter, in the order it was logged, and how many match in all. */
  entries(practiceId: string, filter: AccessLogFilter, window: { offset: number; limit: number }): { entries: AccessLogEntry[]; totalCount: number } {
    // Only the given filters go into the SQL, so each combination uses its index.
    const conditions = ['practice_id = @practiceId'];
    if (filter.patientId !== null) conditions.push('patient_id = @patientId');
    if (filter.actorId !== null) conditions.push('actor_id = @actorId');
    if (filter.from !== null) conditions.push('at >= @from');
    if (filter.to !== null) conditions.push('at < @to');
    const where = conditions.join(' AND ');
    const params = { practiceId, ...filter, patientId: filter.patientId && normalizePatientId(filter.patientId) };
    const { n } = this.db.prepare(`SELECT count(*) AS n FROM access_log WHERE ${where}`).get(params) as { n: number };
    const rows = this.db
      .prepare(
        `SELECT at, actor_id AS actorId, actor_roles AS actorRoles, patient_id AS patientId, operation FROM access_log
        WHERE ${where} ORDER BY id LIMIT @limit OFFSET @offset`,
      )
      .all({ ...params, ...window }) as Row[];
    return { entries: rows.map((row) => ({ ...row, actorRoles: JSON.parse(row.actorRoles) as string[] })), totalCount: n };
  }
}
