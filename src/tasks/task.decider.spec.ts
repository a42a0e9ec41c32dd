import { PATIENT_ID, PRACTICE_ID, asNurse, enrolled, testPractice } from '../../test/support/care-record-events';
import { given } from '../../test/support/decider-specification';
import { evolvePatientRecord, initialPatientRecord } from '../patient-stream/patient-record';
import type { PatientEvent } from '../patient-stream/patient-event';
import { taskDecider } from './task.decider';
import type { TaskCreated, TaskEvent } from './task.events';
import { isOverdue } from './task.state';

const TASK = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const ACTIVITY = '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e';
const ids = { patientId: PATIENT_ID, practiceId: PRACTICE_ID, taskId: TASK };
const record = (...events: PatientEvent[]) => events.reduce(evolvePatientRecord, initialPatientRecord());
const callLogged: PatientEvent = {
  type: 'CallLogged',
  data: {
    patientId: PATIENT_ID,
    practiceId: PRACTICE_ID,
    activityId: ACTIVITY,
    kind: 'PATIENT_CALL',
    performer: { staffId: 'rn-b', name: 'Bea Brown RN', credential: 'RN', npi: null },
    startedAt: '2026-03-15T10:00:00.000Z',
    minutes: 20,
    direction: 'OUTBOUND',
    summary: 'Called',
    source: 'LIVE_TIMER',
    complexMedicalDecisionMaking: false,
    month: '2026-03',
  },
};

/** A task command issued by the nurse at noon UTC on 15 March (08:00 in New York). */
const command = <Type extends string>(
  type: Type,
  data: Record<string, unknown>,
  options: { patient?: ReturnType<typeof record>; actorId?: string; roles?: string[] } = {},
) => ({
  type,
  data: { ...ids, ...data },
  practice: testPractice(),
  patient: options.patient ?? record(enrolled(), callLogged),
  metadata: { ...asNurse(), actorId: options.actorId ?? 'rn-b', actorRoles: options.roles ?? ['CARE_MANAGER'] },
});
const create = (data: Record<string, unknown> = {}, options = {}) =>
  command(
    'CreateTask',
    { kind: 'OUTREACH_CALL', title: 'Call about the glucose meter', assigneeId: null, dueOn: '2026-03-15', origin: 'MANUAL', ...data },
    options,
  );
const created = (data: Partial<TaskCreated['data']> = {}): TaskCreated => ({
  type: 'TaskCreated',
  data: {
    ...ids,
    kind: 'OUTREACH_CALL',
    title: 'Call about the glucose meter',
    assigneeId: null,
    dueOn: '2026-03-15',
    origin: 'MANUAL',
    createdAt: '2026-03-15T12:00:00.000Z',
    createdBy: 'rn-b',
    ...data,
  },
});
const cancelled: TaskEvent = { type: 'TaskCancelled', data: { ...ids, reason: 'Moved away', cancelledAt: '2026-03-15T12:00:00.000Z', cancelledBy: 'rn-b' } };
const completed: TaskEvent = { type: 'TaskCompleted', data: { ...ids, completedAt: '2026-03-15T12:00:00.000Z', completedBy: 'rn-b', activityId: null } };

describe('task decider', () => {
  describe('CreateTask', () => {
    it('creates a task due today in the practice zone', () => given(taskDecider).when(create()).then([created()]));

    it('assigns it to an active staff member', () =>
      given(taskDecider)
        .when(create({ assigneeId: 'np-c' }))
        .then([created({ assigneeId: 'np-c' })]));

    it("opens a rule's task as the program, without a registered author", () =>
      given(taskDecider)
        .when(create({ origin: 'CADENCE' }, { actorId: 'careledger-task-rules', roles: [] }))
        .then([created({ origin: 'CADENCE', createdBy: 'careledger-task-rules' })]));

    it.each([
      ['a task due before the day it is created (practice zone)', create({ dueOn: '2026-03-14' }), 'BAD_USER_INPUT', /dueOn/],
      ['an inactive assignee', create({ assigneeId: 'dr-gone' }), 'PRECONDITION_FAILED', /no longer active/],
      ['an unknown assignee', create({ assigneeId: 'nobody' }), 'PRECONDITION_FAILED', /not a staff member/],
      ['a person who is not on the staff registry', create({}, { actorId: 'stranger' }), 'PRECONDITION_FAILED', /not a staff member/],
      ["another practice's patient", create({}, { patient: record(enrolled({ practiceId: 'p2' })) }), 'NOT_FOUND', /Patient/],
    ])('refuses %s', (_case, when, code, message) =>
      given(taskDecider)
        .when(when)
        .thenThrows(code as never, message),
    );

    it('refuses a task id already used', () =>
      given(taskDecider, [created()])
        .when(create())
        .thenThrows('PRECONDITION_FAILED', /already names/));
  });

  describe('AssignTask, CompleteTask, CancelTask', () => {
    it('reassigns an open task; the same assignee again records nothing', () => {
      given(taskDecider, [created()])
        .when(command('AssignTask', { assigneeId: 'np-c' }))
        .then([{ type: 'TaskAssigned', data: { ...ids, assigneeId: 'np-c', previousAssigneeId: null, assignedBy: 'rn-b' } }]);
      given(taskDecider, [created({ assigneeId: 'np-c' })])
        .when(command('AssignTask', { assigneeId: 'np-c' }))
        .thenNothingHappens();
    });

    it('completes a task, naming the care activity that did it', () =>
      given(taskDecider, [created()])
        .when(command('CompleteTask', { activityId: ACTIVITY }))
        .then([{ type: 'TaskCompleted', data: { ...ids, completedAt: '2026-03-15T12:00:00.000Z', completedBy: 'rn-b', activityId: ACTIVITY } }]));

    it.each([
      ['completing a cancelled task', [created(), cancelled], command('CompleteTask', {}), 'PRECONDITION_FAILED', /cancelled/],
      ['cancelling a done task', [created(), completed], command('CancelTask', { reason: 'oops' }), 'PRECONDITION_FAILED', /already done/],
      ['assigning a done task', [created(), completed], command('AssignTask', { assigneeId: 'np-c' }), 'PRECONDITION_FAILED', /already done/],
      ['an unknown task', [], command('CancelTask', { reason: 'oops' }), 'NOT_FOUND', /Task/],
      [
        'an activity that does not exist',
        [created()],
        command('CompleteTask', { activityId: '3c4d5e6f-7a8b-4c9d-8e0f-2a3b4c5d6e7f' }),
        'NOT_FOUND',
        /Care activity/,
      ],
    ])('refuses %s', (_case, history, when, code, message) =>
      given(taskDecider, history as TaskEvent[])
        .when(when)
        .thenThrows(code as never, message),
    );

    it('cancels an open task with its reason', () =>
      given(taskDecider, [created()])
        .when(command('CancelTask', { reason: 'Moved away' }))
        .then([cancelled]));
  });

  it.each([
    ['due yesterday and open', 'OPEN', '2026-03-14', true],
    ['due today', 'OPEN', '2026-03-15', false],
    ['due yesterday but done', 'DONE', '2026-03-14', false],
    ['due yesterday but cancelled', 'CANCELLED', '2026-03-14', false],
  ] as const)('overdue: a task %s on 2026-03-15 is %s', (_case, status, dueOn, overdue) => expect(isOverdue({ status, dueOn }, '2026-03-15')).toBe(overdue));
});
