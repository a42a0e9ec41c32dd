/**
 * Concurrent commands through HTTP: on one patient and across patients, in one instance and in two instances sharing
 * one EventStoreDB log (where optimistic concurrency, not the in-process lock, decides). No update is lost, version
 * conflicts are retried (by the server, then by the client with the same commandId), and totals are exact.
 */
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { outcome, startTestApp, type TestApp } from '../support/app-harness';
import { callInput, conditionInput, RECORD_CHRONIC_CONDITION } from '../support/care-record-fixtures';
import { ACTIVITIES, LOG_CALL_SHORT, seedSmallPractice, type SmallPractice } from '../support/reliability-fixtures';

type Call = ReturnType<typeof callInput>;
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
const minutesFor = (count: number, seed: number) => Array.from({ length: count }, (_v, i) => 1 + ((i * 97 + seed * 31) % 240));

async function minutesShown(app: TestApp, practice: SmallPractice, patientId: string): Promise<number[]> {
  const response = await app.gql(ACTIVITIES, { id: patientId }, practice.nurse);
  expect(response.errors).toBeUndefined();
  // null while this instance's read models have not yet caught up with the patient's enrolment.
  const patient = response.data!.patient as { activities: { minutes: number }[] } | null;
  return (patient?.activities ?? []).map((activity) => activity.minutes);
}

const streamOf = (app: TestApp, patientId: string) => app.app.get<EventStore>(EVENT_STORE).readStream(`patient-${patientId}`);

describe('concurrent commands in one instance', () => {
  let app: TestApp;
  let practice: SmallPractice;

  beforeAll(async () => {
    app = await startTestApp('sqlite', { env: { LOG_LEVEL: 'warn' } });
    practice = await seedSmallPractice(app.gql.bind(app), 5);
  }, 60_000);
  afterAll(() => app?.close());

  it('100 concurrent logCalls on one patient all land: the activities add up to exactly the minutes sent, the stream has no gap and its hash chain holds', async () => {
    const patientId = practice.patientIds[0];
    const calls = minutesFor(100, 1).map((minutes) => callInput(patientId, { minutes }));
    const responses = await Promise.all(calls.map((input) => app.gql(LOG_CALL_SHORT, { input }, practice.nurse)));
    expect(responses.map(outcome)).toEqual(calls.map(() => 'OK'));

    const shown = await minutesShown(app, practice, patientId);
    expect(shown).toHaveLength(100);
    expect(sum(shown)).toBe(sum(calls.map((call) => call.minutes)));
    const events = await streamOf(app, patientId);
    expect(events.map((event) => Number(event.revision))).toEqual(events.map((_event, index) => index));
    const verification = await app.gql(`query($id: ID!) { verifyAuditTrail(patientId: $id) { valid eventsChecked } }`, { id: patientId }, practice.compliance);
    expect(verification.data!.verifyAuditTrail).toEqual({ valid: true, eventsChecked: events.length });
  });

  it('interleaved commands on four patients at once (calls and conditions): every patient gets exactly its own', async () => {
    const patients = practice.patientIds.slice(1);
    const calls = patients.flatMap((patientId, p) => minutesFor(30, p + 2).map((minutes) => callInput(patientId, { minutes })));
    const conditions = patients.flatMap((patientId) => [
      conditionInput(patientId),
      conditionInput(patientId, { icd10: 'I10', description: 'Essential hypertension' }),
    ]);
    // Interleave the writes so that every patient's stream is contended by several kinds of command.
    const work = [
      ...calls.map((input) => () => app.gql(LOG_CALL_SHORT, { input }, practice.nurse)),
      ...conditions.map((input) => () => app.gql(RECORD_CHRONIC_CONDITION, { input }, practice.nurse)),
    ];
    const shuffled = work.map((run, i) => ({ run, key: (i * 7919) % work.length })).sort((a, b) => a.key - b.key);
    const responses = await Promise.all(shuffled.map(({ run }) => run()));
    expect(responses.map(outcome).filter((code) => code !== 'OK')).toEqual([]);

    for (const patientId of patients) {
      const sent = calls.filter((call) => call.patientId === patientId).map((call) => call.minutes);
      const shown = await minutesShown(app, practice, patientId);
      expect(shown).toHaveLength(30);
      expect(sum(shown)).toBe(sum(sent));
      const events = await streamOf(app, patientId);
      expect(events.filter((event) => event.type === 'ChronicConditionRecorded')).toHaveLength(2);
      expect(events.filter((event) => event.type === 'CallLogged')).toHaveLength(30);
    }
  });

  it('the same command sent 20 times at once (one commandId) is appended once and every copy gets the same answer', async () => {
    const patientId = practice.patientIds[0];
    const input = callInput(patientId, { minutes: 42 });
    const before = (await streamOf(app, patientId)).length;
    const responses = await Promise.all(Array.from({ length: 20 }, () => app.gql(LOG_CALL_SHORT, { input }, practice.nurse)));
    expect(responses.map(outcome)).toEqual(responses.map(() => 'OK'));
    expect(new Set(responses.map((response) => JSON.stringify(response.data)))).toHaveProperty('size', 1);
    expect(await streamOf(app, patientId)).toHaveLength(before + 1);
  });
});

describe('two API instances on one EventStoreDB log (scale-out)', () => {
  let first: TestApp;
  let second: TestApp;
  let practice: SmallPractice;

  beforeAll(async () => {
    first = await startTestApp('eventstoredb', { env: { LOG_LEVEL: 'warn' } });
    // Its own read models (DATA_DIR), the same log.
    second = await startTestApp('sqlite', { env: { LOG_LEVEL: 'warn', EVENT_STORE_URL: first.esdb!.connectionString } });
    practice = await seedSmallPractice(first.gql.bind(first), 1);
  }, 60_000);
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('60 concurrent logCalls on one patient split across both: conflicts between instances are retried, none is lost or doubled, and both read models show the exact total', async () => {
    const patientId = practice.patientIds[0];
    const calls = minutesFor(60, 9).map((minutes) => callInput(patientId, { minutes }));
    const send = (input: Call, index: number) => (index % 2 ? second : first).gql(LOG_CALL_SHORT, { input }, practice.nurse);
    const codes = new Map<string, number>();
    // A client retries CONFLICT with the same commandId, as the contract says it may (bounded).
    await Promise.all(
      calls.map(async (input, index) => {
        for (let attempt = 0; attempt < 20; attempt++) {
          const code = outcome(await send(input, index + attempt));
          codes.set(code, (codes.get(code) ?? 0) + 1);
          if (code === 'OK') return;
          expect(code).toBe('CONFLICT');
        }
        throw new Error(`logCall ${input.commandId} did not land after 20 attempts`);
      }),
    );
    expect([...codes.keys()].filter((code) => code !== 'OK' && code !== 'CONFLICT')).toEqual([]);

    const events = await streamOf(first, patientId);
    const logged = events.filter((event) => event.type === 'CallLogged');
    expect(logged).toHaveLength(60);
    expect(new Set(logged.map((event) => event.metadata.commandId)).size).toBe(60);
    expect(events.map((event) => Number(event.revision))).toEqual(events.map((_event, index) => index));
    const total = sum(calls.map((call) => call.minutes));
    for (const app of [first, second]) {
      // The other instance's events reach this one's read models through its own subscription.
      let shown: number[] = [];
      for (let wait = 0; wait < 100 && shown.length < 60; wait++) {
        shown = await minutesShown(app, practice, patientId);
        if (shown.length < 60) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(sum(shown)).toBe(total);
    }
  });
});
