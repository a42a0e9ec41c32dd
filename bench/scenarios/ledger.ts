/**
 * The ledger's cost on the write path: events/s appended through the event-store port (1-event appends, 64 in
 * flight, as concurrent commands on different patients make them) while a projection engine folds them into a
 * read database until it has applied the last one: with the ledger projection, with a projection that folds nothing
 * (the engine's page transaction and checkpoint, which the product pays for its other read models whether the ledger
 * runs or not), and with no projection at all. Issue #17 wants the ledger within 10 % of without it. The events are a
 * generated practice's care log, sealed with the hash chain before the clock starts.
 *
 * A shared, loaded machine moves wall-clock rates by tens of percent from one minute to the next, so the comparison
 * is made robust rather than long: a warm-up round that is not counted (JIT, page cache), the contenders' order
 * rotated each repetition (none always runs first or after the others' garbage), a full collection before every
 * run, and the figure is the median of per-repetition ratios (the two runs of a ratio are seconds apart). The process's
 * CPU time per event is reported beside it: other processes' load changes it far less than the wall clock.
 */
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { EventToAppend } from '../../src/event-store/event-store.port';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { LedgerProjection } from '../../src/ledger/ledger.projection';
import { LedgerTree } from '../../src/ledger/tree/ledger-tree';
import type { Projection } from '../../src/projections/projection';
import { ProjectionEngine } from '../../src/projections/projection-engine';
import { openReadDatabase } from '../../src/projections/read-database';
import { careLog, envelope, newChain, type ChainHead } from '../lib/care-log';
import { progress, runScenario, type Row } from '../lib/report';
import { scratchDir } from '../lib/scratch';
import { median } from '../lib/stats';

const IN_FLIGHT = 64;

// A full collection between runs, so that no run pays for the garbage of the one before it.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

interface Append {
  stream: string;
  /** Revision before this append; -1 when it creates the stream. */
  after: number;
  events: EventToAppend[];
}

/** One lane per in-flight slot; a stream always falls in the same lane, so its appends keep their order. */
function prepareLanes(total: number): Append[][] {
  const chains = new Map<string, ChainHead>();
  const laneOf = new Map<string, number>();
  const lanes: Append[][] = Array.from({ length: IN_FLIGHT }, () => []);
  const recordedAt = new Date();
  let count = 0;
  for (const entry of careLog({ seed: 17, practices: 1, patientsPerPractice: Math.ceil(total / 20) + 10, months: ['2026-10'], eventsPerPatient: 20 })) {
    if (count++ >= total) break;
    let chain = chains.get(entry.stream);
    if (!chain) chains.set(entry.stream, (chain = newChain()));
    if (!laneOf.has(entry.stream)) laneOf.set(entry.stream, laneOf.size % IN_FLIGHT);
    const after = Number(chain.revision);
    lanes[laneOf.get(entry.stream)!].push({ stream: entry.stream, after, events: envelope(entry.stream, entry.practice, [entry.planned], chain, recordedAt) });
  }
  return lanes;
}

type Contender = 'bare' | 'without' | 'ledger';

/** Checkpointed by the engine like any read model, folds nothing. */
const foldsNothing: Projection = { name: 'folds-nothing', version: 1, setup: () => undefined, reset: () => undefined, apply: () => undefined };

interface Run {
  eventsPerSecond: number;
  /** User and system CPU time of the whole process per event, in µs. */
  cpuMicrosPerEvent: number;
}

async function timeContender(contender: Contender, lanes: Append[][], dir: string, synchronous: 'FULL' | 'NORMAL'): Promise<Run> {
  const store = SqliteEventStore.open({ file: join(dir, `${contender}-events.db`), synchronous });
  const db = openReadDatabase(join(dir, `${contender}-read-models.db`));
  const projections: Projection[] = { bare: [], without: [foldsNothing], ledger: [new LedgerProjection(new LedgerTree())] }[contender];
  const engine = new ProjectionEngine({ store, db, projections });
  await engine.start();
  const events = lanes.reduce((sum, lane) => sum + lane.length, 0);
  collectGarbage();
  const cpu = process.cpuUsage();
  const begun = performance.now();
  const last = await Promise.all(
    lanes.map(async (lane) => {
      let position = -1n;
      for (const append of lane) {
        const result = await store.appendToStream(append.stream, append.events, { expectedRevision: append.after < 0 ? 'no_stream' : BigInt(append.after) });
        position = result.position > position ? result.position : position;
      }
      return position;
    }),
  );
  const highest = last.reduce((a, b) => (a > b ? a : b));
  if (!(await engine.waitFor(highest, 120_000))) throw new Error(`${contender}: the engine did not catch up`);
  const elapsed = performance.now() - begun;
  const used = process.cpuUsage(cpu);
  await engine.stop();
  db.close();
  await store.dispose();
  return { eventsPerSecond: events / (elapsed / 1000), cpuMicrosPerEvent: (used.user + used.system) / events };
}

const CONTENDERS: readonly Contender[] = ['bare', 'without', 'ledger'];

/** Repetition `rep` runs the contenders rotated by `rep` places. */
const orderOf = (rep: number): Contender[] => CONTENDERS.map((_, i) => CONTENDERS[(i + rep) % CONTENDERS.length]);

async function runOnce(contender: Contender, lanes: Append[][], synchronous: 'FULL' | 'NORMAL'): Promise<Run> {
  const dir = scratchDir(`ledger-${contender}`);
  try {
    return await timeContender(contender, lanes, dir.path, synchronous);
  } finally {
    dir.remove();
  }
}

runScenario(async (options) => {
  const total = options.overrides.ledgerEvents ?? (options.quick ? 2_000 : 20_000);
  const repetitions = options.overrides.repetitions ?? (options.quick ? 1 : 5);
  const lanes = prepareLanes(total);
  const figures: Record<Contender, Run[]> = { bare: [], without: [], ledger: [] };
  // Warm-up, not counted: the first runs of a process compile the code paths and fill the page cache.
  for (const contender of CONTENDERS) await runOnce(contender, lanes, options.synchronous);
  for (let rep = 0; rep < repetitions; rep++) {
    for (const contender of orderOf(rep)) {
      const run = await runOnce(contender, lanes, options.synchronous);
      figures[contender].push(run);
      progress(
        'ledger',
        `rep ${rep + 1}/${repetitions} ${contender}: ${Math.round(run.eventsPerSecond).toLocaleString('en-US')} events/s, ${run.cpuMicrosPerEvent.toFixed(1)} µs CPU/event`,
      );
    }
  }
  const rates = (contender: Contender) => figures[contender].map((run) => run.eventsPerSecond);
  const cpu = (contender: Contender) => figures[contender].map((run) => run.cpuMicrosPerEvent);
  // Paired: each repetition's ledger run against the same repetition's run without it.
  const ratio = median(figures.ledger.map((run, rep) => run.eventsPerSecond / figures.without[rep].eventsPerSecond));
  const cpuOverhead = median(figures.ledger.map((run, rep) => run.cpuMicrosPerEvent - figures.without[rep].cpuMicrosPerEvent));
  const without = median(rates('without'));
  const ledger = median(rates('ledger'));
  const detailOf = (contender: Contender) => ({
    runs: rates(contender).map(Math.round),
    events: total,
    cpuMicrosPerEvent: Number(median(cpu(contender)).toFixed(1)),
    cpuRuns: cpu(contender).map((value) => Number(value.toFixed(1))),
  });
  const rows: Row[] = [
    {
      id: 'ledger/append/bare',
      scenario: 'ledger',
      measure: `1-event appends, ${IN_FLIGHT} in flight, engine with no projection`,
      value: median(rates('bare')),
      unit: 'events/s',
      detail: detailOf('bare'),
    },
    {
      id: 'ledger/append/without',
      scenario: 'ledger',
      measure: `1-event appends, ${IN_FLIGHT} in flight, engine with one projection that folds nothing`,
      value: without,
      unit: 'events/s',
      ratioTo: 'ledger/append/bare',
      ratioLabel: 'of the engine alone',
      detail: detailOf('without'),
    },
    {
      id: 'ledger/append/with-ledger',
      scenario: 'ledger',
      measure: `1-event appends, ${IN_FLIGHT} in flight, projected into the ledger tree`,
      value: ledger,
      unit: 'events/s',
      ratioTo: 'ledger/append/without',
      ratioLabel: 'of without the ledger',
      detail: { ...detailOf('ledger'), timesEngineAlone: Number((ledger / median(rates('bare'))).toFixed(2)) },
    },
    {
      id: 'ledger/append/paired-ratio',
      scenario: 'ledger',
      measure: 'appends/s with the ledger ÷ without it, median of the repetitions (each a pair of runs seconds apart)',
      value: ratio,
      unit: '×',
      target: { goal: 'within 10 % of without the ledger', met: ratio >= 0.9 },
      detail: {
        ratios: figures.ledger.map((run, rep) => Number((run.eventsPerSecond / figures.without[rep].eventsPerSecond).toFixed(3))),
        ratioOfMedians: Number((ledger / without).toFixed(3)),
        // What the ledger adds to the process's CPU time per event, paired likewise.
        ledgerCpuMicrosPerEvent: Number(cpuOverhead.toFixed(1)),
      },
    },
  ];
  return {
    scenario: 'ledger',
    rows,
    conditions: {
      synchronous: options.synchronous,
      inFlight: IN_FLIGHT,
      eventsPerRun: total,
      repetitions,
      figure:
        'median of repetitions after an uncounted warm-up, order rotated, full GC before each run; the target on the median of paired ratios; the clock stops when the engine has applied the last event',
    },
    notes: ['one process: the engine folds pages on the thread that appends, so its cost per event is taken from the appends'],
  };
});
