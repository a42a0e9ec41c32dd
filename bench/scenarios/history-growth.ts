/**
 * History growth: logCall latency through the command bus on patients whose streams already hold 10, 1,000 and
 * 10,000 events (quick: 10, 200, 1,000), read-your-writes included. The history is years of documented calls
 * (about 100 a month, so no single month is absurd) before the current month, appended through the pipeline with
 * its envelope and chain; the measured calls are dated in the current month, the same for every patient.
 */
import { randomUUID } from 'node:crypto';
import { monthBounds, monthOf } from '../../src/kernel/calendar';
import type { DomainEvent } from '../../src/kernel/decider';
import { callLogged, snapshot, STAFF } from '../../test/support/care-record-events';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { appendThroughPipeline, logCallThroughCommands, seedPatients, seedPractice, startBenchApp, waitForReadModels } from '../lib/app';
import { progress, runScenario, type Row } from '../lib/report';
import { summarise } from '../lib/stats';

const ZONE = 'America/New_York';

/** The start of the current month in the practice's zone: history lies before it, measured calls after it. */
const thisMonth = () => monthBounds(monthOf(new Date(), ZONE), ZONE).start.getTime();

/** A call of the current month, so the measured commands never land in the months the history fills. */
const callThisMonth = () => new Date(thisMonth() + Math.floor(Math.random() * Math.max(1, Date.now() - 60_000 - thisMonth()))).toISOString();

/** `count` CallLogged events, about 100 a month, in the months before the current one. */
function callHistory(patientId: string, practiceId: string, count: number): { event: DomainEvent; occurredAt: Date }[] {
  const months = Math.ceil(count / 100);
  const end = thisMonth();
  const start = end - months * 30 * 86_400_000;
  const step = (end - start - 86_400_000) / count;
  return Array.from({ length: count }, (_, i) => {
    const at = new Date(start + Math.floor(i * step));
    const event = callLogged({
      patientId,
      practiceId,
      activityId: randomUUID(),
      performer: snapshot(STAFF.rnB),
      startedAt: at.toISOString(),
      minutes: 5 + (i % 25),
      summary: 'Reviewed home blood pressure log; adherence confirmed',
      source: i % 3 ? 'LIVE_TIMER' : 'MANUAL_ENTRY',
      month: monthOf(at, ZONE),
    });
    return { event, occurredAt: at };
  });
}

runScenario(async (options) => {
  const sizes = options.quick ? [10, 200, 1_000] : [10, 1_000, 10_000];
  const commands = options.overrides.historyCommands ?? (options.quick ? 15 : 60);
  let app = await startBenchApp({ synchronous: options.synchronous });
  const rows: Row[] = [];
  const figures = new Map<number, ReturnType<typeof summarise> & { first: number }>();
  const afterRestart = new Map<number, number>();
  try {
    const practice = await seedPractice(app);
    const patients = await seedPatients(app, practice, sizes.length, 1);
    for (const [index, size] of sizes.entries()) {
      const patientId = patients[index];
      // The seeded patient has 4 events (enrolment, two conditions, a visit); calls make up the rest.
      await appendThroughPipeline(app, practice.practiceId, `patient-${patientId}`, callHistory(patientId, practice.practiceId, size - 4));
      progress('history-growth', `patient with ${size.toLocaleString('en-US')} events seeded`);
    }
    for (const [index, size] of sizes.entries()) {
      const patientId = patients[index];
      // The first command folds the whole stream (nothing of it is cached yet): reported apart.
      const firstStarted = performance.now();
      await logCallThroughCommands(app, practice.practiceId, patientId, callThisMonth());
      const first = performance.now() - firstStarted;
      for (let i = 0; i < 3; i++) await logCallThroughCommands(app, practice.practiceId, patientId, callThisMonth());
      const latencies: number[] = [];
      for (let i = 0; i < commands; i++) {
        const begun = performance.now();
        await logCallThroughCommands(app, practice.practiceId, patientId, callThisMonth());
        latencies.push(performance.now() - begun);
      }
      const latency = summarise(latencies);
      figures.set(size, { ...latency, first });
      progress('history-growth', `${size} events: p50 ${latency.p50.toFixed(2)} ms, p99 ${latency.p99.toFixed(2)} ms, first ${first.toFixed(1)} ms`);
    }
    // A restart on the same data: the first command on each stream (smallest first, so it also bears the new
    // process's warm-up) starts from the stream's snapshot, or folds the whole stream if there is none.
    await app.stop();
    app = await startBenchApp({ synchronous: options.synchronous, reuse: app });
    const [head] = await (app.app.get(EVENT_STORE) as EventStore).readAll({ fromPosition: 'end', direction: 'backwards', maxCount: 1 });
    await waitForReadModels(app, head.position);
    for (const [index, size] of sizes.entries()) {
      const begun = performance.now();
      await logCallThroughCommands(app, practice.practiceId, patients[index], callThisMonth());
      afterRestart.set(size, performance.now() - begun);
      progress('history-growth', `${size} events: first command after a restart ${afterRestart.get(size)!.toFixed(1)} ms`);
    }
  } finally {
    await app.close();
  }
  const smallest = sizes[0];
  for (const size of sizes) {
    const figure = figures.get(size)!;
    const largest = size === sizes[sizes.length - 1];
    rows.push({
      id: `history/${size}`,
      scenario: 'history growth',
      measure: `logCall on a stream of ${size.toLocaleString('en-US')} events`,
      value: figure.p50,
      unit: 'ms (p50)',
      p50: figure.p50,
      p99: figure.p99,
      ...(size !== smallest ? { ratioTo: `history/${smallest}`, ratioLabel: `of ${smallest} events` } : {}),
      ...(largest
        ? {
            target: {
              goal: size >= 10_000 ? 'within 3x of a 10-event stream' : 'within 3x of a 10-event stream (judged at 10,000 events)',
              met: size >= 10_000 ? figure.p50 <= 3 * figures.get(smallest)!.p50 : null,
            },
          }
        : {}),
      detail: { ...figure, firstCommandMs: figure.first },
    });
  }
  const largest = sizes[sizes.length - 1];
  for (const size of sizes) {
    rows.push({
      id: `history/restart/${size}`,
      scenario: 'history growth',
      measure: `first logCall after a restart on a stream of ${size.toLocaleString('en-US')} events`,
      value: afterRestart.get(size)!,
      unit: 'ms',
      ...(size === largest
        ? { target: { goal: size >= 10_000 ? '< 10 ms' : '< 10 ms (judged at 10,000 events)', met: size >= 10_000 ? afterRestart.get(size)! < 10 : null } }
        : {}),
    });
  }
  return {
    scenario: 'history-growth',
    rows,
    conditions: {
      synchronous: options.synchronous,
      sizes,
      commandsPerSize: commands,
      figure: 'sequential commands after 4 warm-up commands; the first (cold fold) is in the JSON; then one command per stream after a restart',
    },
    notes: [],
  };
});
