import type { Statement } from 'better-sqlite3';
import { activityAmendedBy, activityStartedBy, amendActivity, type CareActivityState } from '../care-activities/care-activity.state';
import type { RecordedEvent } from '../event-store/event-store.port';
import type { Projection, ReadDatabase } from '../projections/projection';
import { PATIENT_EVENT_TYPES, type PatientEvent } from '../patient-stream/patient-event';
import { evolvePatientRecord, initialPatientRecord, type PatientRecord } from '../patient-stream/patient-record';
import { candidateEligibility, likelyQualifyingConditions } from '../enrolment/candidates/candidate-assessment';
import { enrollmentStatusOf, patientIdentity } from '../enrolment/enrollment-status';
import { isEnrolled, patientConsented, patientEligibility } from './patient.view';

/** Lower-cased name for case-insensitive substring search. */
export const searchableName = (name: string) => name.toLowerCase();

/** How many patients' records (without their activities) are kept parsed in memory. */
const CACHED_RECORDS = 1_000;

const NO_ACTIVITIES: PatientRecord['activities'] = [];

/** The parts of a record other than its activities, which are stored apart. */
const BASE_PARTS = [
  'enrollment',
  'conditions',
  'initiatingVisits',
  'externalServices',
  'consents',
  'carePlan',
  'medicationReconciliations',
  'careTeam',
  'intake',
] as const;

/** The record as patient_records stores it: everything but its activities (the view appends them). */
function storedRecord(base: PatientRecord): string {
  const { activities: _activities, ...stored } = base;
  return JSON.stringify(stored);
}

interface CachedRecord {
  /** The revision stored with the record's row: the cache entry is used only while the row still has it. */
  version: number;
  /** The record with `activities` empty (they live in patient_activities). */
  base: PatientRecord;
}

/**
 * The patients read model: per patient, the folded PatientRecord (the same fold the deciders use), the stream
 * revision, and the columns `patients` filters and orders by, read through the `patients` view.
 *
 * A record grows with every documented activity, so it is stored in two parts, each written only when it changes:
 * the record without its activities (`patient_records`, rewritten when an event changes anything else) and its
 * activities (`patient_activities`, one row each in the order they were recorded, with the revision of the event
 * that last changed it). The stream revision is the larger of the two parts' revisions. Logging a call therefore
 * costs one small insert however long the patient's history, and the `patients` view puts the record back
 * together for the repository's queries. Recently used records are also kept parsed in memory, checked against
 * the stored row's revision before use, so a rolled-back batch or a reset never leaves a stale copy in play (an
 * event that changes only activities leaves the cached part as it is).
 */
export class PatientProjection implements Projection {
  readonly name = 'patients';
  // 3: activities carry who documented them and their attestation (issue 12), the record its care team (issue 14)
  // and its intake (issue 15); 4: all three, once merged.
  readonly version = 4;
  private readonly cache = new Map<string, CachedRecord>();
  private statements!: {
    version: Statement<[string], number>;
    select: Statement<[string], { record: string; version: number }>;
    upsert: Statement;
    setVersion: Statement<[number, string]>;
    insertActivity: Statement<[string, string, number, string]>;
    selectActivities: Statement<[string, string], { rowid: number; activity: string }>;
    updateActivity: Statement<[string, number, number]>;
  };

  setup(db: ReadDatabase) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS patient_records (
        id TEXT PRIMARY KEY, practice_id TEXT NOT NULL, name TEXT NOT NULL, search_name TEXT NOT NULL, medicare_id TEXT,
        eligible INTEGER NOT NULL, consented INTEGER NOT NULL, record TEXT NOT NULL, version INTEGER NOT NULL,
        enrollment_status TEXT NOT NULL, likely_conditions INTEGER NOT NULL);
      -- enrollmentCandidates: the practice's IDENTIFIED patients, most likely to qualify first.
      CREATE INDEX IF NOT EXISTS patient_records_candidates ON patient_records (practice_id, enrollment_status, likely_conditions DESC, search_name, id);
      CREATE INDEX IF NOT EXISTS patient_records_by_practice_and_name ON patient_records (practice_id, search_name, id);
      CREATE INDEX IF NOT EXISTS patient_records_by_practice_and_medicare_id ON patient_records (practice_id, medicare_id);
      -- Rows are only ever added (amendments update in place), so rowid order is the order they were recorded in.
      CREATE TABLE IF NOT EXISTS patient_activities (
        patient_id TEXT NOT NULL, activity_id TEXT NOT NULL, revision INTEGER NOT NULL, activity TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS patient_activities_by_patient ON patient_activities (patient_id, activity_id);
      -- record: the stored object (without "activities") with "activities" appended as its last member, the rows'
      -- JSON joined as text (no JSON function has to parse anything).
      CREATE VIEW IF NOT EXISTS patients AS
        SELECT r.id, r.practice_id, r.name, r.search_name, r.medicare_id, r.eligible, r.consented, r.enrollment_status, r.likely_conditions,
          max(r.version, coalesce((SELECT max(a.revision) FROM patient_activities a WHERE a.patient_id = r.id), -1)) AS version,
          substr(r.record, 1, length(r.record) - 1) || ',"activities":[' || coalesce((
            SELECT group_concat(a.activity, ',' ORDER BY a.rowid) FROM patient_activities a WHERE a.patient_id = r.id), '') || ']}' AS record
        FROM patient_records r;`);
    this.statements = {
      version: db.prepare<[string], number>('SELECT version FROM patient_records WHERE id = ?').pluck(),
      select: db.prepare('SELECT record, version FROM patient_records WHERE id = ?'),
      upsert: db.prepare(`
        INSERT INTO patient_records (id, practice_id, name, search_name, medicare_id, eligible, consented, record, version, enrollment_status, likely_conditions)
        VALUES (@id, @practiceId, @name, @searchName, @medicareId, @eligible, @consented, @record, @version, @enrollmentStatus, @likelyConditions)
        ON CONFLICT (id) DO UPDATE SET practice_id = excluded.practice_id, name = excluded.name, search_name = excluded.search_name,
          medicare_id = excluded.medicare_id, eligible = excluded.eligible, consented = excluded.consented, record = excluded.record,
          version = excluded.version, enrollment_status = excluded.enrollment_status, likely_conditions = excluded.likely_conditions`),
      setVersion: db.prepare('UPDATE patient_records SET version = ? WHERE id = ?'),
      insertActivity: db.prepare('INSERT INTO patient_activities (patient_id, activity_id, revision, activity) VALUES (?, ?, ?, ?)'),
      selectActivities: db.prepare('SELECT rowid, activity FROM patient_activities WHERE patient_id = ? AND activity_id = ? ORDER BY rowid'),
      updateActivity: db.prepare('UPDATE patient_activities SET activity = ?, revision = ? WHERE rowid = ?'),
    };
  }

  reset(db: ReadDatabase) {
    this.cache.clear();
    // Version 1 kept everything in a `patients` table; version 2 has a view of that name.
    const patients = db.prepare("SELECT type FROM sqlite_master WHERE name = 'patients'").pluck().get() as string | undefined;
    if (patients === 'table') db.exec('DROP TABLE patients;');
    db.exec('DROP VIEW IF EXISTS patients; DROP TABLE IF EXISTS patient_records; DROP TABLE IF EXISTS patient_activities;');
  }

  apply(_db: ReadDatabase, recorded: RecordedEvent) {
    if (!PATIENT_EVENT_TYPES.has(recorded.type) || !recorded.streamId.startsWith('patient-')) return;
    const event = { type: recorded.type, data: recorded.data } as PatientEvent;
    const patientId = event.data.patientId;
    // A record starts with its registration or its enrolment (an enrolment may also follow a registration).
    const starts = event.type === 'PatientEnrolled' || event.type === 'PatientRegistered';
    const stored = this.load(patientId) ?? (starts ? { version: -1, base: initialPatientRecord() } : undefined);
    if (!stored) return;
    const version = Number(recorded.revision);

    // The fold without activities: they are applied to their own rows below.
    const evolved = evolvePatientRecord(stored.base, event);
    const base = evolved.activities === NO_ACTIVITIES ? evolved : { ...evolved, activities: NO_ACTIVITIES };
    const identity = patientIdentity(base);
    if (!identity) return;
    let activityChanged = false;
    const started = activityStartedBy(event);
    if (started) {
      this.statements.insertActivity.run(patientId, started.id, version, JSON.stringify(started));
      activityChanged = true;
    }
    const amendedId = activityAmendedBy(event);
    if (amendedId !== null) {
      for (const row of this.statements.selectActivities.all(patientId, amendedId)) {
        this.statements.updateActivity.run(JSON.stringify(amendActivity(JSON.parse(row.activity) as CareActivityState, event)), version, row.rowid);
        activityChanged = true;
      }
    }
    if (stored.version < 0 || !BASE_PARTS.every((part) => base[part] === stored.base[part])) {
      const enrolled = isEnrolled(base);
      this.statements.upsert.run({
        id: patientId,
        practiceId: identity.practiceId,
        name: identity.name,
        searchName: searchableName(identity.name),
        medicareId: identity.medicareId,
        eligible: (enrolled ? patientEligibility(base) : candidateEligibility(base)).eligible ? 1 : 0,
        consented: enrolled && patientConsented(base) ? 1 : 0,
        record: storedRecord(base),
        version,
        enrollmentStatus: enrollmentStatusOf(base),
        likelyConditions: likelyQualifyingConditions(base),
      });
      this.remember(patientId, { version, base });
    } else if (!activityChanged) {
      // Nothing changed, but the record is now at this revision.
      this.statements.setVersion.run(version, patientId);
      this.remember(patientId, { version, base });
    } else {
      this.remember(patientId, stored);
    }
  }

  /** The stored record without its activities: from memory when the stored row is still the remembered one. */
  private load(patientId: string): CachedRecord | undefined {
    const cached = this.cache.get(patientId);
    if (cached && this.statements.version.get(patientId) === cached.version) return cached;
    const row = this.statements.select.get(patientId);
    if (!row) return undefined;
    const base = JSON.parse(row.record) as Omit<PatientRecord, 'activities'>;
    return { version: row.version, base: { ...base, activities: NO_ACTIVITIES } };
  }

  private remember(patientId: string, entry: CachedRecord) {
    this.cache.delete(patientId);
    this.cache.set(patientId, entry);
    if (this.cache.size > CACHED_RECORDS) this.cache.delete(this.cache.keys().next().value!);
  }
}
