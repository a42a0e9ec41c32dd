import type { Statement } from 'better-sqlite3';
import type { EventMetadata } from '../event-store/envelope';
import type { RecordedEvent } from '../event-store/event-store.port';
import type { Projection, ReadDatabase } from '../projections/projection';
import { TASK_EVENT_TYPES, type TaskEvent } from './task.events';

const TYPES: ReadonlySet<string> = new Set(TASK_EVENT_TYPES);

/**
 * The `tasks` read model: one row per task of every patient, for `tasks(filter)`, the worklist's task counts and
 * finding a task's patient (its stream) from its id.
 */
export class TaskProjection implements Projection {
  readonly name = 'tasks';
  // 2: keyed by practice too (two practices may use one patient id, see patientStreamKey).
  readonly version = 2;
  private statements!: { insert: Statement; assign: Statement; complete: Statement; cancel: Statement };

  setup(db: ReadDatabase) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS tasks (
        task_id TEXT NOT NULL, patient_id TEXT NOT NULL, practice_id TEXT NOT NULL, kind TEXT NOT NULL, title TEXT NOT NULL,
        assignee_id TEXT, due_on TEXT NOT NULL, status TEXT NOT NULL, origin TEXT NOT NULL, created_at TEXT NOT NULL,
        completed_at TEXT, completed_by_activity_id TEXT, PRIMARY KEY (practice_id, patient_id, task_id));
      CREATE INDEX IF NOT EXISTS tasks_by_practice_and_id ON tasks (practice_id, task_id);
      CREATE INDEX IF NOT EXISTS tasks_by_practice_status_due ON tasks (practice_id, status, due_on);`);
    this.statements = {
      insert: db.prepare(`INSERT OR IGNORE INTO tasks (task_id, patient_id, practice_id, kind, title, assignee_id, due_on, status, origin, created_at)
        VALUES (@taskId, @patientId, @practiceId, @kind, @title, @assigneeId, @dueOn, 'OPEN', @origin, @createdAt)`),
      assign: db.prepare('UPDATE tasks SET assignee_id = @assigneeId WHERE practice_id = @practiceId AND patient_id = @patientId AND task_id = @taskId'),
      complete: db.prepare(
        "UPDATE tasks SET status = 'DONE', completed_at = @completedAt, completed_by_activity_id = @activityId WHERE practice_id = @practiceId AND patient_id = @patientId AND task_id = @taskId",
      ),
      cancel: db.prepare("UPDATE tasks SET status = 'CANCELLED' WHERE practice_id = @practiceId AND patient_id = @patientId AND task_id = @taskId"),
    };
  }

  reset(db: ReadDatabase) {
    db.exec('DROP TABLE IF EXISTS tasks;');
  }

  apply(_db: ReadDatabase, recorded: RecordedEvent) {
    if (!TYPES.has(recorded.type) || !recorded.streamId.startsWith('tasks-')) return;
    const event = { type: recorded.type, data: recorded.data } as TaskEvent;
    const { data } = event;
    // The practice whose task it is: every event of its stream is that practice's.
    const practiceId = (recorded.metadata as Partial<EventMetadata>).practiceId;
    switch (event.type) {
      case 'TaskCreated': {
        const { taskId, patientId, practiceId, kind, title, assigneeId, dueOn, origin, createdAt } = event.data;
        this.statements.insert.run({ taskId, patientId, practiceId, kind, title, assigneeId, dueOn, origin, createdAt });
        return;
      }
      case 'TaskAssigned':
        this.statements.assign.run({ practiceId, patientId: data.patientId, taskId: data.taskId, assigneeId: event.data.assigneeId });
        return;
      case 'TaskCompleted':
        this.statements.complete.run({
          practiceId,
          patientId: data.patientId,
          taskId: data.taskId,
          completedAt: event.data.completedAt,
          activityId: event.data.activityId,
        });
        return;
      case 'TaskCancelled':
        this.statements.cancel.run({ practiceId, patientId: data.patientId, taskId: data.taskId });
    }
  }
}
