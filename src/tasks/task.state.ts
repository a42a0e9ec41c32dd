import type { TaskCreated, TaskEvent, TaskStatus } from './task.events';

export type TaskState = Omit<TaskCreated['data'], 'patientId' | 'practiceId'> & {
  status: TaskStatus;
  completedAt: string | null;
  completedByActivityId: string | null;
  cancelledAt: string | null;
  cancellationReason: string | null;
};

/** The patient's tasks in the order they were created. */
export function evolveTasks(tasks: TaskState[], event: TaskEvent): TaskState[] {
  switch (event.type) {
    case 'TaskCreated': {
      const { patientId: _patient, practiceId: _practice, ...created } = event.data;
      return [...tasks, { ...created, status: 'OPEN', completedAt: null, completedByActivityId: null, cancelledAt: null, cancellationReason: null }];
    }
    case 'TaskAssigned':
      return update(tasks, event.data.taskId, () => ({ assigneeId: event.data.assigneeId }));
    case 'TaskCompleted':
      return update(tasks, event.data.taskId, () => ({ status: 'DONE', completedAt: event.data.completedAt, completedByActivityId: event.data.activityId }));
    case 'TaskCancelled':
      return update(tasks, event.data.taskId, () => ({ status: 'CANCELLED', cancelledAt: event.data.cancelledAt, cancellationReason: event.data.reason }));
    default:
      return tasks;
  }
}

function update(tasks: TaskState[], taskId: string, change: () => Partial<TaskState>): TaskState[] {
  return tasks.map((task) => (task.taskId === taskId ? { ...task, ...change() } : task));
}

export const findTask = (tasks: readonly TaskState[], taskId: string) => tasks.find((task) => task.taskId === taskId);

/** Open and due before `today` (a calendar day in the practice's zone). */
export const isOverdue = (task: Pick<TaskState, 'status' | 'dueOn'>, today: string) => task.status === 'OPEN' && task.dueOn < today;
