import type { Statement } from 'better-sqlite3';
import { activityAmendedBy, activityStartedBy } from '../care-activities/care-activity.state';
import type { RecordedEvent } from '../event-store/event-store.port';
import { PATIENT_EVENT_TYPES, type PatientEvent } from '../patient-stream/patient-event';
import type { Projection, ReadDatabase } from '../projections/projection';
import { ProjectionApplyError } from '../projections/projection-apply-error';

/**
 * What the worklist needs besides billing's figures and the tasks: each patient's care manager now and latest contact
 * (a care activity with the patient or on their behalf, not voided), and every activity's start, so "last contact"
 * by the end of an earlier month is found for the few patients contacted since.
 */
export class WorklistProjection implements Projection {
  readonly name = 'worklist';
  // 2: keyed by practice too (two practices may use one patient id, see patientStreamKey).
  readonly version = 2;
  private statements!: {
    enrol: Statement;
    assign: Statement;
    contact: Statement;
    laterContact: Statement;
    moveContact: Statement;
    voidContact: Statement;
    lastContact: Statement;
  };

  setup(db: ReadDatabase) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS worklist_patients (patient_id TEXT NOT NULL, practice_id TEXT NOT NULL, program TEXT NOT NULL, care_manager_id TEXT, last_contact_ms INTEGER,
        PRIMARY KEY (practice_id, patient_id));
      CREATE INDEX IF NOT EXISTS worklist_patients_by_practice ON worklist_patients (practice_id, care_manager_id);
      CREATE TABLE IF NOT EXISTS worklist_contacts (
        patient_id TEXT NOT NULL, activity_id TEXT NOT NULL, practice_id TEXT NOT NULL, started_ms INTEGER NOT NULL, voided INTEGER NOT NULL,
        PRIMARY KEY (practice_id, patient_id, activity_id));
      CREATE INDEX IF NOT EXISTS worklist_contacts_by_practice ON worklist_contacts (practice_id, started_ms);`);
    this.statements = {
      enrol: db.prepare('INSERT OR IGNORE INTO worklist_patients (patient_id, practice_id, program, care_manager_id) VALUES (?, ?, ?, NULL)'),
      assign: db.prepare('UPDATE worklist_patients SET care_manager_id = ? WHERE practice_id = ? AND patient_id = ?'),
      contact: db.prepare('INSERT OR IGNORE INTO worklist_contacts (patient_id, activity_id, practice_id, started_ms, voided) VALUES (?, ?, ?, ?, 0)'),
      laterContact: db.prepare(
        'UPDATE worklist_patients SET last_contact_ms = max(coalesce(last_contact_ms, @startedMs), @startedMs) WHERE practice_id = @practiceId AND patient_id = @patientId',
      ),
      moveContact: db.prepare('UPDATE worklist_contacts SET started_ms = ? WHERE practice_id = ? AND patient_id = ? AND activity_id = ?'),
      voidContact: db.prepare('UPDATE worklist_contacts SET voided = 1 WHERE practice_id = ? AND patient_id = ? AND activity_id = ?'),
      lastContact: db.prepare(
        `UPDATE worklist_patients SET last_contact_ms = (SELECT max(started_ms) FROM worklist_contacts WHERE practice_id = @practiceId AND patient_id = @patientId AND voided = 0)
          WHERE practice_id = @practiceId AND patient_id = @patientId`,
      ),
    };
  }

  reset(db: ReadDatabase) {
    db.exec('DROP TABLE IF EXISTS worklist_patients; DROP TABLE IF EXISTS worklist_contacts;');
  }

  apply(db: ReadDatabase, recorded: RecordedEvent) {
    this.applyBatch(db, [recorded]);
  }

  /** A patient's latest contact after a void or a moved start is worked out once per page, however many the page holds. */
  applyBatch(_db: ReadDatabase, events: readonly RecordedEvent[]) {
    // By practice and patient (JSON): two practices may use one patient id.
    const contacted = new Set<string>();
    for (const recorded of events) {
      try {
        if (this.fold(recorded)) contacted.add(JSON.stringify([recorded.data.practiceId, recorded.data.patientId]));
      } catch (error) {
        throw new ProjectionApplyError(this.name, recorded, error);
      }
    }
    for (const patient of contacted) {
      const [practiceId, patientId] = JSON.parse(patient) as [string, string];
      this.statements.lastContact.run({ practiceId, patientId });
    }
  }

  /** Folds one event; true when it voided or moved a contact (the patient's latest contact must be looked for again). */
  private fold(recorded: RecordedEvent): boolean {
    if (!PATIENT_EVENT_TYPES.has(recorded.type) || !recorded.streamId.startsWith('patient-')) return false;
    const event = { type: recorded.type, data: recorded.data } as PatientEvent;
    const { patientId, practiceId } = event.data;
    if (event.type === 'PatientEnrolled') this.statements.enrol.run(patientId, practiceId, event.data.program);
    else if (event.type === 'CareManagerAssigned') this.statements.assign.run(event.data.careManager.staffId, practiceId, patientId);
    const started = activityStartedBy(event);
    if (started) {
      const startedMs = Date.parse(started.startedAt);
      // A new contact can only move the latest one later (an activity already known changes nothing).
      if (this.statements.contact.run(patientId, started.id, practiceId, startedMs).changes > 0)
        this.statements.laterContact.run({ practiceId, patientId, startedMs });
    }
    const amended = activityAmendedBy(event);
    if (event.type === 'CallVoided') this.statements.voidContact.run(practiceId, patientId, amended);
    else if (event.type === 'CallCorrected' && event.data.startedAt)
      this.statements.moveContact.run(Date.parse(event.data.startedAt), practiceId, patientId, amended);
    else return false;
    return true;
  }
}
