import type { Statement } from 'better-sqlite3';
import type { RecordedEvent } from '../event-store/event-store.port';
import { localDate } from '../kernel/calendar';
import type { PracticeConfigured } from '../practice/practice.events';
import { PATIENT_EVENT_TYPES, type PatientEvent } from '../patient-stream/patient-event';
import { bulkInsert } from '../projections/bulk-insert';
import type { Projection, ReadDatabase } from '../projections/projection';
import { ruleTaskId, tasksOpenedBy } from './task-rules';

/**
 * The tasks the program's rules owe, one row per trigger (a durable to-do list rebuilt from the log): the runner
 * opens every one whose task is not in the tasks read model yet. It keeps each practice's zone itself, so it never
 * depends on how far another read model has got.
 */
export class TaskRuleProjection implements Projection {
  readonly name = 'task-rules';
  // 2: keyed by practice too (two practices may use one patient id, see patientStreamKey).
  readonly version = 2;
  private statements!: { zone: Statement<[string], string>; saveZone: Statement<[string, string]> };
  private insertIntents!: (rows: readonly unknown[][]) => void;

  setup(db: ReadDatabase) {
    db.exec(`CREATE TABLE IF NOT EXISTS task_rule_intents (
      key TEXT NOT NULL, task_id TEXT NOT NULL, patient_id TEXT NOT NULL, practice_id TEXT NOT NULL, kind TEXT NOT NULL, origin TEXT NOT NULL,
      title TEXT NOT NULL, due_on TEXT NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (practice_id, key));
      CREATE TABLE IF NOT EXISTS task_rule_practices (practice_id TEXT PRIMARY KEY, time_zone TEXT NOT NULL);`);
    this.statements = {
      zone: db.prepare<[string], string>('SELECT time_zone FROM task_rule_practices WHERE practice_id = ?').pluck(),
      saveZone: db.prepare<[string, string]>(`INSERT INTO task_rule_practices (practice_id, time_zone) VALUES (?, ?)
        ON CONFLICT (practice_id) DO UPDATE SET time_zone = excluded.time_zone`),
    };
    this.insertIntents = bulkInsert(
      db,
      'INSERT OR IGNORE INTO task_rule_intents (key, task_id, patient_id, practice_id, kind, origin, title, due_on, position)',
      9,
    );
  }

  reset(db: ReadDatabase) {
    db.exec('DROP TABLE IF EXISTS task_rule_intents; DROP TABLE IF EXISTS task_rule_practices;');
  }

  apply(db: ReadDatabase, recorded: RecordedEvent) {
    this.applyBatch(db, [recorded]);
  }

  /** A page at once: each practice's zone is read once per page (its configuration in the page applies in order), the intents go in with multi-row inserts. */
  applyBatch(_db: ReadDatabase, events: readonly RecordedEvent[]) {
    const zones = new Map<string, string | undefined>();
    const intents: unknown[][] = [];
    for (const recorded of events) {
      if (recorded.type === 'PracticeConfigured') {
        const { practiceId, timeZone } = recorded.data as PracticeConfigured['data'];
        this.statements.saveZone.run(practiceId, timeZone);
        zones.set(practiceId, timeZone);
        continue;
      }
      if (!PATIENT_EVENT_TYPES.has(recorded.type) || !recorded.streamId.startsWith('patient-')) continue;
      const event = { type: recorded.type, data: recorded.data } as PatientEvent;
      const { practiceId } = event.data;
      if (!zones.has(practiceId)) zones.set(practiceId, this.statements.zone.get(practiceId));
      const zone = zones.get(practiceId);
      if (!zone) continue;
      const happenedAt = new Date((recorded.metadata.occurredAt as string | undefined) ?? recorded.recordedAt.toISOString());
      for (const task of tasksOpenedBy(event, recorded.id, localDate(happenedAt, zone), zone)) {
        const { key, patientId, kind, origin, title, dueOn } = task;
        intents.push([key, ruleTaskId(key), patientId, task.practiceId, kind, origin, title, dueOn, Number(recorded.position ?? 0)]);
      }
    }
    this.insertIntents(intents);
  }
}
