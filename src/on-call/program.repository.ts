import { Inject, Injectable } from '@nestjs/common';
import type { Database } from 'better-sqlite3';
import type { Program } from '../patients/patient.events';
import { PROGRAMS } from '../patients/patient.events';
import { READ_DB } from '../projections/projections.module';
import { DEFAULT_OUTREACH_CADENCE, type OutreachCadence } from './program.decider';

export interface OnCallShiftView {
  id: string;
  staffId: string;
  from: string;
  to: string;
  phone: string;
}

type ShiftRow = { id: string; staffId: string; fromMs: number; toMs: number; phone: string };

/** Queries of the program read model, every one scoped by the caller's practice. */
@Injectable()
export class ProgramRepository {
  constructor(@Inject(READ_DB) private readonly db: Database) {}

  /** Shifts that overlap [fromMs, toMs), earliest first. */
  shiftsBetween(practiceId: string, fromMs: number, toMs: number): (OnCallShiftView & { fromMs: number; toMs: number })[] {
    const rows = this.db
      .prepare(
        `SELECT shift_id AS id, staff_id AS staffId, from_ms AS fromMs, to_ms AS toMs, phone FROM on_call_shifts
        WHERE practice_id = ? AND from_ms < ? AND to_ms > ? ORDER BY from_ms, shift_id`,
      )
      .all(practiceId, toMs, fromMs) as ShiftRow[];
    return rows.map((row) => ({ ...row, from: new Date(row.fromMs).toISOString(), to: new Date(row.toMs).toISOString() }));
  }

  /** Every program's cadence, the default where the practice configured none. */
  cadences(practiceId: string): ({ program: Program } & OutreachCadence)[] {
    const rows = this.db
      .prepare('SELECT program, open_on_day AS openOnDay, due_after_days AS dueAfterDays FROM outreach_cadences WHERE practice_id = ?')
      .all(practiceId) as ({ program: Program } & OutreachCadence)[];
    const configured = new Map(rows.map((row) => [row.program, row]));
    return PROGRAMS.map((program) => configured.get(program) ?? { program, ...DEFAULT_OUTREACH_CADENCE });
  }
}
