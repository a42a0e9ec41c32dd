import type { Statement } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppendResult, EventStore, RecordedEvent, Subscription, SubscriptionMessage } from '../event-store/event-store.port';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import type { Projection, ReadDatabase } from './projection';
import { ProjectionEngine, type ProjectionEngineOptions } from './projection-engine';
import { openReadDatabase } from './read-database';

/** A test projection that counts events per key (stream or type) and remembers how many events it was given. */
interface CountingProjection extends Projection {
  applied: number;
}

function countingProjection(table: string, key: (event: RecordedEvent) => string, options: { version?: number; failOnType?: string } = {}): CountingProjection {
  let upsert: Statement<[string, string]> | undefined;
  const projection: CountingProjection = {
    name: table,
    version: options.version ?? 1,
    applied: 0,
    setup(db) {
      db.exec(`CREATE TABLE IF NOT EXISTS ${table} (
        key TEXT PRIMARY KEY, events INTEGER NOT NULL, last_position TEXT NOT NULL)`);
      upsert = db.prepare(`INSERT INTO ${table} (key, events, last_position) VALUES (?, 1, ?)
        ON CONFLICT (key) DO UPDATE SET events = events + 1, last_position = excluded.last_position`);
    },
    reset(db) {
      db.exec(`DROP TABLE IF EXISTS ${table}`);
    },
    apply(_db, event) {
      projection.applied += 1;
      // Writes first, then throws: the write must be rolled back with the rest of the batch.
      upsert!.run(key(event), event.position.toString());
      if (event.type === options.failOnType) throw new Error('poisoned event');
    },
  };
  return projection;
}

const streamCounts = (options?: { version?: number; failOnType?: string }) => countingProjection('stream_counts', (event) => event.streamId, options);
const typeCounts = (options?: { version?: number }) => countingProjection('type_counts', (event) => event.type, options);

interface CountRow {
  key: string;
  events: number;
  last_position: string;
}

function dump(db: ReadDatabase, table: string): CountRow[] {
  return db.prepare(`SELECT key, events, last_position FROM ${table} ORDER BY key`).all() as CountRow[];
}

/** What a counting table must contain for the given events: computed independently of the engine. */
function expectedCounts(events: RecordedEvent[], key: (event: RecordedEvent) => string): CountRow[] {
  const rows = new Map<string, CountRow>();
  for (const event of events) {
    const row = rows.get(key(event)) ?? { key: key(event), events: 0, last_position: '' };
    row.events += 1;
    row.last_position = event.position.toString();
    rows.set(row.key, row);
  }
  return [...rows.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function checkpointRow(db: ReadDatabase, name: string): { version: number; position: string | null } | undefined {
  return db.prepare('SELECT version, position FROM projection_checkpoints WHERE name = ?').get(name) as
    { version: number; position: string | null } | undefined;
}

function recordingLogger() {
  const errors: { obj: object; msg?: string }[] = [];
  return { errors, info: () => undefined, error: (obj: object, msg?: string) => errors.push({ obj, msg }) };
}

describe('ProjectionEngine', () => {
  let dir: string;
  let store: EventStore;
  let readFile: string;
  let db: ReadDatabase;
  const engines: ProjectionEngine[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'careledger-projections-'));
    store = SqliteEventStore.open({ file: join(dir, 'events.db'), pollIntervalMs: 5 });
    readFile = join(dir, 'read', 'read-models.db');
    db = openReadDatabase(readFile);
  });

  afterEach(async () => {
    for (const engine of engines.splice(0)) await engine.stop();
    db.close();
    await store.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  function engineWith(projections: Projection[], options: Partial<ProjectionEngineOptions> = {}): ProjectionEngine {
    const engine = new ProjectionEngine({ store, db, projections, logger: recordingLogger(), ...options });
    engines.push(engine);
    return engine;
  }

  function append(stream: string, types: string[]): Promise<AppendResult> {
    const events = types.map((type) => ({ id: randomUUID(), type, data: { type }, metadata: {} }));
    return store.appendToStream(stream, events, { expectedRevision: 'any' });
  }

  const allEvents = () => store.readAll({ maxCount: 100_000 });

  /** Simulates a process restart of the API instance: a new connection to the same read-model file. */
  function reopenReadDatabase(): void {
    db.close();
    db = openReadDatabase(readFile);
  }

  it('catches up from an existing log, then applies live events; waitFor gives read-your-writes', async () => {
    await append('patient-a', ['Enrolled', 'CallLogged', 'CallLogged']);
    await append('patient-b', ['Enrolled']);
    const counts = streamCounts();
    const engine = engineWith([counts]);
    expect(engine.status()).toEqual({ running: false, caughtUp: false });

    await engine.start();
    await engine.whenCaughtUp();
    expect(engine.caughtUp()).toBe(true);
    expect(dump(db, 'stream_counts')).toEqual(expectedCounts(await allEvents(), (e) => e.streamId));

    const live = await append('patient-c', ['Enrolled', 'ConsentGiven']);
    expect(await engine.waitFor(live.position)).toBe(true);
    // Visible as soon as waitFor resolves: no further waiting.
    expect(dump(db, 'stream_counts').find((row) => row.key === 'patient-c')).toEqual({
      key: 'patient-c',
      events: 2,
      last_position: live.position.toString(),
    });
    expect(engine.position()).toBe(live.position);
    expect(checkpointRow(db, 'stream_counts')).toEqual({ version: 1, position: live.position.toString() });
    expect(engine.status()).toEqual({ running: true, position: live.position.toString(), caughtUp: true });
    expect(counts.applied).toBe(6);
  });

  it('waitFor resolves false on timeout for a position never reached, and stop() releases waiters with false', async () => {
    const { position } = await append('patient-a', ['Enrolled']);
    const engine = engineWith([streamCounts()]);
    await engine.start();
    expect(await engine.waitFor(position)).toBe(true);

    const neverReached = 2n ** 62n;
    const started = Date.now();
    expect(await engine.waitFor(neverReached, 100)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);

    const pending = engine.waitFor(neverReached, 20_000);
    const stopping = Date.now();
    await engine.stop();
    expect(await pending).toBe(false);
    expect(Date.now() - stopping).toBeLessThan(5_000);
    expect(engine.status().running).toBe(false);
    // Already reached positions still answer true after stop; unreached ones do not wait.
    expect(await engine.waitFor(position)).toBe(true);
    expect(await engine.waitFor(neverReached, 20_000)).toBe(false);
  });

  it('restarts from its checkpoint: every event is applied exactly once', async () => {
    await append('patient-a', ['Enrolled', 'CallLogged']);
    await append('patient-b', ['Enrolled']);
    const first = engineWith([streamCounts()]);
    await first.start();
    await first.whenCaughtUp();
    await first.stop();

    await append('patient-a', ['CallLogged']);
    await append('patient-c', ['Enrolled', 'ConsentGiven', 'CallLogged']);
    const last = await append('patient-b', ['CallLogged']);

    reopenReadDatabase();
    const counts = streamCounts();
    const second = engineWith([counts]);
    await second.start();
    expect(await second.waitFor(last.position)).toBe(true);
    expect(counts.applied).toBe(5);
    expect(dump(db, 'stream_counts')).toEqual(expectedCounts(await allEvents(), (e) => e.streamId));
  });

  it.each([
    ['one transaction per page', 1000],
    ['pages split into transactions of 2 events', 2],
  ])('a failing projection rolls back its rows with the checkpoint and stops the engine (%s)', async (_label, batchSize) => {
    await append('patient-x', ['Enrolled', 'CallLogged']);
    await append('patient-y', ['Enrolled', 'Poison', 'CallLogged']);
    await append('patient-z', ['Enrolled']);
    const logger = recordingLogger();
    const engine = engineWith([streamCounts({ failOnType: 'Poison' })], { batchSize, logger });
    await engine.start();

    await expect(engine.whenCaughtUp()).rejects.toThrow(/stream_counts.*poisoned event/);
    const status = engine.status();
    expect(status.running).toBe(false);
    expect(status.caughtUp).toBe(false);
    expect(status.failed).toMatch(/Projection "stream_counts" failed on event .* \(Poison, position \d+\): poisoned event/);
    expect(logger.errors).toHaveLength(1);
    const poison = (await allEvents()).find((event) => event.type === 'Poison')!;
    expect(await engine.waitFor(poison.position, 20_000)).toBe(false);

    // Whatever was committed is exactly the events up to the checkpoint: nothing of the failed batch remains.
    const stored = checkpointRow(db, 'stream_counts')!.position;
    const committed = stored === null ? [] : (await allEvents()).filter((e) => e.position <= BigInt(stored));
    expect(stored === null || BigInt(stored) < poison.position).toBe(true);
    expect(dump(db, 'stream_counts')).toEqual(expectedCounts(committed, (e) => e.streamId));
    if (batchSize === 2) expect(committed.length).toBeGreaterThan(0);

    await engine.stop();
    reopenReadDatabase();
    const fixed = streamCounts();
    const restarted = engineWith([fixed]);
    await restarted.start();
    await restarted.whenCaughtUp();
    const all = await allEvents();
    expect(fixed.applied).toBe(all.length - committed.length);
    expect(dump(db, 'stream_counts')).toEqual(expectedCounts(all, (e) => e.streamId));
    expect(restarted.status()).toEqual({ running: true, position: all[all.length - 1].position.toString(), caughtUp: true });
  });

  it('replays history in larger transactions on a relaxed read database, restored before it reports caught up', async () => {
    for (const stream of ['patient-a', 'patient-b']) await append(stream, ['Enrolled', 'CallLogged', 'CallLogged', 'ConsentGiven', 'CallLogged']);
    const counts = streamCounts();
    const synchronousWhenApplied: number[] = [];
    const projection: Projection = {
      ...counts,
      apply(projectionDb, event) {
        synchronousWhenApplied.push(projectionDb.pragma('synchronous', { simple: true }) as number);
        counts.apply(projectionDb, event);
      },
    };
    const normal = { synchronous: db.pragma('synchronous', { simple: true }), cacheSize: db.pragma('cache_size', { simple: true }) };
    // No time bound: the transactions' sizes are then the configured ones whatever the machine's speed.
    const engine = engineWith([projection], { batchSize: 2, catchUpBatchSize: 6, catchUpTransactionMs: Number.POSITIVE_INFINITY });
    const batches: number[] = [];
    engine.onBatchCommitted((events) => batches.push(events.length));
    await engine.start();
    await engine.whenCaughtUp();

    // The first catch-up transaction measures the cost (batchSize), the next ones grow to catchUpBatchSize.
    expect(batches).toEqual([2, 6, 2]);
    // 0 = OFF while replaying; NORMAL again, and SQLite's default cache, once caught up.
    expect(synchronousWhenApplied).toEqual(Array(10).fill(0));
    expect(db.pragma('synchronous', { simple: true })).toBe(normal.synchronous);
    expect(db.pragma('cache_size', { simple: true })).toBe(normal.cacheSize);

    batches.length = 0;
    synchronousWhenApplied.length = 0;
    const live = await append('patient-c', ['Enrolled', 'CallLogged', 'ConsentGiven']);
    expect(await engine.waitFor(live.position)).toBe(true);
    expect(batches.every((length) => length <= 2)).toBe(true);
    expect(synchronousWhenApplied).toEqual([1, 1, 1]);
    expect(dump(db, 'stream_counts')).toEqual(expectedCounts(await allEvents(), (event) => event.streamId));
  });

  it('a failure mid-replay keeps the committed catch-up transactions, restores the settings, and a restart resumes from there', async () => {
    await append('patient-a', ['Enrolled', 'CallLogged', 'CallLogged', 'CallLogged', 'CallLogged', 'CallLogged']);
    await append('patient-b', ['Enrolled', 'CallLogged', 'Poison', 'CallLogged']);
    const engine = engineWith([streamCounts({ failOnType: 'Poison' })], { batchSize: 2, catchUpBatchSize: 4, catchUpTransactionMs: Number.POSITIVE_INFINITY });
    await engine.start();
    await expect(engine.whenCaughtUp()).rejects.toThrow(/poisoned event/);
    expect(db.pragma('synchronous', { simple: true })).toBe(1);

    // Transactions of 2 then 4 events: the first six are committed, the poisoned transaction left nothing.
    const events = await allEvents();
    expect(checkpointRow(db, 'stream_counts')?.position).toBe(events[5].position.toString());
    expect(dump(db, 'stream_counts')).toEqual(expectedCounts(events.slice(0, 6), (event) => event.streamId));

    await engine.stop();
    reopenReadDatabase();
    const fixed = streamCounts();
    const restarted = engineWith([fixed], { batchSize: 2, catchUpBatchSize: 4 });
    await restarted.start();
    await restarted.whenCaughtUp();
    expect(fixed.applied).toBe(events.length - 6);
    expect(dump(db, 'stream_counts')).toEqual(expectedCounts(events, (event) => event.streamId));
  });

  it('reports a failure when the subscription ends under it instead of silently going stale', async () => {
    const logger = recordingLogger();
    const engine = engineWith([streamCounts()], { logger });
    await engine.start();
    await engine.whenCaughtUp();
    const pending = engine.waitFor(2n ** 62n, 20_000);

    await store.dispose();

    expect(await pending).toBe(false);
    expect(engine.status()).toMatchObject({ running: false, caughtUp: false, failed: expect.stringMatching(/ended unexpectedly/) });
    expect(logger.errors).toHaveLength(1);
  });

  it('is not caught up between an EventStoreDB fellBehind and the caughtUp after it, and applies what comes between', async () => {
    const events = (await Promise.all([append('s-1', ['A']), append('s-1', ['B'])]), await allEvents());
    const messages: SubscriptionMessage[] = [];
    let deliver: (() => void) | undefined;
    const push = (message: SubscriptionMessage) => {
      messages.push(message);
      deliver?.();
    };
    let unsubscribed = false;
    // What the EventStoreDB adapter hands over when the server falls back to catch-up for a slow consumer.
    const scripted: Subscription = {
      async *[Symbol.asyncIterator]() {
        while (!unsubscribed) {
          const message = messages.shift();
          if (message) yield message;
          else await new Promise<void>((resolve) => (deliver = resolve));
        }
      },
      unsubscribe: async () => {
        unsubscribed = true;
        deliver?.();
      },
    };
    const counts = streamCounts();
    const engine = new ProjectionEngine({
      store: { ...store, subscribeToAll: () => scripted } as EventStore,
      db,
      projections: [counts],
      logger: recordingLogger(),
    });
    engines.push(engine);
    await engine.start();
    push({ kind: 'events', events: [events[0]] });
    push({ kind: 'caughtUp' });
    await engine.whenCaughtUp();
    expect(engine.caughtUp()).toBe(true);

    push({ kind: 'fellBehind' });
    push({ kind: 'events', events: [events[1]] });
    expect(await engine.waitFor(events[1].position, 2_000)).toBe(true);
    expect(engine.caughtUp()).toBe(false);
    push({ kind: 'caughtUp' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(engine.caughtUp()).toBe(true);
    expect(dump(db, 'stream_counts')).toEqual(expectedCounts(events, (event) => event.streamId));
  });

  it('refuses an asynchronous apply instead of committing before its writes', async () => {
    await append('patient-a', ['Enrolled']);
    const asyncProjection: Projection = {
      name: 'async',
      version: 1,
      setup: () => undefined,
      reset: () => undefined,
      apply: async () => undefined,
    };
    const engine = engineWith([asyncProjection]);
    await engine.start();
    await expect(engine.whenCaughtUp()).rejects.toThrow(/must be synchronous/);
    expect(checkpointRow(db, 'async')?.position).toBeNull();
  });

  it('a version bump rebuilds that projection from the start while the other keeps its checkpoint', async () => {
    await append('patient-a', ['Enrolled', 'CallLogged']);
    await append('patient-b', ['Enrolled', 'ConsentGiven', 'CallLogged']);
    const first = engineWith([streamCounts(), typeCounts()]);
    await first.start();
    await first.whenCaughtUp();
    await first.stop();

    await append('patient-a', ['CallLogged', 'MedicationReconciled']);
    const last = await append('patient-c', ['Enrolled']);

    reopenReadDatabase();
    const bumped = streamCounts({ version: 2 });
    const kept = typeCounts();
    const subscribe = jest.spyOn(store, 'subscribeToAll');
    const second = engineWith([bumped, kept]);
    await second.start();
    expect(await second.waitFor(last.position)).toBe(true);

    // One subscription from the start of the log serves both projections.
    expect(subscribe).toHaveBeenCalledTimes(1);
    expect(subscribe).toHaveBeenCalledWith({ fromPosition: 'start' });
    expect(bumped.applied).toBe(8);
    expect(kept.applied).toBe(3);
    const all = await allEvents();
    expect(dump(db, 'stream_counts')).toEqual(expectedCounts(all, (e) => e.streamId));
    expect(dump(db, 'type_counts')).toEqual(expectedCounts(all, (e) => e.type));
    expect(checkpointRow(db, 'stream_counts')).toEqual({ version: 2, position: last.position.toString() });
    expect(checkpointRow(db, 'type_counts')).toEqual({ version: 1, position: last.position.toString() });
  });

  it('rebuild() reproduces the incrementally built read models from the start of the log', async () => {
    await append('patient-a', ['Enrolled', 'CallLogged']);
    const counts = streamCounts();
    const types = typeCounts();
    const engine = engineWith([counts, types], { batchSize: 2 });
    await engine.start();
    for (const [stream, events] of [
      ['patient-b', ['Enrolled', 'ConsentGiven']],
      ['patient-a', ['CallLogged', 'CallLogged', 'MedicationReconciled']],
      ['patient-c', ['Enrolled']],
    ] as const) {
      const { position } = await append(stream, [...events]);
      expect(await engine.waitFor(position)).toBe(true);
    }
    const incremental = { streams: dump(db, 'stream_counts'), types: dump(db, 'type_counts') };
    const total = (await allEvents()).length;
    expect(counts.applied).toBe(total);

    // Damage the read models: only a replay of the whole log can restore them.
    db.exec("UPDATE stream_counts SET events = 99 WHERE key = 'patient-a'; DELETE FROM type_counts;");
    await engine.rebuild();

    expect(counts.applied).toBe(2 * total);
    expect(types.applied).toBe(2 * total);
    expect({ streams: dump(db, 'stream_counts'), types: dump(db, 'type_counts') }).toEqual(incremental);
    expect(engine.status()).toMatchObject({ running: true, caughtUp: true });

    // Still live after the rebuild.
    const live = await append('patient-d', ['Enrolled']);
    expect(await engine.waitFor(live.position)).toBe(true);
    expect(dump(db, 'stream_counts').map((row) => row.key)).toContain('patient-d');
  });

  it('rebuild() works on an engine that was never started (the CLI path), including on a fresh read database', async () => {
    await append('patient-a', ['Enrolled', 'CallLogged']);
    await append('patient-b', ['Enrolled']);
    const counts = streamCounts();
    const engine = engineWith([counts]);
    await engine.rebuild();
    expect(counts.applied).toBe(3);
    expect(dump(db, 'stream_counts')).toEqual(expectedCounts(await allEvents(), (e) => e.streamId));
    await engine.stop();

    db.exec('DELETE FROM stream_counts');
    reopenReadDatabase();
    const again = streamCounts();
    await engineWith([again]).rebuild();
    expect(again.applied).toBe(3);
    expect(dump(db, 'stream_counts')).toEqual(expectedCounts(await allEvents(), (e) => e.streamId));
  });

  it('onBatchCommitted receives every applied event once, in order, in batches of at most batchSize', async () => {
    await append('patient-a', ['Enrolled', 'CallLogged', 'CallLogged']);
    await append('patient-b', ['Enrolled', 'ConsentGiven']);
    const logger = recordingLogger();
    const engine = engineWith([streamCounts()], { batchSize: 2, logger });
    const batches: RecordedEvent[][] = [];
    engine.onBatchCommitted((events) => batches.push([...events]));
    engine.onBatchCommitted(() => {
      throw new Error('listener bug');
    });
    const removed: RecordedEvent[] = [];
    const unsubscribe = engine.onBatchCommitted((events) => removed.push(...events));
    unsubscribe();
    // The rows are committed when listeners run: they may query the read model for what changed.
    engine.onBatchCommitted((events) => {
      const last = events[events.length - 1];
      const row = dump(db, 'stream_counts').find((r) => r.key === last.streamId);
      expect(row?.last_position).toBe(last.position.toString());
    });

    await engine.start();
    await engine.whenCaughtUp();
    const live = await append('patient-c', ['Enrolled', 'CallLogged', 'ConsentGiven']);
    expect(await engine.waitFor(live.position)).toBe(true);

    expect(batches.flat().map((event) => event.id)).toEqual((await allEvents()).map((event) => event.id));
    expect(batches.every((batch) => batch.length >= 1 && batch.length <= 2)).toBe(true);
    expect(removed).toEqual([]);
    expect(logger.errors.length).toBe(batches.length);
    expect(logger.errors.every((entry) => entry.msg === 'projection batch listener failed')).toBe(true);
    expect(engine.status()).toMatchObject({ running: true, caughtUp: true });
  });

  /** A batch-aware projection that counts per stream in memory per page and writes each page's counts at once. */
  function batchedStreamCounts(pages: number[], failOnType?: string): Projection {
    const projection = streamCounts();
    let upsert: Statement<[string, number, string]> | undefined;
    return {
      ...projection,
      setup(db) {
        projection.setup(db);
        upsert = db.prepare(`INSERT INTO stream_counts (key, events, last_position) VALUES (?, ?, ?)
          ON CONFLICT (key) DO UPDATE SET events = events + excluded.events, last_position = excluded.last_position`);
      },
      apply() {
        throw new Error('a batch-aware projection is given pages, never single events');
      },
      applyBatch(_db, events) {
        pages.push(events.length);
        const counts = new Map<string, { events: number; last: string }>();
        for (const event of events) {
          if (event.type === failOnType) throw new Error('poisoned page');
          const count = counts.get(event.streamId) ?? { events: 0, last: '' };
          count.events += 1;
          count.last = event.position.toString();
          counts.set(event.streamId, count);
        }
        for (const [key, count] of counts) upsert!.run(key, count.events, count.last);
      },
    };
  }

  it('gives a batch-aware projection each page in one call, skips what it has applied, and an empty page once caught up', async () => {
    await append('patient-a', ['Enrolled', 'CallLogged', 'CallLogged']);
    await append('patient-b', ['Enrolled', 'ConsentGiven']);
    const pages: number[] = [];
    const engine = engineWith([batchedStreamCounts(pages), typeCounts()], { batchSize: 2 });
    await engine.start();
    await engine.whenCaughtUp();
    // Pages of at most batchSize, then the caught-up page, empty, before whenCaughtUp resolved.
    expect(pages.slice(0, -1).every((length) => length >= 1 && length <= 2)).toBe(true);
    expect(pages.at(-1)).toBe(0);
    expect(pages.reduce((sum, length) => sum + length, 0)).toBe(5);
    const live = await append('patient-c', ['Enrolled', 'CallLogged']);
    expect(await engine.waitFor(live.position)).toBe(true);
    const events = await allEvents();
    expect(dump(db, 'stream_counts')).toEqual(expectedCounts(events, (event) => event.streamId));
    expect(dump(db, 'type_counts')).toEqual(expectedCounts(events, (event) => event.type));

    // Restarted, it is given only what follows its checkpoint.
    await engine.stop();
    pages.length = 0;
    await append('patient-a', ['CallLogged']);
    const restarted = engineWith([batchedStreamCounts(pages), typeCounts()], { batchSize: 2 });
    await restarted.start();
    await restarted.whenCaughtUp();
    expect(pages.reduce((sum, length) => sum + length, 0)).toBe(1);
    expect(dump(db, 'stream_counts')).toEqual(expectedCounts(await allEvents(), (event) => event.streamId));
  });

  it('a failing page rolls back with its checkpoint and names the projection and the page', async () => {
    await append('patient-a', ['Enrolled', 'Poison']);
    const engine = engineWith([batchedStreamCounts([], 'Poison')]);
    await engine.start();
    await expect(engine.whenCaughtUp()).rejects.toThrow(/Projection "stream_counts" failed on event .* \(Enrolled, position \d+\): poisoned page/);
    expect(dump(db, 'stream_counts')).toEqual([]);
    expect(checkpointRow(db, 'stream_counts')?.position).toBeNull();
  });

  it('rejects duplicate projection names', () => {
    expect(() => engineWith([streamCounts(), streamCounts()])).toThrow(/Duplicate projection name "stream_counts"/);
  });
});
