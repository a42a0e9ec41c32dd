import { Inject, Injectable } from '@nestjs/common';
import type { Database } from 'better-sqlite3';
import { READ_DB } from '../projections/projections.module';
import type { TaskKind, TaskOrigin, TaskStatus } from './task.events';
import type { TaskView } from './task.view';

export interface TaskFilter {
  patientId?: string | null;
  assigneeId?: string | null;
  status?: TaskStatus | null;
  overdue?: boolean | null;
  dueBefore?: string | null;
}

type Row = {
  id: string;
  patientId: string;
  kind: TaskKind;
  title: string;
  assigneeId: string | null;
  dueOn: string;
  status: TaskStatus;
  origin: TaskOrigin;
  createdAt: string;
  completedAt: string | null;
  completedByActivityId: string | null;
};

const COLUMNS = `task_id AS id, patient_id AS patientId, kind, title, assignee_id AS assigneeId, due_on AS dueOn, status, origin,
  created_at AS createdAt, completed_at AS completedAt, completed_by_activity_id AS completedByActivityId`;

// Overdue: open and due before today in the practice's zone (@today).
const FILTER = `practice_id = @practiceId
  AND (@patientId IS NULL OR patient_id = @patientId)
  AND (@assigneeId IS NULL OR assignee_id = @assigneeId)
  AND (@status IS NULL OR status = @status)
  AND (@dueBefore IS NULL OR due_on < @dueBefore)
  AND (@overdue IS NULL OR (status = 'OPEN' AND due_on < @today) = @overdue)`;

/** Queries of the tasks read model, every one scoped by the caller's practice. */
@Injectable()
export class TaskRepository {
  constructor(@Inject(READ_DB) private readonly db: Database) {}

  /** The patient whose stream holds the task; undefined for an unknown task and for another practice's. */
  patientOf(practiceId: string, taskId: string): string | undefined {
    return this.db.prepare('SELECT patient_id FROM tasks WHERE practice_id = ? AND task_id = ? LIMIT 1').pluck().get(practiceId, taskId.toLowerCase()) as
      string | undefined;
  }

  /** Due first (then created first, then id); `today` is the practice's calendar day. */
  search(practiceId: string, filter: TaskFilter, today: string, window: { offset: number; limit: number }): { tasks: TaskView[]; totalCount: number } {
    const parameters = {
      practiceId,
      today,
      patientId: filter.patientId?.toLowerCase() ?? null,
      assigneeId: filter.assigneeId ?? null,
      status: filter.status ?? null,
      dueBefore: filter.dueBefore ?? null,
      overdue: filter.overdue === null || filter.overdue === undefined ? null : filter.overdue ? 1 : 0,
    };
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM tasks WHERE ${FILTER} ORDER BY due_on, created_at, task_id LIMIT @limit OFFSET @offset`)
      .all({ ...parameters, ...window }) as Row[];
    const total = this.db.prepare(`SELECT count(*) FROM tasks WHERE ${FILTER}`).pluck().get(parameters) as number;
    return { tasks: rows.map((row) => ({ ...row, overdue: row.status === 'OPEN' && row.dueOn < today })), totalCount: total };
  }

  /** Per patient of the practice with open tasks: how many are open and how many of those are overdue. */
  openCounts(practiceId: string, today: string, patientId?: string): Map<string, { open: number; overdue: number }> {
    const rows = this.db
      .prepare(
        `SELECT patient_id AS patientId, count(*) AS open, sum(due_on < @today) AS overdue FROM tasks
        WHERE practice_id = @practiceId AND status = 'OPEN' AND (@patientId IS NULL OR patient_id = @patientId) GROUP BY patient_id`,
      )
      .all({ practiceId, today, patientId: patientId ?? null }) as { patientId: string; open: number; overdue: number }[];
    return new Map(rows.map((row) => [row.patientId, { open: row.open, overdue: row.overdue }]));
  }
}
