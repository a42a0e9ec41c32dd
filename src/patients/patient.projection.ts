import type { Statement } from 'better-sqlite3';
import type { RecordedEvent } from '../event-store/event-store.port';
import type { Projection, ReadDatabase } from '../projections/projection';
import { evolvePatientRecord, initialPatientRecord, PATIENT_EVENT_TYPES, type PatientEvent, type PatientRecord } from './patient-record';
import { isEnrolled, patientConsented, patientEligibility } from './patient.view';

/** Lower-cased name for case-insensitive substring search. */
export const searchableName = (name: string) => name.toLowerCase();

/**
 * The patients read model: one row per patient with the folded PatientRecord as JSON (the same fold the
 * deciders use), the stream revision, and the columns `patients` filters and orders by.
 */
export class PatientProjection implements Projection {
  readonly name = 'patients';
  readonly version = 1;
  private selectRecord!: Statement<[string], { record: string }>;
  private upsert!: Statement;

  setup(db: ReadDatabase) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS patients (
        id TEXT PRIMARY KEY, practice_id TEXT NOT NULL, name TEXT NOT NULL, search_name TEXT NOT NULL, medicare_id TEXT,
        eligible INTEGER NOT NULL, consented INTEGER NOT NULL, record TEXT NOT NULL, version INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS patients_by_practice_and_name ON patients (practice_id, search_name, id);
      CREATE INDEX IF NOT EXISTS patients_by_practice_and_medicare_id ON patients (practice_id, medicare_id);`);
    this.selectRecord = db.prepare('SELECT record FROM patients WHERE id = ?');
    this.upsert = db.prepare(`
      INSERT INTO patients (id, practice_id, name, search_name, medicare_id, eligible, consented, record, version)
      VALUES (@id, @practiceId, @name, @searchName, @medicareId, @eligible, @consented, @record, @version)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, search_name = excluded.search_name, medicare_id = excluded.medicare_id,
        eligible = excluded.eligible, consented = excluded.consented, record = excluded.record, version = excluded.version`);
  }

  reset(db: ReadDatabase) {
    db.exec('DROP TABLE IF EXISTS patients;');
  }

  apply(_db: ReadDatabase, recorded: RecordedEvent) {
    if (!PATIENT_EVENT_TYPES.has(recorded.type) || !recorded.streamId.startsWith('patient-')) return;
    const event = { type: recorded.type, data: recorded.data } as PatientEvent;
    const patientId = event.data.patientId;
    const stored = event.type === 'PatientEnrolled' ? initialPatientRecord() : this.load(patientId);
    if (!stored) return;
    const record = evolvePatientRecord(stored, event);
    if (!isEnrolled(record)) return;
    const { enrollment } = record;
    this.upsert.run({
      id: patientId,
      practiceId: enrollment.practiceId,
      name: enrollment.name,
      searchName: searchableName(enrollment.name),
      medicareId: enrollment.medicareId,
      eligible: patientEligibility(record).eligible ? 1 : 0,
      consented: patientConsented(record) ? 1 : 0,
      record: JSON.stringify(record),
      version: Number(recorded.revision),
    });
  }

  private load(patientId: string): PatientRecord | undefined {
    const row = this.selectRecord.get(patientId);
    return row && (JSON.parse(row.record) as PatientRecord);
  }
}
