/**
 * EventStoreDB faults under the running app (in-process wire-compatible test server, stopped and restarted under
 * it): mutations answer a retryable SERVICE_UNAVAILABLE (never INTERNAL_SERVER_ERROR, never a false success), a
 * retry with the same commandId completes them exactly once, projections and live subscriptions resume without gap
 * or duplicate, and /health reports the outage (503, eventStore down) and the recovery.
 */
import type { Database } from 'better-sqlite3';
import { AccessLogRecorder } from '../../src/audit/access-log/access-log.recorder';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { ProjectionHost, READ_DB } from '../../src/projections/projections.module';
import { outcome, startTestApp, type GraphQLResponse, type TestApp } from '../support/app-harness';
import { BILLING_PROGRESS, nextResult, subscriptionClient } from '../support/billing-fixtures';
import { callInput, consentInput, GIVE_CONSENT, mutate } from '../support/care-record-fixtures';
import { dumpReadModels } from '../support/read-model-dump';
import { ACTIVITIES, health, LOG_CALL_SHORT, seedSmallPractice, sleep, type SmallPractice } from '../support/reliability-fixtures';
import { drive } from '../support/reliability-server';

type Call = ReturnType<typeof callInput>;
const RETRYABLE = ['SERVICE_UNAVAILABLE', 'CONFLICT'];

describe('EventStoreDB stops and restarts under the running app', () => {
  let app: TestApp;
  let practice: SmallPractice;

  beforeAll(async () => {
    app = await startTestApp('eventstoredb');
    practice = await seedSmallPractice(app.gql.bind(app), 2);
  }, 60_000);
  afterAll(() => app?.close());

  const logCall = (input: Call) => app.gql(LOG_CALL_SHORT, { input }, practice.nurse);
  const callsInLog = async (patientId: string) =>
    (await app.app.get<EventStore>(EVENT_STORE).readStream(`patient-${patientId}`)).filter((event) => event.type === 'CallLogged');
  const minutesShown = async (patientId: string) => {
    const response = await app.gql(ACTIVITIES, { id: patientId }, practice.nurse);
    return (response.data!.patient.activities as { minutes: number }[]).map((activity) => activity.minutes);
  };
  const untilHealthy = async () => {
    const deadline = Date.now() + 15_000;
    while ((await health(app.url)).status !== 200) {
      if (Date.now() > deadline) throw new Error('the app did not recover');
      await sleep(50);
    }
  };
  /** A retryable refusal says so in a stable code, with no internals in its message. */
  const expectCleanRefusal = (response: GraphQLResponse) => {
    expect(RETRYABLE).toContain(outcome(response));
    expect(JSON.stringify(response)).not.toMatch(/grpc|ECONN|stack|\.ts:|at [A-Za-z]+ \(/i);
  };

  it('while it is down: /health is 503 with the event store down, a mutation is SERVICE_UNAVAILABLE and appends nothing; after restart both recover and the retry lands once', async () => {
    const patientId = practice.patientIds[0];
    const before = (await callsInLog(patientId)).length;
    await app.esdb!.stop();
    try {
      const down = await health(app.url);
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ status: 'degraded', eventStore: { status: 'down' } });

      const input = callInput(patientId, { minutes: 17 });
      const refused = await logCall(input);
      expect(outcome(refused)).toBe('SERVICE_UNAVAILABLE');
      expect(refused.errors![0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true });
      expect(refused.data ?? null).toBeNull();
      expectCleanRefusal(refused);

      await app.esdb!.restart();
      await untilHealthy();
      expect((await health(app.url)).body).toMatchObject({ status: 'ok', eventStore: { status: 'up' } });
      expect(await callsInLog(patientId)).toHaveLength(before);

      const retried = await logCall(input);
      expect(outcome(retried)).toBe('OK');
      expect(retried.data!.logCall).toMatchObject({ id: input.activityId, minutes: 17 });
      expect(outcome(await logCall(input))).toBe('OK');
      expect((await callsInLog(patientId)).filter((event) => event.metadata.commandId === input.commandId)).toHaveLength(1);
    } finally {
      await app.esdb!.restart();
    }
  });

  it('stopped and restarted in the middle of 40 concurrent logCalls: each answer is a success or a clean retryable error, and retries complete every call exactly once', async () => {
    const patientId = practice.patientIds[1];
    const calls = Array.from({ length: 40 }, (_v, i) => callInput(patientId, { minutes: 1 + ((i * 53) % 240) }));
    let outage: Promise<void> | undefined;
    const outcomes = await drive(calls, 8, logCall, (_outcome, all) => {
      if (all.length === 8)
        outage = app
          .esdb!.stop()
          .then(() => sleep(400))
          .then(() => app.esdb!.restart());
    });
    await outage;
    await untilHealthy();

    const logged = await callsInLog(patientId);
    const failed: Call[] = [];
    for (const sent of outcomes) {
      // The app answered every request: a store outage is never a dropped connection.
      if (!sent.answered) throw new Error(`no answer: ${sent.error}`);
      if (outcome(sent.response) === 'OK') {
        // Never a false success: what was acknowledged is in the log, once.
        expect(logged.filter((event) => event.metadata.commandId === sent.request.commandId)).toHaveLength(1);
      } else {
        expectCleanRefusal(sent.response);
        failed.push(sent.request);
      }
    }
    expect(failed.length).toBeGreaterThan(0);

    for (const call of failed) expect(outcome(await logCall(call))).toBe('OK');
    const afterRetry = await callsInLog(patientId);
    expect(afterRetry).toHaveLength(40);
    expect(new Set(afterRetry.map((event) => event.metadata.commandId)).size).toBe(40);
    const sent = calls.reduce((sum, call) => sum + call.minutes, 0);
    expect((await minutesShown(patientId)).reduce((sum, minutes) => sum + minutes, 0)).toBe(sent);
  });

  it('a live billingProgress subscription keeps receiving updates after the store comes back, and the read models equal a replay', async () => {
    const patientId = practice.patientIds[0];
    await mutate(app, GIVE_CONSENT, consentInput(patientId, { givenAt: '2026-03-01T09:00:00-05:00' }), practice.nurse);
    const client = subscriptionClient(app, practice.nurse);
    try {
      const iterator = client.iterate<{ billingProgress: { clinicalStaffMinutes: number } }>({
        query: BILLING_PROGRESS,
        variables: { patientId, month: '2026-03' },
      });
      const first = await nextResult(iterator);
      const minutesBefore = first.data!.billingProgress.clinicalStaffMinutes;

      await app.esdb!.stop();
      await sleep(300);
      await app.esdb!.restart();
      await untilHealthy();

      expect(outcome(await logCall(callInput(patientId, { minutes: 23, startedAt: '2026-03-11T10:00:00-04:00' })))).toBe('OK');
      let update = await nextResult(iterator);
      // A push may show an intermediate state; the one after the call shows exactly its minutes added.
      while (update.data!.billingProgress.clinicalStaffMinutes === minutesBefore) update = await nextResult(iterator);
      expect(update.errors).toBeUndefined();
      expect(update.data!.billingProgress.clinicalStaffMinutes).toBe(minutesBefore + 23);
      await iterator.return?.();
    } finally {
      await client.dispose();
    }

    // Every event was applied once across the outages: the read models equal a full rebuild from the log. First the
    // access log's background writer flushes the reads above (it retries a flush that met the outage) and the
    // projections apply the whole log, so that the comparison is not racing them.
    await app.app.get(AccessLogRecorder, { strict: false }).flush();
    const [last] = await app.app.get<EventStore>(EVENT_STORE).readAll({ direction: 'backwards', maxCount: 1 });
    expect(await app.app.get(ProjectionHost).engine.waitFor(last.position, 10_000)).toBe(true);
    const db = app.app.get<Database>(READ_DB);
    const incremental = dumpReadModels(db);
    await app.app.get(ProjectionHost).engine.rebuild();
    expect(dumpReadModels(db)).toEqual(incremental);
  });
});
