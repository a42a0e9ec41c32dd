import type { Statement } from 'better-sqlite3';
import { activityAmendedBy, activityStartedBy, amendActivity, type CareActivityState } from '../care-activities/care-activity.state';
import type { RecordedEvent } from '../event-store/event-store.port';
import { patientStreamKeyOf } from '../audit/patient-stream';
import { bulkInsert } from '../projections/bulk-insert';
import type { Projection, ReadDatabase } from '../projections/projection';
import { PATIENT_EVENT_TYPES, type PatientEvent } from '../patient-stream/patient-event';
import { evolvePatientRecord, initialPatientRecord, type PatientRecord } from '../patient-stream/patient-record';
import { candidateEligibility, likelyQualifyingConditions } from '../enrolment/candidates/candidate-assessment';
import { enrollmentStatusOf, patientIdentity } from '../enrolment/enrollment-status';
import { isEnrolled, patientConsented, patientEligibility } from './patient.view';

/** Lower-cased name for case-insensitive substring search. */
export const searchableName = (name: string) => name.toLowerCase();

/**
 * How many patients' records (without their activities) are kept parsed in memory: about 3 KB each, so 10,000 (a
 * large practice) hold ≈ 33 MB and spare a rebuild re-reading and re-parsing a record on every page that touches it.
 */
const CACHED_RECORDS = 10_000;

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
  // and its intake (issue 15); 4: all three, once merged; 5: rows are a stream's (one patient id may be two
  // practices' patients, see patientStreamKey), unique by (practice_id, id).
  readonly version = 5;
  private readonly cache = new Map<string, CachedRecord>();
  private statements!: {
    versions: Statement<[string], { key: string; version: number }>;
    records: Statement<[string], { key: string; record: string; version: number }>;
    setVersion: Statement<[number, string]>;
    selectActivities: Statement<[string, string], { rowid: number; activity: string }>;
    updateActivity: Statement<[string, number, number]>;
  };
  private upsertRecords!: (rows: readonly unknown[][]) => void;
  private insertActivities!: (rows: readonly unknown[][]) => void;

  setup(db: ReadDatabase) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS patient_records (
        stream_key TEXT PRIMARY KEY, id TEXT NOT NULL, practice_id TEXT NOT NULL, name TEXT NOT NULL, search_name TEXT NOT NULL, medicare_id TEXT,
        eligible INTEGER NOT NULL, consented INTEGER NOT NULL, record TEXT NOT NULL, version INTEGER NOT NULL,
        enrollment_status TEXT NOT NULL, likely_conditions INTEGER NOT NULL);
      -- enrollmentCandidates: the practice's IDENTIFIED patients, most likely to qualify first.
      CREATE INDEX IF NOT EXISTS patient_records_candidates ON patient_records (practice_id, enrollment_status, likely_conditions DESC, search_name, id);
      CREATE UNIQUE INDEX IF NOT EXISTS patient_records_by_practice_and_id ON patient_records (practice_id, id);
      CREATE INDEX IF NOT EXISTS patient_records_by_practice_and_name ON patient_records (practice_id, search_name, id);
      CREATE INDEX IF NOT EXISTS patient_records_by_practice_and_medicare_id ON patient_records (practice_id, medicare_id);
      -- Rows are only ever added (amendments update in place), so rowid order is the order they were recorded in.
      CREATE TABLE IF NOT EXISTS patient_activities (
        stream_key TEXT NOT NULL, activity_id TEXT NOT NULL, revision INTEGER NOT NULL, activity TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS patient_activities_by_patient ON patient_activities (stream_key, activity_id);
      -- record: the stored object (without "activities") with "activities" appended as its last member, the rows'
      -- JSON joined as text (no JSON function has to parse anything).
      CREATE VIEW IF NOT EXISTS patients AS
        SELECT r.id, r.practice_id, r.name, r.search_name, r.medicare_id, r.eligible, r.consented, r.enrollment_status, r.likely_conditions,
          max(r.version, coalesce((SELECT max(a.revision) FROM patient_activities a WHERE a.stream_key = r.stream_key), -1)) AS version,
          substr(r.record, 1, length(r.record) - 1) || ',"activities":[' || coalesce((
            SELECT group_concat(a.activity, ',' ORDER BY a.rowid) FROM patient_activities a WHERE a.stream_key = r.stream_key), '') || ']}' AS record
        FROM patient_records r;`);
    this.statements = {
      versions: db.prepare('SELECT stream_key AS key, version FROM patient_records WHERE stream_key IN (SELECT value FROM json_each(?))'),
      records: db.prepare('SELECT stream_key AS key, record, version FROM patient_records WHERE stream_key IN (SELECT value FROM json_each(?))'),
      setVersion: db.prepare('UPDATE patient_records SET version = ? WHERE stream_key = ?'),
      selectActivities: db.prepare('SELECT rowid, activity FROM patient_activities WHERE stream_key = ? AND activity_id = ? ORDER BY rowid'),
      updateActivity: db.prepare('UPDATE patient_activities SET activity = ?, revision = ? WHERE rowid = ?'),
    };
    this.upsertRecords = bulkInsert(
      db,
      `INSERT INTO patient_records (stream_key, id, practice_id, name, search_name, medicare_id, eligible, consented, record, version, enrollment_status, likely_conditions)`,
      12,
      `ON CONFLICT (stream_key) DO UPDATE SET id = excluded.id, practice_id = excluded.practice_id, name = excluded.name, search_name = excluded.search_name,
        medicare_id = excluded.medicare_id, eligible = excluded.eligible, consented = excluded.consented, record = excluded.record,
        version = excluded.version, enrollment_status = excluded.enrollment_status, likely_conditions = excluded.likely_conditions`,
    );
    this.insertActivities = bulkInsert(db, 'INSERT INTO patient_activities (stream_key, activity_id, revision, activity)', 4);
  }

  reset(db: ReadDatabase) {
    this.cache.clear();
    // Version 1 kept everything in a `patients` table; version 2 has a view of that name.
    const patients = db.prepare("SELECT type FROM sqlite_master WHERE name = 'patients'").pluck().get() as string | undefined;
    if (patients === 'table') db.exec('DROP TABLE patients;');
    db.exec('DROP VIEW IF EXISTS patients; DROP TABLE IF EXISTS patient_records; DROP TABLE IF EXISTS patient_activities;');
  }

  apply(db: ReadDatabase, recorded: RecordedEvent) {
    this.applyBatch(db, [recorded]);
  }

  /**
   * A page at once: each patient's record is loaded once, folded through all of its events of the page in memory,
   * and written once; the page's new activities go in with multi-row inserts (in log order, which their rowids keep).
   */
  applyBatch(_db: ReadDatabase, events: readonly RecordedEvent[]) {
    const relevant = events.filter((recorded) => PATIENT_EVENT_TYPES.has(recorded.type) && patientStreamKeyOf(recorded.streamId) !== undefined);
    if (relevant.length === 0) return;
    const page = new PatientPage(this.loadAll(relevant.map((recorded) => patientStreamKeyOf(recorded.streamId)!)), this.statements);
    for (const recorded of relevant) page.fold(recorded);
    this.insertActivities(page.newActivities.map((row) => [row.streamKey, row.activityId, row.revision, JSON.stringify(row.activity)]));
    for (const [rowid, row] of page.amendedRows) this.statements.updateActivity.run(JSON.stringify(row.activity), row.revision, rowid);
    const upserts: unknown[][] = [];
    for (const [streamKey, state] of page.patients) {
      // A record whose events named no patient yet (no identity) was never stored.
      if (!state.loaded && !state.baseChanged) continue;
      if (state.baseChanged) upserts.push(recordRow(streamKey, state.current));
      else if (state.current.version !== state.loaded?.version) this.statements.setVersion.run(state.current.version, streamKey);
      if (state.current !== state.loaded) this.remember(streamKey, state.current);
    }
    this.upsertRecords(upserts);
  }

  /** The stored records (without activities) of these streams: from memory when the stored row is still the remembered one. */
  private loadAll(streamKeys: string[]): Map<string, CachedRecord> {
    const keys = JSON.stringify([...new Set(streamKeys)]);
    const loaded = new Map<string, CachedRecord>();
    const missing: string[] = [];
    for (const { key, version } of this.statements.versions.all(keys)) {
      const cached = this.cache.get(key);
      if (cached && cached.version === version) loaded.set(key, cached);
      else missing.push(key);
    }
    if (missing.length > 0) {
      for (const row of this.statements.records.all(JSON.stringify(missing))) {
        const base = JSON.parse(row.record) as Omit<PatientRecord, 'activities'>;
        loaded.set(row.key, { version: row.version, base: { ...base, activities: NO_ACTIVITIES } });
      }
    }
    return loaded;
  }

  private remember(streamKey: string, entry: CachedRecord) {
    this.cache.delete(streamKey);
    this.cache.set(streamKey, entry);
    if (this.cache.size > CACHED_RECORDS) this.cache.delete(this.cache.keys().next().value!);
  }
}

/** A patient's record during a page: as loaded (undefined for a new one) and as folded so far. */
interface PatientInPage {
  loaded: CachedRecord | undefined;
  current: CachedRecord;
  /** Something other than activities changed: the row is rewritten (else at most its version moves). */
  baseChanged: boolean;
}

interface ActivityRow {
  streamKey: string;
  activityId: string;
  revision: number;
  activity: CareActivityState;
}

/**
 * The fold of one page, kept in memory until it is written: per patient the record as it stands, the activities the
 * page started (amended in place when the page also amends them) and the stored activity rows it amended, by rowid.
 * It makes per event exactly the changes one-event-at-a-time application made, so the rows written are the same.
 */
class PatientPage {
  readonly patients = new Map<string, PatientInPage>();
  readonly newActivities: ActivityRow[] = [];
  readonly amendedRows = new Map<number, Omit<ActivityRow, 'streamKey' | 'activityId'>>();
  /** Stored activity rows already read this page, by stream and activity id. */
  private readonly storedRows = new Map<string, number[]>();

  constructor(
    private readonly loaded: Map<string, CachedRecord>,
    private readonly statements: PatientProjection['statements'],
  ) {}

  fold(recorded: RecordedEvent) {
    const event = { type: recorded.type, data: recorded.data } as PatientEvent;
    const streamKey = patientStreamKeyOf(recorded.streamId)!;
    // A record starts with its registration or its enrolment (an enrolment may also follow a registration).
    const starts = event.type === 'PatientEnrolled' || event.type === 'PatientRegistered';
    let state = this.patients.get(streamKey);
    if (!state) {
      const loaded = this.loaded.get(streamKey);
      if (!loaded && !starts) return;
      state = { loaded, current: loaded ?? NEW_RECORD, baseChanged: false };
      this.patients.set(streamKey, state);
    }
    const stored = state.current;
    const version = Number(recorded.revision);

    // The fold without activities: they are applied to their own rows below.
    const evolved = evolvePatientRecord(stored.base, event);
    const base = evolved.activities === NO_ACTIVITIES ? evolved : { ...evolved, activities: NO_ACTIVITIES };
    if (!patientIdentity(base)) return;
    let activityChanged = false;
    const started = activityStartedBy(event);
    if (started) {
      this.newActivities.push({ streamKey, activityId: started.id, revision: version, activity: started });
      activityChanged = true;
    }
    const amendedId = activityAmendedBy(event);
    if (amendedId !== null) activityChanged = this.amend(streamKey, amendedId, event, version) || activityChanged;
    if (stored.version < 0 || !BASE_PARTS.every((part) => base[part] === stored.base[part])) {
      state.current = { version, base };
      state.baseChanged = true;
    } else if (!activityChanged) {
      // Nothing changed, but the record is now at this revision.
      state.current = { version, base };
    }
  }

  /** Amends every row of the activity, stored or started this page; false when there is none. */
  private amend(streamKey: string, activityId: string, event: PatientEvent, revision: number): boolean {
    const key = `${streamKey}/${activityId}`;
    let rowids = this.storedRows.get(key);
    if (!rowids) {
      rowids = [];
      for (const row of this.statements.selectActivities.all(streamKey, activityId)) {
        rowids.push(row.rowid);
        this.amendedRows.set(row.rowid, { revision, activity: JSON.parse(row.activity) as CareActivityState });
      }
      this.storedRows.set(key, rowids);
    }
    for (const rowid of rowids) {
      const row = this.amendedRows.get(rowid)!;
      this.amendedRows.set(rowid, { revision, activity: amendActivity(row.activity, event) });
    }
    let found = rowids.length > 0;
    for (const row of this.newActivities) {
      if (row.streamKey !== streamKey || row.activityId !== activityId) continue;
      row.activity = amendActivity(row.activity, event);
      row.revision = revision;
      found = true;
    }
    return found;
  }
}

const NEW_RECORD: CachedRecord = { version: -1, base: initialPatientRecord() };

/** patient_records' columns, in the order of the upsert. */
function recordRow(streamKey: string, { version, base }: CachedRecord): unknown[] {
  const identity = patientIdentity(base)!;
  const enrolled = isEnrolled(base);
  return [
    streamKey,
    identity.patientId,
    identity.practiceId,
    identity.name,
    searchableName(identity.name),
    identity.medicareId,
    (enrolled ? patientEligibility(base) : candidateEligibility(base)).eligible ? 1 : 0,
    enrolled && patientConsented(base) ? 1 : 0,
    storedRecord(base),
    version,
    enrollmentStatusOf(base),
    likelyQualifyingConditions(base),
  ];
}
