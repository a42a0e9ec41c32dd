import type { TaskKind, TaskOrigin, TaskStatus } from './task.events';
import { isOverdue, type TaskState } from './task.state';

/** GraphQL `Task`. */
export interface TaskView {
  id: string;
  patientId: string;
  kind: TaskKind;
  title: string;
  assigneeId: string | null;
  dueOn: string;
  status: TaskStatus;
  overdue: boolean;
  origin: TaskOrigin;
  createdAt: string;
  completedAt: string | null;
  completedByActivityId: string | null;
}

/** `today` is the calendar day in the practice's zone: overdue is derived there, never stored. */
export function toTaskView(patientId: string, task: TaskState, today: string): TaskView {
  const { taskId, kind, title, assigneeId, dueOn, status, origin, createdAt, completedAt, completedByActivityId } = task;
  return {
    id: taskId,
    patientId,
    kind,
    title,
    assigneeId,
    dueOn,
    status,
    overdue: isOverdue(task, today),
    origin,
    createdAt,
    completedAt,
    completedByActivityId,
  };
}
