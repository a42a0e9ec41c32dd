/**
 * GraphQL under load: `logCall` and `patient` over HTTP at 32 connections from a second process (autocannon in
 * a forked worker), with `me` as the framework's own floor (auth guard, Apollo, Nest, no store). This process is
 * the server; its peak RSS during the load is the "memory during the load test" figure.
 */
import { join } from 'node:path';
import { EVENT_STORE } from '../../src/event-store/event-store.port';
import { LOG_CALL, PATIENT_QUERY } from '../../test/support/care-record-fixtures';
import { STAFF } from '../../test/support/care-record-events';
import { logCallThroughCommands, seedPatients, seedPractice, startBenchApp } from '../lib/app';
import type { LoadRequest, LoadResult } from '../lib/load-worker';
import { forkModule, progress, runScenario, type Row } from '../lib/report';
import { memorySampler, runConcurrently } from '../lib/stats';

const CONNECTIONS = 32;
/** Issue #18's goals: a mutation at 0.6 of the framework's floor, and the server's memory under this load. */
const LOG_CALL_GOAL_RATIO = 0.6;
const SERVER_RSS_GOAL_MB = 400;

/** Runs the load from a forked worker; `onMeasuring` is called when the warm-up is over. */
function load(request: LoadRequest, onMeasuring: () => void): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = forkModule(join(__dirname, '..', 'lib', 'load-worker'), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: LoadResult | undefined;
    worker.on('message', (message: { kind: 'measuring' } | { kind: 'result'; result: LoadResult }) => {
      if (message.kind === 'measuring') onMeasuring();
      else result = message.result;
    });
    worker.on('error', reject);
    worker.on('exit', (code) => (result ? resolve(result) : reject(new Error(`load worker exited with ${code}`))));
    worker.send(request);
  });
}

runScenario(async (options) => {
  const patients = options.overrides.loadPatients ?? (options.quick ? 50 : 500);
  const callsPerPatient = options.overrides.loadCallsPerPatient ?? (options.quick ? 4 : 12);
  const seconds = options.overrides.loadSeconds ?? (options.quick ? 3 : 10);
  const warmupSeconds = options.quick ? 1 : 2;
  const repetitions = options.overrides.loadRepetitions ?? (options.quick ? 1 : 3);
  const app = await startBenchApp({ synchronous: options.synchronous });
  const rows: Row[] = [];
  const memory: Record<string, number> = {};
  type Run = LoadResult & { server: { cpuMsPerRequest: number; appendsPerGroup?: number } };
  const runs: Record<string, Run[]> = { me: [], patient: [], logCall: [] };
  try {
    const practice = await seedPractice(app);
    // Two sets of patients: `patient` reads one, whose records keep their size (a few months of calls each) from
    // run to run; `logCall` writes to the other.
    const read = await seedPatients(app, practice, patients);
    await runConcurrently(read.length * callsPerPatient, 16, (i) => logCallThroughCommands(app, practice.practiceId, read[i % read.length]));
    const written = await seedPatients(app, practice, patients);
    await runConcurrently(written.length * callsPerPatient, 16, (i) => logCallThroughCommands(app, practice.practiceId, written[i % written.length]));
    progress('graphql-load', `seeded 2 x ${patients} patients with ${callsPerPatient} calls each`);

    const operations: { operation: LoadRequest['operation']; document: string; token: string }[] = [
      { operation: 'me', document: '{ me { id roles practiceId } }', token: practice.tokens.nurse },
      { operation: 'patient', document: PATIENT_QUERY, token: practice.tokens.nurse },
      { operation: 'logCall', document: LOG_CALL, token: practice.tokens.nurse },
    ];
    // Repetitions interleave the operations, so a passing disturbance of the machine touches all of them alike.
    for (let rep = 0; rep < repetitions; rep++) {
      for (const { operation, document, token } of operations) {
        const sampler = memorySampler(25);
        // Appends per transaction, when the store groups its commits (the SQLite adapter does).
        const store = app.app.get(EVENT_STORE) as { groupCommitStats?: { groups: number; appends: number } };
        let groupsBefore = store.groupCommitStats;
        let cpuBefore = process.cpuUsage();
        const patientIds = operation === 'logCall' ? written : read;
        const request = {
          url: app.url,
          token,
          connections: CONNECTIONS,
          warmupSeconds,
          seconds,
          operation,
          document,
          patientIds,
          performedBy: STAFF.rnB.staffId,
        };
        const result = await load(request, () => {
          cpuBefore = process.cpuUsage();
          groupsBefore = store.groupCommitStats;
        });
        // Server CPU per request (user + system): steadier than req/s when other work shares the machine.
        const cpu = process.cpuUsage(cpuBefore);
        const groupsAfter = store.groupCommitStats;
        memory[operation] = Math.max(memory[operation] ?? 0, sampler.stop().peakRssMb);
        const server = {
          cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / result.requests,
          ...(groupsBefore && groupsAfter && groupsAfter.groups > groupsBefore.groups
            ? { appendsPerGroup: (groupsAfter.appends - groupsBefore.appends) / (groupsAfter.groups - groupsBefore.groups) }
            : {}),
        };
        runs[operation].push({ ...result, server });
        progress(
          'graphql-load',
          `rep ${rep + 1}/${repetitions} ${operation}: ${Math.round(result.requestsPerSecond)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, errors ${result.errors + result.non2xx + result.graphqlErrors}, server ${server.cpuMsPerRequest.toFixed(3)} ms CPU/request${server.appendsPerGroup ? `, ${server.appendsPerGroup.toFixed(1)} appends/commit` : ''}`,
        );
        if (result.firstGraphqlError) progress('graphql-load', `first GraphQL error: ${result.firstGraphqlError}`);
      }
    }
  } finally {
    await app.close();
  }
  let floor = 0;
  for (const operation of ['me', 'patient', 'logCall'] as const) {
    // The run with the median throughput stands for the operation (its own p50 and p99); every run is kept.
    const ordered = [...runs[operation]].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
    const result = ordered[Math.floor((ordered.length - 1) / 2)];
    const failed = runs[operation].reduce((sum, run) => sum + run.errors + run.timeouts + run.non2xx + run.graphqlErrors, 0);
    const row: Row = {
      id: `graphql/${operation}`,
      scenario: 'GraphQL under load',
      measure: `${operation} over HTTP, ${CONNECTIONS} connections (${result.server.cpuMsPerRequest.toFixed(2)} ms server CPU/request)${failed ? ` (${failed} failed)` : ''}`,
      value: result.requestsPerSecond,
      unit: 'req/s',
      p50: result.latency.p50,
      p99: result.latency.p99,
      detail: { median: result, runs: runs[operation] },
    };
    if (operation !== 'me') {
      row.ratioTo = 'graphql/me';
      row.ratioLabel = 'of `me` (framework floor)';
    }
    if (operation === 'me') floor = result.requestsPerSecond;
    if (operation === 'logCall') {
      row.target = {
        goal: '≥ 0.6× `me` with p99 < 50 ms',
        met: result.requestsPerSecond >= LOG_CALL_GOAL_RATIO * floor && result.latency.p99 < 50 && failed === 0,
      };
    }
    rows.push(row);
  }
  const peak = Math.max(...Object.values(memory));
  rows.push({
    id: 'memory/load',
    scenario: 'memory',
    measure: 'server peak RSS during the GraphQL load test',
    value: peak,
    unit: 'MB',
    target: { goal: `< ${SERVER_RSS_GOAL_MB} MB`, met: peak < SERVER_RSS_GOAL_MB },
    detail: { byOperation: memory, processMaxRssMb: process.resourceUsage().maxRSS / 1024 },
  });
  return {
    scenario: 'graphql-load',
    rows,
    conditions: {
      synchronous: options.synchronous,
      connections: CONNECTIONS,
      secondsPerRun: seconds,
      warmupSecondsPerRun: warmupSeconds,
      repetitions,
      figure: 'the run with the median req/s (its p50 and p99); runs interleave me, patient, logCall',
      patients,
      callsPerPatient,
      loadGenerator: 'autocannon 8 in a forked process',
    },
    notes: [
      'each logCall has a fresh commandId/activityId and a random patient of its own set; `patient` reads another set (records of constant size), selects every field and all activities, and is also written to the access log',
    ],
  };
});
