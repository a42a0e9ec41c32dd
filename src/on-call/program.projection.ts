import type { Statement } from 'better-sqlite3';
import type { RecordedEvent } from '../event-store/event-store.port';
import type { Projection, ReadDatabase } from '../projections/projection';
import { PROGRAM_EVENT_TYPES, type ProgramEvent } from './program.events';

const TYPES: ReadonlySet<string> = new Set(PROGRAM_EVENT_TYPES);

/** On-call shifts (for coverage over any window) and each program's outreach cadence, per practice. */
export class ProgramProjection implements Projection {
  readonly name = 'program-operations';
  readonly version = 1;
  private statements!: { shift: Statement; cadence: Statement };

  setup(db: ReadDatabase) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS on_call_shifts (
        practice_id TEXT NOT NULL, shift_id TEXT NOT NULL, staff_id TEXT NOT NULL, from_ms INTEGER NOT NULL, to_ms INTEGER NOT NULL, phone TEXT NOT NULL,
        PRIMARY KEY (practice_id, shift_id));
      CREATE INDEX IF NOT EXISTS on_call_shifts_by_time ON on_call_shifts (practice_id, from_ms);
      CREATE TABLE IF NOT EXISTS outreach_cadences (
        practice_id TEXT NOT NULL, program TEXT NOT NULL, open_on_day INTEGER NOT NULL, due_after_days INTEGER NOT NULL, PRIMARY KEY (practice_id, program));`);
    this.statements = {
      shift: db.prepare('INSERT OR IGNORE INTO on_call_shifts (practice_id, shift_id, staff_id, from_ms, to_ms, phone) VALUES (?, ?, ?, ?, ?, ?)'),
      cadence: db.prepare(`INSERT INTO outreach_cadences (practice_id, program, open_on_day, due_after_days) VALUES (?, ?, ?, ?)
        ON CONFLICT (practice_id, program) DO UPDATE SET open_on_day = excluded.open_on_day, due_after_days = excluded.due_after_days`),
    };
  }

  reset(db: ReadDatabase) {
    db.exec('DROP TABLE IF EXISTS on_call_shifts; DROP TABLE IF EXISTS outreach_cadences;');
  }

  apply(_db: ReadDatabase, recorded: RecordedEvent) {
    if (!TYPES.has(recorded.type) || !recorded.streamId.startsWith('program-')) return;
    const event = { type: recorded.type, data: recorded.data } as ProgramEvent;
    if (event.type === 'OnCallScheduled') {
      const { practiceId, shiftId, clinician, from, to, phone } = event.data;
      this.statements.shift.run(practiceId, shiftId, clinician.staffId, Date.parse(from), Date.parse(to), phone);
    } else {
      const { practiceId, program, openOnDay, dueAfterDays } = event.data;
      this.statements.cadence.run(practiceId, program, openOnDay, dueAfterDays);
    }
  }
}
