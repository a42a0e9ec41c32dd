import type { Statement } from 'better-sqlite3';
import type { RecordedEvent } from '../event-store/event-store.port';
import { PATIENT_EVENT_TYPES, type PatientEvent } from '../patient-stream/patient-event';
import type { Projection, ReadDatabase } from '../projections/projection';
import { activityAmendedBy, activityStartedBy, amendActivity, type CareActivityState } from './care-activity.state';

/**
 * Care activities across patients, by practice and month (the practice's zone), for month-wide readers such as
 * billing. Each row holds the activity as it stands after corrections, folded by the same functions as the record.
 */
export class CareActivityProjection implements Projection {
  readonly name = 'care-activities';
  readonly version = 1;
  private insert!: Statement;
  private select!: Statement<[string, string], { activity: string }>;
  private update!: Statement;

  setup(db: ReadDatabase) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS care_activities (
        patient_id TEXT NOT NULL, activity_id TEXT NOT NULL, practice_id TEXT NOT NULL, month TEXT NOT NULL,
        status TEXT NOT NULL, started_at TEXT NOT NULL, activity TEXT NOT NULL, PRIMARY KEY (patient_id, activity_id));
      CREATE INDEX IF NOT EXISTS care_activities_by_practice_and_month ON care_activities (practice_id, month, patient_id);`);
    this.insert = db.prepare(`INSERT OR REPLACE INTO care_activities (patient_id, activity_id, practice_id, month, status, started_at, activity)
      VALUES (@patientId, @activityId, @practiceId, @month, @status, @startedAt, @activity)`);
    this.select = db.prepare('SELECT activity FROM care_activities WHERE patient_id = ? AND activity_id = ?');
    this.update = db.prepare(`UPDATE care_activities SET month = @month, status = @status, started_at = @startedAt, activity = @activity
      WHERE patient_id = @patientId AND activity_id = @activityId`);
  }

  reset(db: ReadDatabase) {
    db.exec('DROP TABLE IF EXISTS care_activities;');
  }

  apply(_db: ReadDatabase, recorded: RecordedEvent) {
    if (!PATIENT_EVENT_TYPES.has(recorded.type)) return;
    const event = { type: recorded.type, data: recorded.data } as PatientEvent;
    const { patientId, practiceId } = event.data;
    const started = activityStartedBy(event);
    if (started) {
      this.insert.run(this.row(patientId, practiceId, started));
      return;
    }
    const amendedId = activityAmendedBy(event);
    if (amendedId === null) return;
    const stored = this.select.get(patientId, amendedId);
    if (!stored) return;
    this.update.run(this.row(patientId, practiceId, amendActivity(JSON.parse(stored.activity) as CareActivityState, event)));
  }

  private row(patientId: string, practiceId: string, activity: CareActivityState) {
    return { patientId, practiceId, activityId: activity.id, month: activity.month, status: activity.status, startedAt: activity.startedAt, activity: JSON.stringify(activity) };
  }
}
