import type { DomainEvent } from '../kernel/decider';

/**
 * Stream `tasks-<patientId>`: the tasks of one patient's care. Apart from the care record: tasks are how the
 * practice organises its work, and the program's rules open them on their own without touching the record.
 */
export const taskStream = (patientId: string) => `tasks-${patientId}`;

export const TASK_KINDS = ['OUTREACH_CALL', 'MEDICATION_REVIEW', 'CARE_PLAN_REVIEW', 'CONSENT_RENEWAL', 'TRANSITION_FOLLOW_UP', 'OTHER'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** Who opened the task: a person (MANUAL) or one of the program's rules (task-rules.ts). */
export const TASK_ORIGINS = ['MANUAL', 'CADENCE', 'CARE_PLAN_REVIEW', 'CONSENT_RULE', 'TRANSITION'] as const;
export type TaskOrigin = (typeof TASK_ORIGINS)[number];

export type TaskStatus = 'OPEN' | 'DONE' | 'CANCELLED';

type TaskEventData<Data> = { patientId: string; practiceId: string; taskId: string } & Data;

export type TaskCreated = DomainEvent<
  'TaskCreated',
  TaskEventData<{
    kind: TaskKind;
    title: string;
    assigneeId: string | null;
    /** Calendar day in the practice's zone; the task is overdue from the next day on while open. */
    dueOn: string;
    origin: TaskOrigin;
    createdAt: string;
    createdBy: string;
  }>
>;

export type TaskAssigned = DomainEvent<'TaskAssigned', TaskEventData<{ assigneeId: string; previousAssigneeId: string | null; assignedBy: string }>>;

export type TaskCompleted = DomainEvent<
  'TaskCompleted',
  TaskEventData<{
    completedAt: string;
    completedBy: string;
    /** The care activity that did the work, if any. */
    activityId: string | null;
  }>
>;

export type TaskCancelled = DomainEvent<'TaskCancelled', TaskEventData<{ reason: string; cancelledAt: string; cancelledBy: string }>>;

export type TaskEvent = TaskCreated | TaskAssigned | TaskCompleted | TaskCancelled;
export const TASK_EVENT_TYPES: TaskEvent['type'][] = ['TaskCreated', 'TaskAssigned', 'TaskCompleted', 'TaskCancelled'];
