import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../src/kernel/clock';
import { ReadYourWrites } from '../src/projections/projections.module';
import { ADAPTERS, newCommandId, outcome, startTestApp, type TestApp } from './support/app-harness';
import { AUDIT_TRAIL, VERIFY_AUDIT_TRAIL } from './support/audit-fixtures';
import { BILLING_MONTH, PAYER_ID } from './support/billing-fixtures';
import {
  callInput,
  carePlanInput,
  conditionInput,
  consentInput,
  CREATE_CARE_PLAN,
  ENROLL_PATIENT,
  enrollInput,
  GIVE_CONSENT,
  initiatingVisitInput,
  LOG_CALL,
  mutate,
  newPatientId,
  PATIENT_QUERY,
  RECORD_CHRONIC_CONDITION,
  RECORD_INITIATING_VISIT,
  seedPractice,
  SHARE_CARE_PLAN,
  shareCarePlanInput,
  testMedicareId,
  type SeededPractice,
} from './support/care-record-fixtures';

/** 25 March 2026, noon in New York: March is the current month. */
const CLOCK: Clock = { now: () => new Date('2026-03-25T16:00:00Z') };
const MONTH = '2026-03';

const WORKLIST = `query($month: YearMonth!) { worklist(month: $month) { totalCount edges { node { patient { id name } countedMinutes } } } }`;
const CREATE_TASK = `mutation($input: CreateTaskInput!) { createTask(input: $input) { id } }`;
const TASKS = `query($patientId: ID) { tasks(filter: { patientId: $patientId }) { totalCount edges { node { id title origin } } } }`;

type Node = Record<string, any>;
const nodes = (connection: { edges: { node: Node }[] }) => connection.edges.map((edge) => edge.node);

/**
 * Issue 12 item 9: patient ids are chosen by the client, so a second practice may pick one the first already uses.
 * It must be to that practice exactly as a free id: its own record under that id, and neither practice ever sees
 * the other's (and the first practice's log stays as it was).
 */
describe.each(ADAPTERS)('two practices using one patient id on %s', (adapter) => {
  let app: TestApp;
  let first: SeededPractice;
  let second: SeededPractice;
  const sharedId = newPatientId();
  /** The second practice's enrolment, kept to retry it. */
  let secondEnrolment: ReturnType<typeof enrollInput>;

  const gql = async (document: string, variables: Record<string, unknown>, token: string) => {
    const response = await app.gql(document, variables, token);
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    return response.data!;
  };
  const enrolEligible = async (practice: SeededPractice, input: ReturnType<typeof enrollInput>) => {
    const enrolled = await mutate(app, ENROLL_PATIENT, input, practice.tokens.admin);
    await mutate(app, RECORD_CHRONIC_CONDITION, conditionInput(sharedId), practice.tokens.nurse);
    await mutate(
      app,
      RECORD_CHRONIC_CONDITION,
      conditionInput(sharedId, { icd10: 'I10', description: 'Essential hypertension', onset: '2015-01-01' }),
      practice.tokens.nurse,
    );
    await mutate(app, RECORD_INITIATING_VISIT, initiatingVisitInput(sharedId), practice.tokens.admin);
    // Consent and a shared care plan: the month then counts the calls' minutes.
    await mutate(app, GIVE_CONSENT, consentInput(sharedId), practice.tokens.nurse);
    await mutate(app, CREATE_CARE_PLAN, carePlanInput(sharedId), practice.tokens.practitioner);
    await mutate(app, SHARE_CARE_PLAN, shareCarePlanInput(sharedId), practice.tokens.nurse);
    return enrolled.enrollPatient;
  };

  /** What each view shows the practice of the shared id: its name, its calls' minutes, its trail, month and worklist. */
  async function seenBy(practice: SeededPractice) {
    const patient = (await gql(PATIENT_QUERY, { id: sharedId, month: null }, practice.tokens.admin)).patient;
    const trail = nodes((await gql(AUDIT_TRAIL, { patientId: sharedId, first: 100 }, practice.tokens.compliance)).auditTrail);
    const verification = (await gql(VERIFY_AUDIT_TRAIL, { patientId: sharedId }, practice.tokens.compliance)).verifyAuditTrail;
    const month = (await gql(BILLING_MONTH, { month: MONTH }, practice.tokens.billing)).billingMonth;
    const worklist = nodes((await gql(WORKLIST, { month: MONTH }, practice.tokens.admin)).worklist);
    const tasks = nodes((await gql(TASKS, { patientId: sharedId }, practice.tokens.admin)).tasks);
    return {
      name: patient.name,
      practiceId: patient.practiceId,
      callMinutes: patient.activities.map((activity: Node) => activity.minutes),
      trail: { types: trail.map((entry) => entry.eventType), names: trail.map((entry) => JSON.parse(entry.data).name).filter(Boolean) },
      verification: { valid: verification.valid, eventsChecked: verification.eventsChecked, patientId: verification.patientId },
      month: month.patients
        .filter((row: Node) => row.patientId === sharedId)
        .map((row: Node) => ({ patientId: row.patientId, clinicalStaffMinutes: row.clinicalStaffMinutes })),
      worklist: worklist
        .filter((item) => item.patient.id === sharedId)
        .map((item) => ({ id: item.patient.id, name: item.patient.name, countedMinutes: item.countedMinutes })),
      // The program's own tasks (rules) aside: the one a person created tells the records apart.
      tasks: tasks.filter((task) => task.origin === 'MANUAL').map((task) => task.title),
    };
  }

  const TRAIL_TYPES = [
    'PatientEnrolled',
    'ChronicConditionRecorded',
    'ChronicConditionRecorded',
    'InitiatingVisitRecorded',
    'ConsentGiven',
    'CarePlanCreated',
    'CarePlanSharedWithPatient',
    'CallLogged',
  ];
  /** What one practice's record of the shared id shows: only its own patient, minutes and tasks. */
  const expectedView = (name: string, practiceId: string, minutes: number, tasks: string[]) => ({
    name,
    practiceId,
    callMinutes: [minutes],
    trail: { types: TRAIL_TYPES, names: [name] },
    verification: { valid: true, eventsChecked: TRAIL_TYPES.length, patientId: sharedId },
    month: [{ patientId: sharedId, clinicalStaffMinutes: minutes }],
    worklist: [{ id: sharedId, name, countedMinutes: minutes }],
    tasks,
  });
  const expectedViews = () => ({
    first: expectedView('Ann First', first.practiceId, 25, ['Call Ann about her glucose log']),
    second: expectedView('Bea Second', second.practiceId, 12, []),
  });

  beforeAll(async () => {
    app = await startTestApp(adapter, { clock: CLOCK });
    first = await seedPractice(app);
    second = await seedPractice(app);
    await enrolEligible(first, enrollInput(sharedId, { name: 'Ann First', payerId: PAYER_ID }));
    await mutate(app, LOG_CALL, callInput(sharedId, { minutes: 25, source: 'LIVE_TIMER' }), first.tokens.nurse);
    await mutate(
      app,
      CREATE_TASK,
      {
        commandId: newCommandId(),
        taskId: randomUUID(),
        patientId: sharedId,
        kind: 'OTHER',
        title: 'Call Ann about her glucose log',
        dueOn: '2026-03-27',
        assigneeId: null,
      },
      first.tokens.admin,
    );
  }, 120_000);

  afterAll(() => app?.close());

  it('before the second practice enrols it, the id reads exactly as a free one there', async () => {
    const free = newPatientId();
    const answers = await Promise.all(
      [sharedId, free].map(async (id) => {
        const patient = await app.gql(PATIENT_QUERY, { id, month: null }, second.tokens.admin);
        const trail = await app.gql(AUDIT_TRAIL, { patientId: id }, second.tokens.compliance);
        const strip = (response: typeof patient) => ({
          data: response.data,
          errors: response.errors?.map(({ message, extensions }) => ({ message, code: extensions?.code })),
        });
        return JSON.stringify([strip(patient), strip(trail)]).replaceAll(id, '<id>');
      }),
    );
    expect(answers[0]).toEqual(answers[1]);
  });

  it('the second practice enrols the id as it would a free one, and documents its own record', async () => {
    secondEnrolment = enrollInput(sharedId, { name: 'Bea Second', medicareId: testMedicareId(`${sharedId}-second`) });
    const enrolled = await enrolEligible(second, secondEnrolment);
    expect(enrolled).toMatchObject({ id: sharedId, name: 'Bea Second', practiceId: second.practiceId, version: 0 });
    await mutate(app, LOG_CALL, callInput(sharedId, { minutes: 12, source: 'LIVE_TIMER' }), second.tokens.nurse);
  });

  it('each practice sees only its own record in the patient, its activities, the audit trail, the billing month, the worklist and the tasks', async () => {
    const expected = expectedViews();
    expect(await seenBy(first)).toEqual(expected.first);
    expect(await seenBy(second)).toEqual(expected.second);
  });

  it('re-enrolling the id in the same practice is still refused, and a retry of the enrolment is answered as before', async () => {
    for (const practice of [first, second]) {
      const again = await app.gql(ENROLL_PATIENT, { input: enrollInput(sharedId, { name: 'Someone Else' }) }, practice.tokens.admin);
      expect(outcome(again)).toBe('PRECONDITION_FAILED');
      expect(again.errors?.[0].extensions?.reason).toBe('PATIENT_ID_IN_USE');
    }
    const retried = await app.gql(ENROLL_PATIENT, { input: secondEnrolment }, second.tokens.admin);
    expect(retried.errors).toBeUndefined();
    expect(retried.data!.enrollPatient).toMatchObject({ id: sharedId, name: 'Bea Second', practiceId: second.practiceId });
  });

  it('two practices enrolling one fresh id at the same moment both get their own record (the one that loses the race re-resolves)', async () => {
    const raced = newPatientId();
    const inputs = [first, second].map((practice, index) => ({
      practice,
      input: enrollInput(raced, { name: ['Cal First', 'Dee Second'][index], medicareId: testMedicareId(`${raced}-${index}`) }),
    }));
    const answers = await Promise.all(inputs.map(({ practice, input }) => app.gql(ENROLL_PATIENT, { input }, practice.tokens.admin)));
    expect(answers.map((answer) => [answer.errors, answer.data?.enrollPatient.practiceId, answer.data?.enrollPatient.name])).toEqual([
      [undefined, first.practiceId, 'Cal First'],
      [undefined, second.practiceId, 'Dee Second'],
    ]);
    for (const [index, { practice }] of inputs.entries()) {
      expect((await gql(PATIENT_QUERY, { id: raced, month: null }, practice.tokens.admin)).patient.name).toBe(['Cal First', 'Dee Second'][index]);
    }
  });

  it('a restart on the same data keeps both records apart, and read models rebuilt from the log do too', async () => {
    const expected = expectedViews();
    await app.stop();
    app = await startTestApp(adapter, { clock: CLOCK, reuse: app });
    expect(await seenBy(first)).toEqual(expected.first);
    expect(await seenBy(second)).toEqual(expected.second);
    await app.stop();
    for (const file of readdirSync(app.config.dataDir)) if (file.startsWith('read-models.db')) rmSync(join(app.config.dataDir, file));
    app = await startTestApp(adapter, { clock: CLOCK, reuse: app });
    await app.app.get(ReadYourWrites).requireLogHead('the read models are still being rebuilt');
    expect(await seenBy(first)).toEqual(expected.first);
    expect(await seenBy(second)).toEqual(expected.second);
  }, 60_000);
});
