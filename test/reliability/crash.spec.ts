/**
 * Crash safety of the real server process (src/main.ts on the embedded SQLite store): SIGKILL in the middle of a
 * load of logCall mutations, and SIGKILL in the middle of a catch-up rebuild of the read models. After a restart on
 * the same DATA_DIR the log holds exactly what was acknowledged (and nothing half-written), retries complete the
 * rest exactly once, and the read models equal a full replay of the log.
 *
 * Traffic goes only to 127.0.0.1 servers started here; every phase is bounded in requests and time.
 */
import { rmSync } from 'node:fs';
import { verifyHashChain } from '../../src/event-store/envelope';
import type { RecordedEvent } from '../../src/event-store/event-store.port';
import { startTestApp } from '../support/app-harness';
import { callInput } from '../support/care-record-fixtures';
import { tempDir } from '../support/event-store-fixtures';
import { seedClaimReadyPatients } from '../support/billing-seeding';
import {
  ACTIVITIES,
  dumpReadModelFile,
  LOG_CALL_SHORT,
  readCheckpoints,
  readEventLog,
  seedSmallPractice,
  settle,
  sleep,
  type LoggedEvent,
} from '../support/reliability-fixtures';
import { drive, gqlClient, runRebuildCli, spawnRebuildCli, startServer, type ChildServer, type Sent } from '../support/reliability-server';

type Call = ReturnType<typeof callInput>;

const asRecorded = (events: LoggedEvent[]): RecordedEvent[] =>
  events.map((event) => ({ ...event, revision: BigInt(event.revision), id: '', recordedAt: new Date(0) }) as RecordedEvent);

describe('crash safety of the server process (SIGKILL, restart on the same DATA_DIR)', () => {
  const dirs: string[] = [];
  const servers: ChildServer[] = [];
  afterAll(async () => {
    for (const server of servers) await server.crash();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const newDataDir = () => {
    const dir = tempDir('careledger-crash-').path;
    dirs.push(dir);
    return dir;
  };
  const start = async (dataDir: string) => {
    const server = await startServer(dataDir);
    servers.push(server);
    return server;
  };

  it('killed mid-load: acknowledged calls are in the log once, unanswered ones entirely or not at all, retries complete them once, read models equal a replay', async () => {
    const dataDir = newDataDir();
    let server = await start(dataDir);
    let gql = gqlClient(server.url, 5_000);
    const practice = await seedSmallPractice(gql, 4);

    // 300 logCalls over 4 patients, 16 in flight, each with its own commandId and a known number of minutes.
    const calls: Call[] = Array.from({ length: 300 }, (_v, i) =>
      callInput(practice.patientIds[i % 4], {
        minutes: 1 + ((i * 37) % 240),
        summary: `Call ${i}: reviewed glucose log; "quotes" and 'apostrophes'`,
        startedAt: '2026-03-10T10:00:00-04:00',
      }),
    );
    let killed: Promise<void> | undefined;
    const outcomes = await drive(
      calls,
      16,
      (input) => gql(LOG_CALL_SHORT, { input }, practice.nurse),
      (_outcome, all) => {
        if (all.length === 100) killed = server.crash();
      },
    );
    await killed;
    expect((await server.exited).signal).toBe('SIGKILL');

    const acknowledged = outcomes.filter((o): o is Extract<Sent<Call>, { answered: true }> => o.answered && !o.response.errors);
    const unanswered = outcomes.filter((o) => !o.answered).map((o) => o.request);
    // Every answer before the kill was a success; everything else got no answer at all.
    expect(outcomes.filter((o) => o.answered && o.response.errors)).toEqual([]);
    expect(acknowledged.length).toBeGreaterThanOrEqual(100);
    expect(unanswered.length).toBeGreaterThan(0);
    expect(acknowledged.length + unanswered.length).toBe(300);

    // Restart on the same DATA_DIR.
    server = await start(dataDir);
    gql = gqlClient(server.url, 5_000);
    await settle(server.url);

    const logged = readEventLog(dataDir).filter((event) => event.type === 'CallLogged');
    const byCommand = new Map<string, LoggedEvent[]>();
    for (const event of logged) byCommand.set(event.metadata.commandId, [...(byCommand.get(event.metadata.commandId) ?? []), event]);
    const complete = (event: LoggedEvent, call: Call) =>
      event.streamId === `patient-${call.patientId}` &&
      event.data.activityId === call.activityId &&
      event.data.minutes === call.minutes &&
      event.data.summary === call.summary &&
      event.data.performer?.staffId === call.performedBy &&
      typeof event.metadata.hash === 'string';

    // Acknowledged: in the log exactly once, complete.
    for (const { request } of acknowledged) {
      const events = byCommand.get(request.commandId) ?? [];
      expect(events).toHaveLength(1);
      expect(complete(events[0], request)).toBe(true);
    }
    // Unanswered: either complete, once, or absent.
    const landed = unanswered.filter((call) => byCommand.has(call.commandId));
    for (const call of landed) {
      expect(byCommand.get(call.commandId)).toHaveLength(1);
      expect(complete(byCommand.get(call.commandId)![0], call)).toBe(true);
    }
    // Nothing else was written, and every patient's hash chain is intact.
    expect(logged).toHaveLength(acknowledged.length + landed.length);
    const log = readEventLog(dataDir);
    for (const patientId of practice.patientIds) {
      expect(verifyHashChain(asRecorded(log.filter((event) => event.streamId === `patient-${patientId}`)))).toMatchObject({ valid: true });
    }

    // The read model shows an activity with its full data exactly when its event is in the log.
    const activitiesOf = async () => {
      const rows = new Map<string, { minutes: number; summary: string; status: string }>();
      for (const patientId of practice.patientIds) {
        const response = await gql(ACTIVITIES, { id: patientId }, practice.nurse);
        for (const activity of response.data!.patient.activities) rows.set(activity.id, activity);
      }
      return rows;
    };
    const before = await activitiesOf();
    expect(before.size).toBe(acknowledged.length + landed.length);
    for (const call of calls) {
      const shown = before.get(call.activityId);
      if (byCommand.has(call.commandId)) expect(shown).toEqual(expect.objectContaining({ minutes: call.minutes, summary: call.summary, status: 'RECORDED' }));
      else expect(shown).toBeUndefined();
    }

    // Retrying every unanswered call with its commandId completes each exactly once (landed ones are not doubled).
    const retries = await drive(unanswered, 8, (input) => gql(LOG_CALL_SHORT, { input }, practice.nurse));
    for (const retry of retries) {
      expect(retry.answered && retry.response.errors).toBe(undefined);
      expect(retry.answered && retry.response.data!.logCall).toMatchObject({ id: retry.request.activityId, minutes: retry.request.minutes });
    }
    const afterRetry = readEventLog(dataDir).filter((event) => event.type === 'CallLogged');
    expect(afterRetry).toHaveLength(300);
    expect(new Set(afterRetry.map((event) => event.metadata.commandId)).size).toBe(300);
    const after = await activitiesOf();
    expect(after.size).toBe(300);
    const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
    expect(sum([...after.values()].map((activity) => activity.minutes))).toBe(sum(calls.map((call) => call.minutes)));

    // The incrementally built read models (through a crash) equal a full replay of the log.
    await settle(server.url);
    await server.stop();
    const incremental = dumpReadModelFile(dataDir);
    await runRebuildCli(dataDir);
    expect(dumpReadModelFile(dataDir)).toEqual(incremental);
  }, 60_000);

  it('killed while rebuilding the read models: the next start resumes from the committed checkpoint and applies nothing twice', async () => {
    // A log of ~6,400 events (800 claim-ready patients), written with the in-process app, and its read models.
    const seeding = await startTestApp('sqlite', { env: { SQLITE_SYNCHRONOUS: 'NORMAL', LOG_LEVEL: 'warn' } });
    const dataDir = seeding.config.dataDir;
    dirs.push(dataDir);
    const seeded = await seedSmallPractice((query, variables, bearer) => seeding.gql(query, variables, bearer), 1);
    await seedClaimReadyPatients(seeding, seeded.practiceId, 800);
    await seeding.stop();
    const replayed = dumpReadModelFile(dataDir);
    const head = readEventLog(dataDir).at(-1)!.position;

    // SIGKILL the rebuild CLI once it has committed some batches but not all.
    const rebuild = spawnRebuildCli(dataDir);
    let partial: Record<string, bigint | null> = {};
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const checkpoints = readCheckpoints(dataDir);
      const positions = Object.values(checkpoints);
      if (positions.length > 0 && positions.every((position) => position !== null && position < head)) {
        partial = checkpoints;
        rebuild.child.kill('SIGKILL');
        break;
      }
      await sleep(5);
    }
    expect((await rebuild.exited).signal).toBe('SIGKILL');
    // The kill landed between batches: every projection had committed part of the log, none all of it.
    expect(Object.values(partial).length).toBeGreaterThan(0);
    const resumedFrom = readCheckpoints(dataDir);
    for (const position of Object.values(resumedFrom)) expect(position === null || position < head).toBe(true);

    // The server starts on the half-rebuilt read models, catches up from the checkpoints, and ends equal to a replay.
    const server = await start(dataDir);
    await settle(server.url, { quietMs: 200 });
    await server.stop();
    const resumed = dumpReadModelFile(dataDir);
    // The seeding's read models, but for the ledger head the server signed at start over the grown log (an event of
    // its own, so the resumed models are compared with a full replay of the log as it now is).
    expect(Object.keys(resumed)).toEqual(Object.keys(replayed));
    const logHead = readEventLog(dataDir).at(-1)!.position;
    expect(logHead).toBeGreaterThanOrEqual(head);
    expect(Object.values(readCheckpoints(dataDir)).every((position) => position === logHead)).toBe(true);
    await runRebuildCli(dataDir);
    expect(dumpReadModelFile(dataDir)).toEqual(resumed);
  }, 90_000);
});
