/**
 * Raw append: events/s appending 1-event and 10-event batches to many streams through the event-store port,
 * against the limit (a bare better-sqlite3 loop writing the same rows: same schema, same synchronous setting,
 * one transaction per batch) and a peer (@event-driven-io/emmett-sqlite's getSQLiteEventStore on a file).
 *
 * The events are realistic CallLogged events with the full metadata envelope and hash chain, prepared before
 * the clock starts, so every contender writes exactly the same bytes.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { EventToAppend } from '../../src/event-store/event-store.port';
import { EVENTS_SCHEMA } from '../../src/event-store/sqlite/schema';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { careLog, envelope, newChain, type ChainHead } from '../lib/care-log';
import { progress, runScenario, type Row } from '../lib/report';
import { median, runConcurrently } from '../lib/stats';
import { scratchDir } from '../lib/scratch';

const STREAMS = 1000;
const IN_FLIGHT = 64;

interface Batch {
  stream: string;
  /** Revision of the stream's last event before this batch; -1 when the batch creates it. */
  after: number;
  events: EventToAppend[];
}

/** `total` events in batches of `size`, round-robin over STREAMS streams, realistic CallLogged data. */
function prepareBatches(total: number, size: number, seed: number): Batch[] {
  const source = callData(total);
  const chains = new Map<string, ChainHead>();
  const recordedAt = new Date();
  const batches: Batch[] = [];
  for (let b = 0, used = 0; used < total; b++) {
    const stream = `bench-${seed}-${b % STREAMS}`;
    let chain = chains.get(stream);
    if (!chain) chains.set(stream, (chain = newChain()));
    const after = Number(chain.revision);
    const planned = Array.from({ length: size }, (_, i) => ({
      at: Date.parse('2026-10-15T14:00:00Z') + used + i,
      event: { type: 'CallLogged', data: source[(used + i) % source.length] },
      actor: { id: 'rn-b', role: 'CARE_MANAGER' },
    }));
    batches.push({ stream, after, events: envelope(stream, 'bench-practice-0', planned, chain, recordedAt) });
    used += size;
  }
  return batches;
}

const calls = new Map<number, EventToAppend['data'][]>();

/** Realistic care events: the calls of a generated practice, re-homed on the benchmark's streams. */
function callData(total: number): EventToAppend['data'][] {
  let source = calls.get(total);
  if (source) return source;
  source = [];
  for (const entry of careLog({ seed: 7, practices: 1, patientsPerPractice: Math.ceil(total / 10) + 10, months: ['2026-10'], eventsPerPatient: 20 })) {
    if (entry.planned.event.type === 'CallLogged') source.push(entry.planned.event.data as EventToAppend['data']);
    if (source.length >= total) break;
  }
  calls.set(total, source);
  return source;
}

type Contender = 'limit' | 'port' | 'port-concurrent' | 'emmett';

let emmettRetries = 0;

async function timeContender(contender: Contender, batches: Batch[], file: string, synchronous: 'FULL' | 'NORMAL'): Promise<number> {
  const events = batches.reduce((sum, batch) => sum + batch.events.length, 0);
  if (contender === 'limit') {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous}`);
    db.exec(EVENTS_SCHEMA);
    const insert = db.prepare('INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const write = db.transaction((batch: Batch) => {
      const recordedAt = Date.now();
      batch.events.forEach((event, i) =>
        insert.run(batch.stream, batch.after + 1 + i, event.id, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata), recordedAt),
      );
    });
    const begun = performance.now();
    for (const batch of batches) write.immediate(batch);
    const elapsed = performance.now() - begun;
    db.close();
    return events / (elapsed / 1000);
  }
  if (contender === 'port' || contender === 'port-concurrent') {
    const store = SqliteEventStore.open({ file, synchronous });
    const append = (batch: Batch) =>
      store.appendToStream(batch.stream, batch.events, { expectedRevision: batch.after < 0 ? 'no_stream' : BigInt(batch.after) });
    const begun = performance.now();
    if (contender === 'port') for (const batch of batches) await append(batch);
    // Many writers at once, each on its own stream (as concurrent commands on different patients are).
    else await runConcurrently(batches.length, IN_FLIGHT, (index) => append(batches[index]));
    const elapsed = performance.now() - begun;
    await store.dispose();
    return events / (elapsed / 1000);
  }
  // emmett-sqlite: its own schema and connection handling; expectedStreamVersion counts the events so far.
  const { getSQLiteEventStore } = await import('@event-driven-io/emmett-sqlite');
  const store = getSQLiteEventStore({ fileName: file });
  const begun = performance.now();
  for (const batch of batches) {
    const messages = batch.events.map((event) => ({ type: event.type, data: event.data, metadata: event.metadata }));
    // emmett-sqlite (node-sqlite3) now and then fails a commit with SQLITE_BUSY "SQL statements in progress" and
    // rolls back; such an append is retried (at most twice) and counted.
    for (let attempt = 1; ; attempt++) {
      try {
        await store.appendToStream(batch.stream, messages, { expectedStreamVersion: BigInt(batch.after + 1) });
        break;
      } catch (error) {
        if (attempt >= 3 || !/SQLITE_BUSY/.test(String(error))) throw error;
        emmettRetries += 1;
      }
    }
  }
  const elapsed = performance.now() - begun;
  return events / (elapsed / 1000);
}

/** PRAGMA synchronous as emmett's connections get it (node-sqlite3's defaults; emmett sets only WAL). */
async function emmettSynchronous(file: string): Promise<string> {
  const sqlite3 = (await import('sqlite3')).default;
  return new Promise((resolve) => {
    const db = new sqlite3.Database(file);
    db.run('PRAGMA journal_mode = WAL', () =>
      db.get('PRAGMA synchronous', (error, row: { synchronous: number } | undefined) => {
        db.close();
        resolve(error ? 'unknown' : (['OFF', 'NORMAL', 'FULL', 'EXTRA'][row?.synchronous ?? -1] ?? String(row?.synchronous)));
      }),
    );
  });
}

runScenario(async (options) => {
  const total = options.overrides.appendEvents ?? (options.quick ? 1_000 : 10_000);
  const repetitions = options.overrides.repetitions ?? (options.quick ? 1 : 3);
  const contenders: Contender[] = ['limit', 'port', 'port-concurrent', 'emmett'];
  const dir = scratchDir('raw-append');
  const figures = new Map<string, number[]>();
  let seed = 1;
  for (let rep = 0; rep < repetitions; rep++) {
    for (const size of [1, 10]) {
      for (const contender of contenders) {
        const batches = prepareBatches(total, size, seed++);
        const rate = await timeContender(contender, batches, join(dir.path, `${contender}-${size}-${rep}.db`), options.synchronous);
        const key = `${contender}/${size}`;
        figures.set(key, [...(figures.get(key) ?? []), rate]);
        progress('raw-append', `rep ${rep + 1}/${repetitions} ${key}: ${Math.round(rate).toLocaleString('en-US')} events/s`);
      }
    }
  }
  const emmettSync = await emmettSynchronous(join(dir.path, 'pragma.db'));
  dir.remove();

  const label: Record<Contender, string> = {
    limit: 'bare better-sqlite3 loop (limit)',
    port: 'port, one append at a time',
    'port-concurrent': `port, ${IN_FLIGHT} appends in flight`,
    emmett: 'emmett-sqlite (peer), one at a time',
  };
  const rows: Row[] = [];
  for (const size of [1, 10]) {
    for (const contender of contenders) {
      const runs = figures.get(`${contender}/${size}`)!;
      const value = median(runs);
      const row: Row = {
        id: `raw-append/${contender}/${size}`,
        scenario: 'raw append',
        measure: `${size}-event batches: ${label[contender]}`,
        value,
        unit: 'events/s',
        detail: { runs: runs.map(Math.round), events: total },
      };
      if (contender !== 'limit') {
        row.ratioTo = `raw-append/limit/${size}`;
        row.ratioLabel = 'of the limit';
      }
      if (contender === 'port' || contender === 'port-concurrent') {
        const limit = median(figures.get(`limit/${size}`)!);
        const emmett = median(figures.get(`emmett/${size}`)!);
        row.target = { goal: 'within 2x of the limit and ahead of emmett-sqlite', met: value >= limit / 2 && value > emmett };
        row.detail!.timesEmmett = Number((value / emmett).toFixed(2));
      }
      rows.push(row);
    }
  }
  return {
    scenario: 'raw-append',
    rows,
    conditions: {
      synchronous: options.synchronous,
      emmettSynchronous: emmettSync,
      emmettRetries,
      streams: STREAMS,
      eventsPerRun: total,
      repetitions,
      figure: 'median of the repetitions',
      eventBytes: 'realistic CallLogged, ~1 KB with metadata envelope and hash chain',
    },
    notes: [
      `emmett-sqlite opens a connection per operation and sets only journal_mode=WAL (synchronous ${emmettSync} by default); its schema differs (streams + messages tables)`,
    ],
  };
});
