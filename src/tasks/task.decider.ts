import type { CareActivityState } from '../care-activities/care-activity.state';
import type { Command, Decider } from '../kernel/decider';
import { DomainError, badInput, notFound, preconditionFailed } from '../kernel/domain-error';
import { requireEnrolledPatient } from '../patient-stream/patient-command';
import type { PatientRecord } from '../patient-stream/patient-record';
import { requireAuthor, requireStaff, type PracticeContext } from '../patient-stream/practice-context';
import { today } from '../patient-stream/valid-time';
import { findActivity } from '../care-activities/care-activity.state';
import type { TaskEvent, TaskOrigin } from './task.events';
import type { AssignTaskInput, CancelTaskInput, CompleteTaskInput, CreateTaskInput } from './task.inputs';
import { evolveTasks, findTask, type TaskState } from './task.state';

type DataOf<Input> = Omit<Input, 'commandId'>;

/**
 * A command on a patient's task stream. Beside it travel the practice (staff registry, zone) and the patient's record
 * as the write models hold them: loaded state, so a retry with the same data is still recognised.
 */
type TaskStreamCommand<Type extends string, Data> = Command<Type, Data & { patientId: string; practiceId: string; taskId: string }> & {
  practice: PracticeContext;
  patient: PatientRecord;
};

/** `origin` is MANUAL for every task a person creates; the program's rules (src/task-rules) name their own. */
export type CreateTask = TaskStreamCommand<'CreateTask', DataOf<CreateTaskInput> & { origin: TaskOrigin }>;
export type AssignTask = TaskStreamCommand<'AssignTask', DataOf<AssignTaskInput>>;
export type CompleteTask = TaskStreamCommand<'CompleteTask', DataOf<CompleteTaskInput>>;
export type CancelTask = TaskStreamCommand<'CancelTask', DataOf<CancelTaskInput>>;
export type TaskCommand = CreateTask | AssignTask | CompleteTask | CancelTask;

/** The task, still open: done and cancelled are final. */
function requireOpenTask(tasks: readonly TaskState[], taskId: string): TaskState {
  const task = findTask(tasks, taskId);
  if (!task) throw notFound(`Task ${taskId}`);
  if (task.status === 'CANCELLED') throw preconditionFailed('TASK_CANCELLED', `Task ${taskId} was cancelled; a cancelled task cannot be changed`);
  if (task.status === 'DONE') throw preconditionFailed('TASK_ALREADY_DONE', `Task ${taskId} is already done; a completed task cannot be changed`);
  return task;
}

function requireLiveActivity(activities: readonly CareActivityState[], activityId: string): void {
  const activity = findActivity(activities, activityId);
  if (!activity) throw notFound(`Care activity ${activityId}`);
  if (activity.status === 'VOIDED') throw preconditionFailed('ACTIVITY_VOIDED', 'The activity was voided; name the activity that did the work');
}

/** Tasks of a patient's care: created by people or by the program's rules, assigned, completed or cancelled. */
export const taskDecider: Decider<TaskCommand, TaskEvent, TaskState[]> = {
  initialState: () => [],
  evolve: evolveTasks,

  decide(command, tasks): TaskEvent[] {
    const { practice, metadata } = command;
    const { patientId, practiceId, taskId } = command.data;
    const now = metadata.now.toISOString();
    // A rule's task is the program's own act; everything else is a person's, who must be on the staff registry.
    if (command.type !== 'CreateTask' || command.data.origin === 'MANUAL') requireAuthor(command);
    requireEnrolledPatient(command.patient, practiceId);

    switch (command.type) {
      case 'CreateTask': {
        const { kind, title, dueOn, origin } = command.data;
        if (findTask(tasks, taskId)) throw preconditionFailed('TASK_ID_IN_USE', `taskId ${taskId} already names a task of this patient`);
        const createdOn = today(metadata.now, practice.timeZone);
        if (dueOn < createdOn) throw badInput('dueOn', `must not be before the day the task is created (${createdOn} in the practice's time zone)`);
        const assigneeId = command.data.assigneeId ? requireStaff(practice, command.data.assigneeId, 'assigneeId').staffId : null;
        return [
          { type: 'TaskCreated', data: { patientId, practiceId, taskId, kind, title, assigneeId, dueOn, origin, createdAt: now, createdBy: metadata.actorId } },
        ];
      }

      case 'AssignTask': {
        const task = requireOpenTask(tasks, taskId);
        const { staffId: assigneeId } = requireStaff(practice, command.data.assigneeId, 'assigneeId');
        if (task.assigneeId === assigneeId) return [];
        return [
          { type: 'TaskAssigned', data: { patientId, practiceId, taskId, assigneeId, previousAssigneeId: task.assigneeId, assignedBy: metadata.actorId } },
        ];
      }

      case 'CompleteTask': {
        requireOpenTask(tasks, taskId);
        const activityId = command.data.activityId?.toLowerCase() ?? null;
        if (activityId) requireLiveActivity(command.patient.activities, activityId);
        return [{ type: 'TaskCompleted', data: { patientId, practiceId, taskId, completedAt: now, completedBy: metadata.actorId, activityId } }];
      }

      case 'CancelTask': {
        requireOpenTask(tasks, taskId);
        return [
          { type: 'TaskCancelled', data: { patientId, practiceId, taskId, reason: command.data.reason, cancelledAt: now, cancelledBy: metadata.actorId } },
        ];
      }

      default:
        throw new DomainError('BAD_USER_INPUT', 'Unknown task command');
    }
  },
};
