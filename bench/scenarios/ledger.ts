/**
 * The ledger's cost on the write path: events/s appended through the event-store port (1-event appends, 64 in
 * flight, as concurrent commands on different patients make them) while a projection engine folds them into a
 * read database until it has applied the last one: with the ledger projection, with a projection that folds nothing
 * (the engine's page transaction and checkpoint, which the product pays for its other read models whether the ledger
 * runs or not), and with no projection at all. Issue #17 wants the ledger within 10 % of without it. The events are a
 * generated practice's care log, sealed with the hash chain before the clock starts.
 */
import { join } from 'node:path';
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

async function timeContender(contender: Contender, lanes: Append[][], dir: string, synchronous: 'FULL' | 'NORMAL'): Promise<number> {
  const store = SqliteEventStore.open({ file: join(dir, `${contender}-events.db`), synchronous });
  const db = openReadDatabase(join(dir, `${contender}-read-models.db`));
  const projections: Projection[] = { bare: [], without: [foldsNothing], ledger: [new LedgerProjection(new LedgerTree())] }[contender];
  const engine = new ProjectionEngine({ store, db, projections });
  await engine.start();
  const events = lanes.reduce((sum, lane) => sum + lane.length, 0);
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
  await engine.stop();
  db.close();
  await store.dispose();
  return events / (elapsed / 1000);
}

runScenario(async (options) => {
  const total = options.overrides.ledgerEvents ?? (options.quick ? 2_000 : 20_000);
  const repetitions = options.overrides.repetitions ?? (options.quick ? 1 : 5);
  const lanes = prepareLanes(total);
  const figures: Record<Contender, number[]> = { bare: [], without: [], ledger: [] };
  for (let rep = 0; rep < repetitions; rep++) {
    // Interleaved, so a drift in the machine's load touches both alike.
    for (const contender of ['bare', 'without', 'ledger'] as const) {
      const dir = scratchDir(`ledger-${contender}`);
      try {
        const rate = await timeContender(contender, lanes, dir.path, options.synchronous);
        figures[contender].push(rate);
        progress('ledger', `rep ${rep + 1}/${repetitions} ${contender}: ${Math.round(rate).toLocaleString('en-US')} events/s`);
      } finally {
        dir.remove();
      }
    }
  }
  const without = median(figures.without);
  const ledger = median(figures.ledger);
  const rows: Row[] = [
    {
      id: 'ledger/append/bare',
      scenario: 'ledger',
      measure: `1-event appends, ${IN_FLIGHT} in flight, engine with no projection`,
      value: median(figures.bare),
      unit: 'events/s',
      detail: { runs: figures.bare.map(Math.round), events: total },
    },
    {
      id: 'ledger/append/without',
      scenario: 'ledger',
      measure: `1-event appends, ${IN_FLIGHT} in flight, engine with one projection that folds nothing`,
      value: without,
      unit: 'events/s',
      ratioTo: 'ledger/append/bare',
      ratioLabel: 'of the engine alone',
      detail: { runs: figures.without.map(Math.round), events: total },
    },
    {
      id: 'ledger/append/with-ledger',
      scenario: 'ledger',
      measure: `1-event appends, ${IN_FLIGHT} in flight, projected into the ledger tree`,
      value: ledger,
      unit: 'events/s',
      ratioTo: 'ledger/append/without',
      ratioLabel: 'of without the ledger',
      target: { goal: 'within 10 % of without the ledger', met: ledger >= 0.9 * without },
      detail: { runs: figures.ledger.map(Math.round), events: total, timesEngineAlone: Number((ledger / median(figures.bare)).toFixed(2)) },
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
      figure: 'median of interleaved repetitions; the clock stops when the engine has applied the last event',
    },
    notes: ['one process: the engine folds pages on the thread that appends, so its cost per event is taken from the appends'],
  };
});
