import { findActivity } from '../care-activities/care-activity.state';
import { DomainError, badInput, notFound, preconditionFailed } from '../kernel/domain-error';
import { requireEnrolledPatient, type PatientCommand, type PatientDecider, type ValidTimeOf } from '../patient-stream/patient-command';
import type { PatientRecord } from '../patient-stream/patient-record';
import { evolvePatientRecord, initialPatientRecord } from '../patient-stream/patient-record';
import { requireAuthor, requireStaff } from '../patient-stream/practice-context';
import { today } from '../patient-stream/valid-time';
import type { TaskEvent, TaskOrigin } from './task.events';
import type { AssignTaskInput, CancelTaskInput, CompleteTaskInput, CreateTaskInput } from './task.inputs';
import { findTask, type TaskState } from './task.state';

type DataOf<Input> = Omit<Input, 'commandId'>;

/** `origin` is MANUAL for every task a person creates; the program's rules (task-rules.ts) name their own. */
export type CreateTask = PatientCommand<'CreateTask', DataOf<CreateTaskInput> & { origin: TaskOrigin }>;
export type AssignTask = PatientCommand<'AssignTask', DataOf<AssignTaskInput> & { patientId: string }>;
export type CompleteTask = PatientCommand<'CompleteTask', DataOf<CompleteTaskInput> & { patientId: string }>;
export type CancelTask = PatientCommand<'CancelTask', DataOf<CancelTaskInput> & { patientId: string }>;
export type TaskCommand = CreateTask | AssignTask | CompleteTask | CancelTask;

/** The task, still open: done and cancelled are final. */
function requireOpenTask(state: PatientRecord, taskId: string): TaskState {
  const task = findTask(state.tasks, taskId);
  if (!task) throw notFound(`Task ${taskId}`);
  if (task.status === 'CANCELLED') throw preconditionFailed('TASK_CANCELLED', `Task ${taskId} was cancelled; a cancelled task cannot be changed`);
  if (task.status === 'DONE') throw preconditionFailed('TASK_ALREADY_DONE', `Task ${taskId} is already done; a completed task cannot be changed`);
  return task;
}

/** Tasks of a patient's care: created by people or by the program's rules, assigned, completed or cancelled. */
export const taskDecider: PatientDecider<TaskCommand> = {
  initialState: initialPatientRecord,
  evolve: evolvePatientRecord,

  decide(command, state): TaskEvent[] {
    const { practice, metadata } = command;
    const { patientId, practiceId, taskId } = command.data;
    const now = metadata.now.toISOString();
    // A rule's task is the program's own act, not a person's entry in the care record.
    if (command.type !== 'CreateTask' || command.data.origin === 'MANUAL') requireAuthor(command);
    requireEnrolledPatient(state, practiceId);

    switch (command.type) {
      case 'CreateTask': {
        const { kind, title, dueOn, origin } = command.data;
        if (findTask(state.tasks, taskId)) throw preconditionFailed('TASK_ID_IN_USE', `taskId ${taskId} already names a task of this patient`);
        const createdOn = today(metadata.now, practice.timeZone);
        if (dueOn < createdOn) throw badInput('dueOn', `must not be before the day the task is created (${createdOn} in the practice's time zone)`);
        const assigneeId = command.data.assigneeId ? requireStaff(practice, command.data.assigneeId, 'assigneeId').staffId : null;
        return [{ type: 'TaskCreated', data: { patientId, practiceId, taskId, kind, title, assigneeId, dueOn, origin, createdAt: now, createdBy: metadata.actorId } }];
      }

      case 'AssignTask': {
        const task = requireOpenTask(state, taskId);
        const { staffId: assigneeId } = requireStaff(practice, command.data.assigneeId, 'assigneeId');
        if (task.assigneeId === assigneeId) return [];
        return [{ type: 'TaskAssigned', data: { patientId, practiceId, taskId, assigneeId, previousAssigneeId: task.assigneeId, assignedBy: metadata.actorId } }];
      }

      case 'CompleteTask': {
        requireOpenTask(state, taskId);
        const activityId = command.data.activityId?.toLowerCase() ?? null;
        if (activityId) {
          const activity = findActivity(state.activities, activityId);
          if (!activity) throw notFound(`Care activity ${activityId}`);
          if (activity.status === 'VOIDED') throw preconditionFailed('ACTIVITY_VOIDED', 'The activity was voided; name the activity that did the work');
        }
        return [{ type: 'TaskCompleted', data: { patientId, practiceId, taskId, completedAt: now, completedBy: metadata.actorId, activityId } }];
      }

      case 'CancelTask': {
        requireOpenTask(state, taskId);
        return [{ type: 'TaskCancelled', data: { patientId, practiceId, taskId, reason: command.data.reason, cancelledAt: now, cancelledBy: metadata.actorId } }];
      }

      default:
        throw new DomainError('BAD_USER_INPUT', 'Unknown task command');
    }
  },
};

/** Tasks are facts of the moment they were recorded. */
export const taskValidTime: ValidTimeOf = () => null;
