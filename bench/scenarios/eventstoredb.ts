/**
 * EventStoreDB adapter: append latency and subscription delivery latency through the real @eventstore/db-client
 * against the in-process wire-compatible test server (test/support/esdb-test-server.ts), compared with the SQLite
 * adapter doing the same. Delivery latency: from the start of the append to the event's arrival on a live
 * subscribeToAll. The test server keeps its log in memory and shares this process, so the figures show the
 * adapter's and the gRPC client's own cost, not a real cluster's (fsync, network).
 */
import { join } from 'node:path';
import type { EventStore, EventToAppend, RecordedEvent } from '../../src/event-store/event-store.port';
import { EventStoreDbEventStore } from '../../src/event-store/eventstoredb/eventstoredb-event-store';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { EsdbTestServer } from '../../test/support/esdb-test-server';
import { careLog, envelope, newChain } from '../lib/care-log';
import { progress, runScenario, type Row } from '../lib/report';
import { scratchDir } from '../lib/scratch';
import { summarise } from '../lib/stats';

/** One realistic sealed event per stream (1-event appends with expectedRevision no_stream). */
function events(count: number, prefix: string): { stream: string; event: EventToAppend }[] {
  const out: { stream: string; event: EventToAppend }[] = [];
  for (const entry of careLog({ seed: 11, practices: 1, patientsPerPractice: Math.ceil(count / 10) + 5, months: ['2026-10'], eventsPerPatient: 20 })) {
    if (entry.planned.event.type !== 'CallLogged') continue;
    const stream = `${prefix}-${out.length}`;
    out.push({ stream, event: envelope(stream, entry.practice, [entry.planned], newChain(), new Date())[0] });
    if (out.length >= count) break;
  }
  return out;
}

async function measure(store: EventStore, count: number, prefix: string) {
  const batch = events(count + 20, prefix);
  // Live subscription from the current end of the log.
  const [last] = await store.readAll({ direction: 'backwards', maxCount: 1 });
  const subscription = store.subscribeToAll({ fromPosition: last?.position ?? 'start' });
  const waiting = new Map<string, (event: RecordedEvent) => void>();
  let caughtUp!: () => void;
  const ready = new Promise<void>((resolve) => (caughtUp = resolve));
  const reading = (async () => {
    for await (const message of subscription) {
      if (message.kind === 'caughtUp') caughtUp();
      if (message.kind !== 'events') continue;
      for (const event of message.events) waiting.get(event.id)?.(event);
    }
  })();
  await ready;
  const append: number[] = [];
  const delivery: number[] = [];
  for (const [index, { stream, event }] of batch.entries()) {
    const delivered = new Promise<number>((resolve) => waiting.set(event.id, () => resolve(performance.now())));
    const started = performance.now();
    await store.appendToStream(stream, [event], { expectedRevision: 'no_stream' });
    const appended = performance.now();
    const arrived = await delivered;
    waiting.delete(event.id);
    // The first 20 warm up connections and JIT.
    if (index >= 20) {
      append.push(appended - started);
      delivery.push(arrived - started);
    }
  }
  await subscription.unsubscribe();
  await reading;
  return { append: summarise(append), delivery: summarise(delivery) };
}

runScenario(async (options) => {
  const count = options.overrides.esdbEvents ?? (options.quick ? 200 : 2_000);
  const server = await EsdbTestServer.start();
  const esdb = EventStoreDbEventStore.connect(server.connectionString);
  const dir = scratchDir('esdb');
  const sqlite = SqliteEventStore.open({ file: join(dir.path, 'events.db'), synchronous: options.synchronous, pollIntervalMs: 1000 });
  let figures: Record<'esdb' | 'sqlite', Awaited<ReturnType<typeof measure>>>;
  try {
    const esdbFigures = await measure(esdb, count, 'esdb-bench');
    progress('eventstoredb', `esdb: append p50 ${esdbFigures.append.p50.toFixed(2)} ms, delivery p50 ${esdbFigures.delivery.p50.toFixed(2)} ms`);
    const sqliteFigures = await measure(sqlite, count, 'sqlite-bench');
    progress('eventstoredb', `sqlite: append p50 ${sqliteFigures.append.p50.toFixed(2)} ms, delivery p50 ${sqliteFigures.delivery.p50.toFixed(2)} ms`);
    figures = { esdb: esdbFigures, sqlite: sqliteFigures };
  } finally {
    await esdb.dispose();
    await server.stop();
    await sqlite.dispose();
    dir.remove();
  }
  const rows: Row[] = [];
  for (const kind of ['append', 'delivery'] as const) {
    for (const adapter of ['esdb', 'sqlite'] as const) {
      const figure = figures[adapter][kind];
      rows.push({
        id: `esdb/${adapter}/${kind}`,
        scenario: 'EventStoreDB adapter',
        measure: `${kind === 'append' ? '1-event append' : 'append → live subscription delivery'}: ${adapter === 'esdb' ? 'EventStoreDB adapter (test server)' : 'SQLite adapter'}`,
        value: figure.p50,
        unit: 'ms (p50)',
        p50: figure.p50,
        p99: figure.p99,
        ...(adapter === 'esdb' ? { ratioTo: `esdb/sqlite/${kind}`, ratioLabel: 'of SQLite' } : {}),
        detail: { ...figure },
      });
    }
  }
  return {
    scenario: 'eventstoredb',
    rows,
    conditions: {
      synchronous: options.synchronous,
      events: count,
      client: '@eventstore/db-client 6 over gRPC (unary Append; the test server does not offer BatchAppend)',
      server: 'in-process test server, in-memory log',
    },
    notes: ['sequential appends, one event each, to new streams; latencies after 20 warm-up appends'],
  };
});
