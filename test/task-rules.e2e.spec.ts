import { ADAPTERS, newCommandId, startTestApp, type TestApp } from './support/app-harness';
import { STAFF } from './support/care-record-events';
import {
  CARE_RECORD_CLOCK,
  CHANGE_BILLING_PRACTITIONER,
  CREATE_CARE_PLAN,
  LOG_CALL,
  RECORD_EXTERNAL_SERVICE,
  callInput,
  carePlanInput,
  externalServiceInput,
  mutate,
  seedEligiblePatient,
  seedPractice,
  type SeededPractice,
} from './support/care-record-fixtures';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ProjectionHost } from '../src/projections/projections.module';
import { TaskRuleRunner } from '../src/task-rules/task-rule-runner';

const TASKS = `query($filter: TaskFilter) { tasks(filter: $filter, first: 500) { totalCount edges { node { id patientId kind title assigneeId dueOn status origin } } } }`;
const ASSIGN = `mutation($input: AssignCareManagerInput!) { assignCareManager(input: $input) { id } }`;
type Task = { id: string; patientId: string; kind: string; title: string; assigneeId: string | null; dueOn: string; origin: string };

/** The clock reads 1 April 2026, 10:00 in New York: April's outreach (default cadence: from the 1st, due in 10 days) is open. */
describe.each(ADAPTERS)('tasks the program opens by itself on %s', (adapter) => {
  let app: TestApp;
  let practice: SeededPractice;

  const runRules = () => app.app.get(TaskRuleRunner).run();
  const tasksOf = async (patientId: string): Promise<Task[]> => {
    const response = await app.gql(TASKS, { filter: { patientId } }, practice.tokens.nurse);
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    return response.data!.tasks.edges.map((edge: { node: Task }) => edge.node);
  };
  const kinds = async (patientId: string) => (await tasksOf(patientId)).map((task) => task.kind).sort();

  beforeAll(async () => {
    app = await startTestApp(adapter, { clock: CARE_RECORD_CLOCK });
    practice = await seedPractice(app);
  }, 60_000);
  afterAll(() => app.close());

  it("opens the month's outreach for a patient with no contact yet, assigned to the care manager, and none after a contact", async () => {
    const quiet = await seedEligiblePatient(app, practice);
    await mutate(app, ASSIGN, { commandId: newCommandId(), patientId: quiet, staffId: STAFF.rnB.staffId }, practice.tokens.admin);
    const called = await seedEligiblePatient(app, practice);
    await mutate(app, LOG_CALL, callInput(called, { startedAt: '2026-04-01T09:00:00-04:00' }), practice.tokens.nurse);
    await runRules();
    expect(await tasksOf(quiet)).toEqual([
      expect.objectContaining({
        kind: 'OUTREACH_CALL',
        origin: 'CADENCE',
        dueOn: '2026-04-11',
        assigneeId: 'rn-b',
        title: 'Monthly outreach: no contact yet in 2026-04',
      }),
    ]);
    expect(await tasksOf(called)).toEqual([]);
  });

  it('opens a consent renewal when the billing practitioner changes, a care-plan review due on reviewBy, and a follow-up after a hospital stay', async () => {
    const patientId = await seedEligiblePatient(app, practice);
    await mutate(app, LOG_CALL, callInput(patientId, { startedAt: '2026-04-01T08:00:00-04:00' }), practice.tokens.nurse);
    await mutate(
      app,
      CHANGE_BILLING_PRACTITIONER,
      { commandId: newCommandId(), patientId, billingPractitionerId: STAFF.npC.staffId, reason: 'Moved to Casey' },
      practice.tokens.admin,
    );
    await mutate(
      app,
      CREATE_CARE_PLAN,
      carePlanInput(patientId, { reviewBy: '2026-09-01', effectiveAt: '2026-03-30T10:00:00-04:00' }),
      practice.tokens.otherPractitioner,
    );
    await mutate(
      app,
      RECORD_EXTERNAL_SERVICE,
      externalServiceInput(patientId, { cptCode: '99223', serviceDate: '2026-03-28', billedByNpi: '1245319599' }),
      practice.tokens.admin,
    );
    // A face-to-face visit is no transition of care.
    await mutate(app, RECORD_EXTERNAL_SERVICE, externalServiceInput(patientId, { cptCode: '99214', serviceDate: '2026-03-29' }), practice.tokens.admin);
    await runRules();
    const tasks = await tasksOf(patientId);
    expect(tasks.map(({ kind, origin, dueOn }) => ({ kind, origin, dueOn })).sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
      { kind: 'CARE_PLAN_REVIEW', origin: 'CARE_PLAN_REVIEW', dueOn: '2026-09-01' },
      { kind: 'CONSENT_RENEWAL', origin: 'CONSENT_RULE', dueOn: '2026-04-15' },
      // Discharged 28 March, two days are up on the 30th: opened late, it is due today at the earliest.
      { kind: 'TRANSITION_FOLLOW_UP', origin: 'TRANSITION', dueOn: '2026-04-01' },
    ]);
    expect(tasks.find((task) => task.kind === 'CONSENT_RENEWAL')!.title).toBe(`Renew consent: the billing practitioner is now ${STAFF.npC.name}`);
  });

  it('never opens the same task twice: twice at once, again, and after a restart that rebuilds the read models', async () => {
    const patientId = await seedEligiblePatient(app, practice);
    await mutate(
      app,
      CHANGE_BILLING_PRACTITIONER,
      { commandId: newCommandId(), patientId, billingPractitionerId: STAFF.npC.staffId, reason: 'Moved to Casey' },
      practice.tokens.admin,
    );
    await Promise.all([runRules(), runRules()]);
    const first = await tasksOf(patientId);
    expect(first.map((task) => task.kind).sort()).toEqual(['CONSENT_RENEWAL', 'OUTREACH_CALL']);
    await runRules();
    await app.stop();
    // The read models are thrown away: the new start rebuilds them from the log, to-do list and tasks alike.
    for (const file of ['read-models.db', 'read-models.db-wal', 'read-models.db-shm']) rmSync(join(app.config.dataDir, file), { force: true });
    app = await startTestApp(adapter, { clock: CARE_RECORD_CLOCK, reuse: app });
    await app.app.get(ProjectionHost).engine.whenCaughtUp();
    await runRules();
    expect(await tasksOf(patientId)).toEqual(first);
    expect(await kinds(patientId)).toEqual(['CONSENT_RENEWAL', 'OUTREACH_CALL']);
  }, 60_000);
});
