import type { Clock } from '../src/kernel/clock';
import { ADAPTERS, newCommandId, outcome, startTestApp, type TestApp } from './support/app-harness';
import { documentedPatient, logCall, nextResult, subscriptionClient } from './support/billing-fixtures';
import { STAFF } from './support/care-record-events';
import { mutate, seedEligiblePatient, seedPractice, type SeededPractice } from './support/care-record-fixtures';
import { randomUUID } from 'node:crypto';
import { settleAccessLog } from './support/audit-fixtures';

/** 25 March 2026, noon in New York: seven days of March left, today included. */
const CLOCK: Clock = { now: () => new Date('2026-03-25T16:00:00Z') };
const MONTH = '2026-03';

const ITEM_FIELDS = `patient { id name } month careManagerId countedMinutes nextCode minutesToNextCode daysLeftInMonth lastContactAt atRisk blockers openTaskCount overdueTaskCount reasons`;
const WORKLIST = `query($month: YearMonth!, $careManagerId: ID, $first: Int, $after: String) {
  worklist(month: $month, careManagerId: $careManagerId, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { ${ITEM_FIELDS} } } }
}`;
const BILLING = `query($id: ID!) { patientBillingMonth(patientId: $id, month: "2026-03") { clinicalStaffMinutes practitionerMinutes minutesToNextCode blockers } }`;
const ASSIGN = `mutation($input: AssignCareManagerInput!) { assignCareManager(input: $input) { id } }`;
const CREATE_TASK = `mutation($input: CreateTaskInput!) { createTask(input: $input) { id } }`;
const ACCESS_LOG = `query($patientId: ID) { accessLog(patientId: $patientId, first: 500) { edges { node { actorId operation patientId } } } }`;
const WORKLIST_CHANGED = `subscription($month: YearMonth!) { worklistChanged(month: $month) { ${ITEM_FIELDS} } }`;

type Item = {
  patient: { id: string };
  careManagerId: string | null;
  countedMinutes: number;
  nextCode: string | null;
  minutesToNextCode: number | null;
  daysLeftInMonth: number;
  atRisk: boolean;
  blockers: string[];
  openTaskCount: number;
  overdueTaskCount: number;
  lastContactAt: string | null;
  reasons: string[];
};

describe.each(ADAPTERS)("the month's worklist on %s", (adapter) => {
  let app: TestApp;
  let practice: SeededPractice;
  let short: string;
  let billable: string;
  let unconsented: string;
  let notEligible: string;

  const assign = (patientId: string, staffId: string) => mutate(app, ASSIGN, { commandId: newCommandId(), patientId, staffId }, practice.tokens.admin);
  const worklist = async (token: string, variables: Record<string, unknown> = {}) => {
    const response = await app.gql(WORKLIST, { month: MONTH, ...variables }, token);
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    return response.data!.worklist as { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: Item }[] };
  };

  beforeAll(async () => {
    app = await startTestApp(adapter, { clock: CLOCK });
    practice = await seedPractice(app);
    // 10 minutes in 25 days: on this pace the month ends near 12, short of 99490's 20.
    short = await documentedPatient(app, practice);
    await logCall(app, practice, short, { minutes: 10, startedAt: '2026-03-10T10:00:00-04:00' });
    // 25 minutes: 99490 is billable; 15 more reach the first 99439.
    billable = await documentedPatient(app, practice);
    await logCall(app, practice, billable, { minutes: 25, startedAt: '2026-03-20T10:00:00-04:00' });
    unconsented = await documentedPatient(app, practice, { consent: false });
    // One condition only: CCM needs two.
    notEligible = await seedEligiblePatient(app, practice);
    await mutate(
      app,
      `mutation($input: ResolveChronicConditionInput!) { resolveChronicCondition(input: $input) { id } }`,
      { commandId: newCommandId(), patientId: notEligible, icd10: 'I10', resolvedOn: '2026-02-01', reason: 'Resolved' },
      practice.tokens.nurse,
    );
    await assign(short, STAFF.rnB.staffId);
    await assign(billable, STAFF.rnB.staffId);
    await assign(unconsented, STAFF.npC.staffId);
    await mutate(
      app,
      CREATE_TASK,
      {
        commandId: newCommandId(),
        taskId: randomUUID(),
        patientId: billable,
        kind: 'OUTREACH_CALL',
        title: 'Follow up on the dietitian referral',
        dueOn: '2026-03-25',
      },
      practice.tokens.nurse,
    );
  }, 120_000);
  afterAll(() => app.close());

  it("answers every figure from billing's own result, most urgent first", async () => {
    const list = await worklist(practice.tokens.admin);
    expect(list.totalCount).toBe(4);
    const byId = new Map(list.edges.map(({ node }) => [node.patient.id, node]));
    for (const patientId of [short, billable, unconsented, notEligible]) {
      const month = (await app.gql(BILLING, { id: patientId }, practice.tokens.admin)).data!.patientBillingMonth;
      const item = byId.get(patientId)!;
      expect([patientId, item.countedMinutes, item.minutesToNextCode, item.blockers]).toEqual([
        patientId,
        month.clinicalStaffMinutes + month.practitionerMinutes,
        month.minutesToNextCode,
        month.blockers,
      ]);
      expect(item.daysLeftInMonth).toBe(7);
    }
    expect(byId.get(short)).toMatchObject({
      countedMinutes: 10,
      nextCode: '99490',
      minutesToNextCode: 10,
      atRisk: true,
      careManagerId: 'rn-b',
      lastContactAt: '2026-03-10T14:00:00.000Z',
    });
    expect(byId.get(short)!.reasons).toEqual([
      '10 more minutes reach 99490 (10 minutes counted so far)',
      'At the present pace the month ends short of 99490: 7 days left',
    ]);
    // 25 minutes in 25 days pace to 31 by the 31st: the first 99439 (40) is a threshold it could reach and will not.
    expect(byId.get(billable)).toMatchObject({
      countedMinutes: 25,
      nextCode: '99439',
      minutesToNextCode: 15,
      atRisk: true,
      openTaskCount: 1,
      overdueTaskCount: 0,
    });
    expect(byId.get(billable)!.reasons).toEqual([
      'Billable now: 99490',
      '15 more minutes add 99439',
      'At the present pace the month ends short of 99439: 7 days left',
    ]);
    expect(byId.get(unconsented)!.reasons).toEqual(expect.arrayContaining(['No consent in force for the billing practitioner', 'No contact yet this month']));
    expect(byId.get(notEligible)).toMatchObject({ atRisk: false, blockers: expect.arrayContaining(['NOT_ELIGIBLE']) });
    // The patient who can still reach 99490 and will not at this pace leads; the one billing cannot help is last.
    const order = list.edges.map(({ node }) => node.patient.id);
    expect(order[0]).toBe(short);
    expect(order.indexOf(short)).toBeLessThan(order.indexOf(billable));
    expect(order[order.length - 1]).toBe(notEligible);
  });

  it("pages through the whole list, and a care manager sees their own patients unless they name another's", async () => {
    const first = await worklist(practice.tokens.admin, { first: 3 });
    const rest = await worklist(practice.tokens.admin, { first: 3, after: first.pageInfo.endCursor });
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect([...first.edges, ...rest.edges].map(({ node }) => node.patient.id)).toEqual(
      (await worklist(practice.tokens.admin)).edges.map(({ node }) => node.patient.id),
    );
    expect((await worklist(practice.tokens.nurse)).edges.map(({ node }) => node.patient.id)).toEqual([short, billable]);
    expect((await worklist(practice.tokens.nurse, { careManagerId: 'np-c' })).edges.map(({ node }) => node.patient.id)).toEqual([unconsented]);
    expect((await worklist(practice.tokens.billing)).totalCount).toBe(4);
    expect(outcome(await app.gql(WORKLIST, { month: MONTH }, practice.tokens.payer))).toBe('FORBIDDEN');
    expect((await app.gql(WORKLIST, { month: MONTH, careManagerId: 'nobody' }, practice.tokens.admin)).errors?.[0].extensions).toMatchObject({
      code: 'PRECONDITION_FAILED',
      reason: 'STAFF_NOT_REGISTERED',
    });
    const other = await seedPractice(app);
    expect((await app.gql(WORKLIST, { month: MONTH }, other.tokens.admin)).data?.worklist.totalCount).toBe(0);
  });

  it('shows a change at once on the next read (the figures are kept in memory between reads)', async () => {
    const before = (await worklist(practice.tokens.admin)).edges.find(({ node }) => node.patient.id === billable)!.node;
    await logCall(app, practice, billable, { minutes: 20, startedAt: '2026-03-24T10:00:00-04:00' });
    const after = (await worklist(practice.tokens.admin)).edges.find(({ node }) => node.patient.id === billable)!.node;
    expect([before.countedMinutes, after.countedMinutes, after.nextCode, after.minutesToNextCode]).toEqual([25, 45, '99439', 15]);
    expect(after.lastContactAt).toBe('2026-03-24T14:00:00.000Z');
    // A reassignment moves the patient between care managers' worklists at once, and back.
    const nurseSees = async () => (await worklist(practice.tokens.nurse)).edges.map(({ node }) => node.patient.id);
    await assign(billable, STAFF.npC.staffId);
    expect(await nurseSees()).toEqual([short]);
    await assign(billable, STAFF.rnB.staffId);
    expect(await nurseSees()).toEqual([short, billable]);
  });

  it("pushes a row of the caller's worklist when it changes, and only rows of the caller's own patients", async () => {
    const client = subscriptionClient(app, practice.tokens.nurse);
    try {
      const results = client.iterate<{ worklistChanged: Item }>({ query: WORKLIST_CHANGED, variables: { month: MONTH } });
      const pushed = nextResult(results, 10_000);
      // The subscription is registered once the server has answered a first query on the socket's path; give it a moment.
      await new Promise((resolve) => setTimeout(resolve, 300));
      // Another care manager's patient changes first: nothing is pushed for it.
      await logCall(app, practice, unconsented, { minutes: 5, startedAt: '2026-03-24T10:00:00-04:00' });
      await logCall(app, practice, short, { minutes: 12, startedAt: '2026-03-25T09:00:00-04:00' });
      const row = (await pushed).data!.worklistChanged;
      // 99490 reached; 22 minutes in 25 days pace to 27, short of the 40 of 99439.
      expect(row).toMatchObject({ patient: { id: short }, countedMinutes: 22, atRisk: true, nextCode: '99439', minutesToNextCode: 18 });
      // The row pushed is a read of its patient, in the access log like any other; the other one's was never sent.
      await settleAccessLog(app);
      const reads = async (patientId: string) =>
        ((await app.gql(ACCESS_LOG, { patientId }, practice.tokens.compliance)).data!.accessLog.edges as { node: { actorId: string; operation: string } }[])
          .map(({ node }) => node)
          .filter((node) => node.operation === 'worklistChanged');
      expect(await reads(short)).toEqual([{ actorId: 'rn-b', operation: 'worklistChanged', patientId: short }]);
      expect(await reads(unconsented)).toEqual([]);
    } finally {
      await client.dispose();
    }
  });
});
