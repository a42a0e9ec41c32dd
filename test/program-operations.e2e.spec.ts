import { randomUUID } from 'node:crypto';
import { ADAPTERS, newCommandId, outcome, startTestApp, type TestApp } from './support/app-harness';
import { STAFF } from './support/care-record-events';
import { CARE_RECORD_CLOCK, LOG_CALL, callInput, mutate, seedEligiblePatient, seedPractice, type SeededPractice } from './support/care-record-fixtures';
import { readStreamOrEmpty } from './support/event-store-reads';
import { documentedPatient } from './support/billing-fixtures';

const CARE_TEAM_FIELDS = `id careManager { id name credential active } careManagerHistory { careManager { id } from to }
  careTeam { memberId role staffId name organization phone since } openTasks { id kind title dueOn status overdue origin }`;
const ASSIGN_CARE_MANAGER = `mutation($input: AssignCareManagerInput!) { assignCareManager(input: $input) { ${CARE_TEAM_FIELDS} } }`;
const ADD_MEMBER = `mutation($input: AddCareTeamMemberInput!) { addCareTeamMember(input: $input) { ${CARE_TEAM_FIELDS} } }`;
const REMOVE_MEMBER = `mutation($input: RemoveCareTeamMemberInput!) { removeCareTeamMember(input: $input) { ${CARE_TEAM_FIELDS} } }`;
const PATIENT = `query($id: ID!) { patient(id: $id) { ${CARE_TEAM_FIELDS} } }`;
const TASK_FIELDS = 'id patientId kind title assigneeId dueOn status overdue origin createdAt completedAt completedByActivityId';
const CREATE_TASK = `mutation($input: CreateTaskInput!) { createTask(input: $input) { ${TASK_FIELDS} } }`;
const ASSIGN_TASK = `mutation($input: AssignTaskInput!) { assignTask(input: $input) { ${TASK_FIELDS} } }`;
const COMPLETE_TASK = `mutation($input: CompleteTaskInput!) { completeTask(input: $input) { ${TASK_FIELDS} } }`;
const CANCEL_TASK = `mutation($input: CancelTaskInput!) { cancelTask(input: $input) { ${TASK_FIELDS} } }`;
const TASKS = `query($filter: TaskFilter, $first: Int) { tasks(filter: $filter, first: $first) { totalCount edges { node { ${TASK_FIELDS} } } } }`;

const SCHEDULE = `mutation($input: ScheduleOnCallInput!) { scheduleOnCall(input: $input) { id staffId from to phone } }`;
const COVERAGE = `query($from: DateTime!, $to: DateTime!) { onCallCoverage(from: $from, to: $to) { covered gaps { from to } shifts { id staffId from to phone } } }`;
const CADENCE = `mutation($input: ConfigureOutreachCadenceInput!) { configureOutreachCadence(input: $input) { program openOnDay dueAfterDays } }`;

const stream = (patientId: string) => `patient-${patientId}`;
const taskInput = (patientId: string, overrides: Record<string, unknown> = {}) => ({
  commandId: newCommandId(),
  taskId: randomUUID(),
  patientId,
  kind: 'OUTREACH_CALL',
  title: 'Call about the new glucose meter',
  dueOn: '2026-04-03',
  ...overrides,
});

describe.each(ADAPTERS)('running the program over GraphQL on %s', (adapter) => {
  let app: TestApp;
  let practice: SeededPractice;
  let other: SeededPractice;

  beforeAll(async () => {
    app = await startTestApp(adapter, { clock: CARE_RECORD_CLOCK });
    practice = await seedPractice(app);
    other = await seedPractice(app);
  }, 60_000);
  afterAll(() => app.close());

  const written = async (patientId: string) =>
    (await readStreamOrEmpty(app, stream(patientId))).length + (await readStreamOrEmpty(app, `tasks-${patientId}`)).length;

  /** Sends a refused mutation and checks that it appended nothing to the patient's streams (record and tasks). */
  const refused = async (document: string, input: object, token: string, patientId: string) => {
    const before = await written(patientId);
    const response = await app.gql(document, { input }, token);
    expect(await written(patientId)).toBe(before);
    return { code: outcome(response), reason: response.errors?.[0]?.extensions?.reason, message: response.errors?.[0]?.message ?? '' };
  };

  describe('care manager and care team', () => {
    it('assigns and reassigns the dedicated care manager, keeping who was responsible when', async () => {
      const patientId = await seedEligiblePatient(app, practice);
      const first = (
        await mutate(
          app,
          ASSIGN_CARE_MANAGER,
          { commandId: newCommandId(), patientId, staffId: STAFF.rnB.staffId, effectiveAt: '2026-03-01T09:00:00-05:00' },
          practice.tokens.admin,
        )
      ).assignCareManager;
      expect(first.careManager).toEqual({ id: 'rn-b', name: STAFF.rnB.name, credential: 'RN', active: true });
      const second = (
        await mutate(app, ASSIGN_CARE_MANAGER, { commandId: newCommandId(), patientId, staffId: STAFF.npC.staffId }, practice.tokens.practitioner)
      ).assignCareManager;
      expect(second.careManager.id).toBe('np-c');
      expect(second.careManagerHistory).toEqual([
        { careManager: { id: 'rn-b' }, from: '2026-03-01T14:00:00.000Z', to: '2026-04-01T14:00:00.000Z' },
        { careManager: { id: 'np-c' }, from: '2026-04-01T14:00:00.000Z', to: null },
      ]);
      // The care manager is the practice's decision: a care manager cannot assign one.
      expect(outcome(await app.gql(ASSIGN_CARE_MANAGER, { input: { commandId: newCommandId(), patientId, staffId: 'rn-b' } }, practice.tokens.nurse))).toBe(
        'FORBIDDEN',
      );
    });

    it.each([
      ['an unknown staff member', { staffId: 'nobody' }, 'STAFF_NOT_REGISTERED'],
      ['an inactive staff member', { staffId: STAFF.drGone.staffId }, 'STAFF_INACTIVE'],
      ['non-clinical staff', { staffId: STAFF.deskD.staffId }, 'NOT_CLINICAL_STAFF'],
    ])('refuses %s as care manager, appending nothing', async (_case, overrides, reason) => {
      const patientId = await seedEligiblePatient(app, practice);
      expect(await refused(ASSIGN_CARE_MANAGER, { commandId: newCommandId(), patientId, ...overrides }, practice.tokens.admin, patientId)).toMatchObject({
        code: 'PRECONDITION_FAILED',
        reason,
      });
    });

    it("answers another practice's patient exactly like an unknown one", async () => {
      const patientId = await seedEligiblePatient(app, practice);
      const theirs = await refused(ASSIGN_CARE_MANAGER, { commandId: newCommandId(), patientId, staffId: 'rn-b' }, other.tokens.admin, patientId);
      const unknown = await app.gql(
        ASSIGN_CARE_MANAGER,
        { input: { commandId: newCommandId(), patientId: randomUUID(), staffId: 'rn-b' } },
        other.tokens.admin,
      );
      expect(theirs).toEqual({ code: 'NOT_FOUND', reason: undefined, message: unknown.errors?.[0].message });
    });

    it('adds inside and outside members, refuses a staff role without staff, and removes a member', async () => {
      const patientId = await seedEligiblePatient(app, practice);
      const pharmacist = randomUUID();
      await mutate(
        app,
        ADD_MEMBER,
        { commandId: newCommandId(), patientId, memberId: randomUUID(), role: 'CLINICAL_STAFF', staffId: 'rn-b', name: 'ignored: the registry names staff' },
        practice.tokens.nurse,
      );
      const added = (
        await mutate(
          app,
          ADD_MEMBER,
          {
            commandId: newCommandId(),
            patientId,
            memberId: pharmacist,
            role: 'PHARMACIST',
            name: 'Pat Pharmacist',
            organization: 'Main St Pharmacy',
            phone: '+1 555 010 2000',
          },
          practice.tokens.admin,
        )
      ).addCareTeamMember;
      expect(added.careTeam).toEqual([
        expect.objectContaining({ role: 'CLINICAL_STAFF', staffId: 'rn-b', name: STAFF.rnB.name, organization: null }),
        expect.objectContaining({
          memberId: pharmacist,
          role: 'PHARMACIST',
          staffId: null,
          name: 'Pat Pharmacist',
          organization: 'Main St Pharmacy',
          phone: '+1 555 010 2000',
        }),
      ]);
      expect(
        await refused(
          ADD_MEMBER,
          { commandId: newCommandId(), patientId, memberId: randomUUID(), role: 'CARE_MANAGER', name: 'Someone' },
          practice.tokens.admin,
          patientId,
        ),
      ).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/staffId/) });
      expect(
        await refused(
          ADD_MEMBER,
          { commandId: newCommandId(), patientId, memberId: pharmacist, role: 'CAREGIVER', name: 'Daughter' },
          practice.tokens.admin,
          patientId,
        ),
      ).toMatchObject({ reason: 'CARE_TEAM_MEMBER_ID_IN_USE' });
      const removed = (
        await mutate(app, REMOVE_MEMBER, { commandId: newCommandId(), patientId, memberId: pharmacist, reason: 'Changed pharmacy' }, practice.tokens.nurse)
      ).removeCareTeamMember;
      expect(removed.careTeam.map((member: { role: string }) => member.role)).toEqual(['CLINICAL_STAFF']);
      expect(
        await refused(REMOVE_MEMBER, { commandId: newCommandId(), patientId, memberId: pharmacist, reason: 'again' }, practice.tokens.nurse, patientId),
      ).toMatchObject({ code: 'NOT_FOUND' });
    });
  });

  describe('tasks', () => {
    it('creates, assigns, completes by an activity, and derives overdue in the practice zone', async () => {
      const patientId = await seedEligiblePatient(app, practice);
      const due = taskInput(patientId, { dueOn: '2026-04-01' });
      const task = (await mutate(app, CREATE_TASK, due, practice.tokens.nurse)).createTask;
      expect(task).toMatchObject({ id: due.taskId, patientId, status: 'OPEN', overdue: false, origin: 'MANUAL', assigneeId: null, completedAt: null });
      // The same commandId again returns the task and appends nothing.
      const events = await written(patientId);
      expect((await mutate(app, CREATE_TASK, due, practice.tokens.nurse)).createTask.id).toBe(due.taskId);
      expect(await written(patientId)).toBe(events);
      expect(
        (await mutate(app, ASSIGN_TASK, { commandId: newCommandId(), taskId: due.taskId, assigneeId: 'rn-b' }, practice.tokens.admin)).assignTask.assigneeId,
      ).toBe('rn-b');
      const call = callInput(patientId, { startedAt: '2026-04-01T09:30:00-04:00' });
      await mutate(app, LOG_CALL, call, practice.tokens.nurse);
      const done = (await mutate(app, COMPLETE_TASK, { commandId: newCommandId(), taskId: due.taskId, activityId: call.activityId }, practice.tokens.nurse))
        .completeTask;
      expect(done).toMatchObject({ status: 'DONE', completedByActivityId: call.activityId, completedAt: '2026-04-01T14:00:00.000Z' });
      expect((await app.gql(PATIENT, { id: patientId }, practice.tokens.nurse)).data?.patient.openTasks).toEqual([]);
    });

    it("lists tasks by filter, only of the caller's practice, never to a payer", async () => {
      const patientId = await seedEligiblePatient(app, practice);
      const later = taskInput(patientId, { dueOn: '2026-04-20', kind: 'MEDICATION_REVIEW', assigneeId: 'np-c' });
      await mutate(app, CREATE_TASK, later, practice.tokens.nurse);
      const listed = (await app.gql(TASKS, { filter: { patientId, status: 'OPEN' } }, practice.tokens.billing)).data?.tasks;
      expect(listed.totalCount).toBe(1);
      expect(listed.edges[0].node).toMatchObject({ id: later.taskId, kind: 'MEDICATION_REVIEW', assigneeId: 'np-c', overdue: false });
      expect((await app.gql(TASKS, { filter: { patientId, dueBefore: '2026-04-20' } }, practice.tokens.billing)).data?.tasks.totalCount).toBe(0);
      expect((await app.gql(TASKS, { filter: { patientId } }, other.tokens.admin)).data?.tasks.totalCount).toBe(0);
      expect(outcome(await app.gql(TASKS, {}, practice.tokens.payer))).toBe('FORBIDDEN');
    });

    it('refuses a task due before it was created, completing a cancelled task, and changing a done one', async () => {
      const patientId = await seedEligiblePatient(app, practice);
      expect(await refused(CREATE_TASK, taskInput(patientId, { dueOn: '2026-03-31' }), practice.tokens.nurse, patientId)).toMatchObject({
        code: 'BAD_USER_INPUT',
        message: expect.stringMatching(/dueOn/),
      });
      expect(await refused(CREATE_TASK, taskInput(patientId, { assigneeId: 'dr-gone' }), practice.tokens.nurse, patientId)).toMatchObject({
        reason: 'STAFF_INACTIVE',
      });
      const cancelled = taskInput(patientId);
      await mutate(app, CREATE_TASK, cancelled, practice.tokens.nurse);
      expect(
        (await mutate(app, CANCEL_TASK, { commandId: newCommandId(), taskId: cancelled.taskId, reason: 'Patient moved away' }, practice.tokens.nurse))
          .cancelTask.status,
      ).toBe('CANCELLED');
      expect(await refused(COMPLETE_TASK, { commandId: newCommandId(), taskId: cancelled.taskId }, practice.tokens.nurse, patientId)).toMatchObject({
        code: 'PRECONDITION_FAILED',
        reason: 'TASK_CANCELLED',
      });
      const done = taskInput(patientId);
      await mutate(app, CREATE_TASK, done, practice.tokens.nurse);
      await mutate(app, COMPLETE_TASK, { commandId: newCommandId(), taskId: done.taskId }, practice.tokens.nurse);
      expect(await refused(CANCEL_TASK, { commandId: newCommandId(), taskId: done.taskId, reason: 'oops' }, practice.tokens.nurse, patientId)).toMatchObject({
        reason: 'TASK_ALREADY_DONE',
      });
      expect(await refused(COMPLETE_TASK, { commandId: newCommandId(), taskId: done.taskId }, other.tokens.nurse, patientId)).toMatchObject({
        code: 'NOT_FOUND',
      });
    });
  });

  describe('24/7 coverage', () => {
    const shift = (overrides: Record<string, unknown> = {}) => ({
      commandId: newCommandId(),
      shiftId: randomUUID(),
      staffId: 'dr-a',
      from: '2026-04-06T21:00:00Z',
      to: '2026-04-07T13:00:00Z',
      phone: '+1 555 010 9999',
      ...overrides,
    });

    it('schedules shifts and answers every uncovered interval of a window', async () => {
      const covering = await seedPractice(app);
      const night = shift();
      expect((await mutate(app, SCHEDULE, night, covering.tokens.admin)).scheduleOnCall).toEqual({
        id: night.shiftId,
        staffId: 'dr-a',
        from: '2026-04-06T21:00:00.000Z',
        to: '2026-04-07T13:00:00.000Z',
        phone: '+1 555 010 9999',
      });
      // Another clinician may overlap Dr A; the window's edges fall outside both shifts.
      await mutate(app, SCHEDULE, shift({ staffId: 'rn-b', from: '2026-04-07T12:00:00Z', to: '2026-04-07T20:00:00Z' }), covering.tokens.admin);
      const coverage = (await app.gql(COVERAGE, { from: '2026-04-06T20:00:00Z', to: '2026-04-07T22:00:00Z' }, covering.tokens.nurse)).data?.onCallCoverage;
      expect(coverage.covered).toBe(false);
      expect(coverage.gaps).toEqual([
        { from: '2026-04-06T20:00:00.000Z', to: '2026-04-06T21:00:00.000Z' },
        { from: '2026-04-07T20:00:00.000Z', to: '2026-04-07T22:00:00.000Z' },
      ]);
      expect(coverage.shifts.map((s: { staffId: string }) => s.staffId)).toEqual(['dr-a', 'rn-b']);
      expect(
        (await app.gql(COVERAGE, { from: '2026-04-06T22:00:00Z', to: '2026-04-07T19:00:00Z' }, covering.tokens.billing)).data?.onCallCoverage,
      ).toMatchObject({ covered: true, gaps: [] });
      // Another practice sees none of these shifts.
      expect((await app.gql(COVERAGE, { from: '2026-04-06T20:00:00Z', to: '2026-04-07T22:00:00Z' }, other.tokens.admin)).data?.onCallCoverage.shifts).toEqual(
        [],
      );
    });

    it.each([
      ['a shift that ends before it starts', { from: '2026-04-08T10:00:00Z', to: '2026-04-08T09:00:00Z' }, 'BAD_USER_INPUT', undefined],
      ["an overlap with the same person's shift", { from: '2026-04-07T10:00:00Z', to: '2026-04-07T15:00:00Z' }, 'PRECONDITION_FAILED', 'SHIFT_OVERLAPS'],
      ['an unknown clinician', { staffId: 'nobody' }, 'PRECONDITION_FAILED', 'STAFF_NOT_REGISTERED'],
      ['an inactive clinician', { staffId: 'dr-gone' }, 'PRECONDITION_FAILED', 'STAFF_INACTIVE'],
    ])('refuses %s, appending nothing', async (_case, overrides, code, reason) => {
      const covering = await seedPractice(app);
      await mutate(app, SCHEDULE, shift(), covering.tokens.admin);
      const programStream = `program-${covering.practiceId}`;
      const before = (await readStreamOrEmpty(app, programStream)).length;
      const response = await app.gql(SCHEDULE, { input: shift(overrides) }, covering.tokens.admin);
      expect([outcome(response), response.errors?.[0].extensions?.reason]).toEqual([code, reason]);
      expect((await readStreamOrEmpty(app, programStream)).length).toBe(before);
    });

    describe('after-hours contacts', () => {
      const AFTER_HOURS_FIELDS = 'id minutes afterHours onCall { shiftId staffId name credential phone }';
      const LOG_AFTER_HOURS = `mutation($input: LogCallInput!) { logCall(input: $input) { ${AFTER_HOURS_FIELDS} } }`;
      const ACTIVITIES = `query($id: ID!) { patient(id: $id) { activities(month: "2026-03") { ${AFTER_HOURS_FIELDS} } } }`;
      const MINUTES = `query($id: ID!) { patientBillingMonth(patientId: $id, month: "2026-03") { clinicalStaffMinutes } }`;
      const PACKET = `query($id: ID!) { evidencePacket(patientId: $id, month: "2026-03") { activities { ${AFTER_HOURS_FIELDS} } } }`;
      const TRAIL = `query($id: ID!) { auditTrail(patientId: $id) { edges { node { eventType data } } } }`;
      // Dr A on call from 18:00 on 9 March to 08:00 on the 10th (New York, EDT).
      const night = { from: '2026-03-09T22:00:00Z', to: '2026-03-10T12:00:00Z' };

      it('records the clinician on call when the contact started, counts its minutes and shows it in the activities, the packet and the trail', async () => {
        const covering = await seedPractice(app);
        const onCallShift = shift(night);
        await mutate(app, SCHEDULE, onCallShift, covering.tokens.admin);
        const patientId = await documentedPatient(app, covering);
        const input = callInput(patientId, { startedAt: '2026-03-10T03:00:00-04:00', minutes: 20, afterHours: true });
        const onCall = [{ shiftId: onCallShift.shiftId, staffId: 'dr-a', name: STAFF.drA.name, credential: STAFF.drA.credential, phone: '+1 555 010 9999' }];
        const logged = (await mutate(app, LOG_AFTER_HOURS, input, covering.tokens.nurse)).logCall;
        expect(logged).toEqual({ id: input.activityId, minutes: 20, afterHours: true, onCall });
        // A retry of the same command records nothing more and answers the same entry.
        expect((await mutate(app, LOG_AFTER_HOURS, input, covering.tokens.nurse)).logCall).toEqual(logged);
        // A contact in hours records no one on call.
        await mutate(app, LOG_AFTER_HOURS, callInput(patientId, { startedAt: '2026-03-12T11:00:00-04:00', minutes: 5 }), covering.tokens.nurse);

        const activities = (await app.gql(ACTIVITIES, { id: patientId }, covering.tokens.nurse)).data?.patient.activities;
        expect(activities).toEqual([logged, expect.objectContaining({ minutes: 5, afterHours: false, onCall: [] })]);
        // Its minutes count like any other time: 20 after hours + 5 in hours.
        expect((await app.gql(MINUTES, { id: patientId }, covering.tokens.billing)).data?.patientBillingMonth.clinicalStaffMinutes).toBe(25);
        expect((await app.gql(PACKET, { id: patientId }, covering.tokens.compliance)).data?.evidencePacket.activities).toEqual([
          logged,
          expect.objectContaining({ afterHours: false, onCall: [] }),
        ]);
        const trail = (await app.gql(TRAIL, { id: patientId }, covering.tokens.compliance)).data?.auditTrail.edges as {
          node: { eventType: string; data: string };
        }[];
        const calls = trail.filter(({ node }) => node.eventType === 'CallLogged').map(({ node }) => JSON.parse(node.data));
        expect(calls.map((data) => data.afterHours?.onCall.map((entry: { clinician: { staffId: string } }) => entry.clinician.staffId) ?? null)).toEqual([
          ['dr-a'],
          null,
        ]);
      });

      it('refuses an after-hours contact when nobody was on call, appending nothing', async () => {
        const covering = await seedPractice(app);
        await mutate(app, SCHEDULE, shift(night), covering.tokens.admin);
        const patientId = await seedEligiblePatient(app, covering);
        // 20:00 on 10 March: Dr A's shift ended at 08:00 that morning.
        const response = await refused(
          LOG_AFTER_HOURS,
          callInput(patientId, { startedAt: '2026-03-10T20:00:00-04:00', afterHours: true }),
          covering.tokens.nurse,
          patientId,
        );
        expect(response).toMatchObject({ code: 'PRECONDITION_FAILED', reason: 'NOBODY_ON_CALL' });
        expect(response.message).toContain('2026-03-11T00:00:00.000Z');
      });
    });

    it('is scheduled by admins only, and a window must run forwards', async () => {
      expect(outcome(await app.gql(SCHEDULE, { input: shift() }, practice.tokens.nurse))).toBe('FORBIDDEN');
      expect(outcome(await app.gql(COVERAGE, { from: '2026-04-07T00:00:00Z', to: '2026-04-06T00:00:00Z' }, practice.tokens.nurse))).toBe('BAD_USER_INPUT');
      expect(outcome(await app.gql(COVERAGE, { from: '2026-04-07T00:00:00Z', to: '2026-04-08T00:00:00Z' }, practice.tokens.payer))).toBe('FORBIDDEN');
    });

    it('configures the outreach cadence of a program', async () => {
      expect(
        (await mutate(app, CADENCE, { commandId: newCommandId(), program: 'PCM', openOnDay: 5, dueAfterDays: 7 }, practice.tokens.admin))
          .configureOutreachCadence,
      ).toEqual({ program: 'PCM', openOnDay: 5, dueAfterDays: 7 });
      const cadences = (await app.gql('{ outreachCadences { program openOnDay dueAfterDays } }', {}, practice.tokens.nurse)).data?.outreachCadences;
      expect(cadences).toEqual([
        { program: 'CCM', openOnDay: 1, dueAfterDays: 10 },
        { program: 'PCM', openOnDay: 5, dueAfterDays: 7 },
        { program: 'APCM', openOnDay: 1, dueAfterDays: 10 },
      ]);
      expect(
        outcome(await app.gql(CADENCE, { input: { commandId: newCommandId(), program: 'CCM', openOnDay: 31, dueAfterDays: 7 } }, practice.tokens.admin)),
      ).toBe('BAD_USER_INPUT');
    });
  });
});
