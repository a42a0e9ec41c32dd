import { Inject, Injectable } from '@nestjs/common';
import type { Database, Statement } from 'better-sqlite3';
import { READ_DB } from '../projections/projections.module';
import type { CareActivityState } from './care-activity.state';
import { toCareActivityView, type CareActivityView } from './care-activity.view';

type Row = { patientId: string; activity: string };

/** Care activities of one practice and month (e.g. for billing), every query scoped by the caller's practice. */
@Injectable()
export class CareActivityRepository {
  private inMonthStatement?: Statement<[string, string], Row>;

  constructor(@Inject(READ_DB) private readonly db: Database) {}

  /** Ordered by patient, then start. Includes corrected and voided entries, with their status. */
  inMonth(practiceId: string, month: string): CareActivityView[] {
    this.inMonthStatement ??= this.db.prepare(
      'SELECT patient_id AS patientId, activity FROM care_activities WHERE practice_id = ? AND month = ? ORDER BY patient_id, started_at, activity_id',
    );
    return this.inMonthStatement.all(practiceId, month).map((row) => toCareActivityView(row.patientId, JSON.parse(row.activity) as CareActivityState));
  }
}
