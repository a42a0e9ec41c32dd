/**
 * EventStoreDB adapter behaviour beyond the shared contract: connection loss and recovery, resubscription without
 * gap or duplicate, liveness, disposal, the compensations for EventStoreDB's read semantics, and the test server's
 * tamper hook. Runs against the in-process wire-compatible test server.
 */
import { randomUUID } from 'node:crypto';
import { AppendTooLarge, EventStoreUnavailable, StreamNotFound, WrongExpectedVersion } from '../src/event-store/errors';
import type { EventToAppend, RecordedEvent, Subscription, SubscriptionMessage } from '../src/event-store/event-store.port';
import { EventStoreDbEventStore } from '../src/event-store/eventstoredb/eventstoredb-event-store';
import { HIGH_WATER_EVENTS } from '../src/event-store/eventstoredb/eventstoredb-subscription';
import { decodePosition, encodePosition } from '../src/event-store/eventstoredb/position';
import { EsdbTestServer, type EsdbTestServerOptions } from './support/esdb-test-server';

const RECONNECT = { initialDelayMs: 50, maxDelayMs: 200 };

let server: EsdbTestServer;
let store: EventStoreDbEventStore;

beforeEach(async () => {
  server = await EsdbTestServer.start();
  store = EventStoreDbEventStore.connect(server.connectionString, { reconnect: RECONNECT });
});

afterEach(async () => {
  await store.dispose();
  await server.stop();
});

function event(type = 'ThingHappened', data: EventToAppend['data'] = { n: 1 }): EventToAppend {
  return { id: randomUUID(), type, data, metadata: { correlationId: randomUUID() } };
}

/** Retries while the store reports itself unavailable, as a caller of the port is meant to. */
async function whenAvailable<T>(operation: () => Promise<T>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await operation();
    } catch (error) {
      if (!(error instanceof EventStoreUnavailable) || Date.now() > deadline) throw error;
      await sleep(20);
    }
  }
}

async function appendMany(stream: string, total: number, paddingBytes: number): Promise<void> {
  for (let start = 0; start < total; start += 500) {
    const count = Math.min(500, total - start);
    const batch = Array.from({ length: count }, (_, i) => event('Bulk', { n: start + i, padding: 'x'.repeat(paddingBytes) }));
    await store.appendToStream(stream, batch, { expectedRevision: start === 0 ? 'no_stream' : BigInt(start - 1) });
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Pulls messages until `done` says so; fails instead of hanging when they stop coming. */
class Reader {
  readonly messages: SubscriptionMessage[] = [];
  private readonly iterator: AsyncIterator<SubscriptionMessage>;

  constructor(subscription: Subscription) {
    this.iterator = subscription[Symbol.asyncIterator]();
  }

  get events(): RecordedEvent[] {
    return this.messages.flatMap((message) => (message.kind === 'events' ? message.events : []));
  }

  count(kind: SubscriptionMessage['kind']): number {
    return this.messages.filter((message) => message.kind === kind).length;
  }

  async until(done: (reader: Reader) => boolean, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done(this)) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), deadline - Date.now())));
      const next = await Promise.race([this.iterator.next(), timeout]);
      clearTimeout(timer);
      if (next === 'timeout') throw new Error(`Timed out; received ${JSON.stringify(this.messages.map((m) => m.kind))}`);
      if (next.done) throw new Error('Subscription ended');
      this.messages.push(next.value);
    }
  }

  async next(): Promise<IteratorResult<SubscriptionMessage>> {
    return this.iterator.next();
  }
}

describe('positions', () => {
  it('packs {commit, prepare} so bigint order is $all order, and unpacks losslessly', () => {
    const max = (1n << 64n) - 1n;
    const pairs = [
      { commit: 0n, prepare: 0n },
      { commit: 0n, prepare: max },
      { commit: 1n, prepare: 0n },
      { commit: 1n, prepare: 5n },
      { commit: 2n ** 40n, prepare: 2n ** 40n },
      { commit: max, prepare: max },
    ];
    const encoded = pairs.map(encodePosition);
    expect([...encoded].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(encoded);
    expect(new Set(encoded).size).toBe(pairs.length);
    expect(encoded.map(decodePosition)).toEqual(pairs);
    expect(() => encodePosition({ commit: -1n, prepare: 0n })).toThrow(RangeError);
  });
});

describe('reads', () => {
  it('reads $all backwards from a position inclusively, although EventStoreDB starts before it', async () => {
    const { position: first } = await store.appendToStream('order-1', [event()], { expectedRevision: 'no_stream' });
    const { position: second } = await store.appendToStream('order-2', [event()], { expectedRevision: 'no_stream' });
    await store.appendToStream('order-3', [event()], { expectedRevision: 'no_stream' });

    const backwards = await store.readAll({ fromPosition: second, direction: 'backwards' });
    expect(backwards.map((e) => e.position)).toEqual([second, first]);
    const forwards = await store.readAll({ fromPosition: second, maxCount: 1 });
    expect(forwards.map((e) => e.position)).toEqual([second]);
  });

  it('keeps system events out of readAll and subscriptions, and still honours maxCount', async () => {
    await store.appendToStream('$$order-1', [event('$metadata'), event('$metadata')], { expectedRevision: 'any' });
    await store.appendToStream('order-1', [event('OrderPlaced')], { expectedRevision: 'no_stream' });
    await store.appendToStream('$stats', [event('$statistics')], { expectedRevision: 'any' });
    await store.appendToStream('order-2', [event('OrderPlaced')], { expectedRevision: 'no_stream' });

    expect((await store.readAll()).map((e) => e.streamId)).toEqual(['order-1', 'order-2']);
    expect((await store.readAll({ maxCount: 1 })).map((e) => e.streamId)).toEqual(['order-1']);
    expect((await store.readAll({ direction: 'backwards', maxCount: 2 })).map((e) => e.streamId)).toEqual(['order-2', 'order-1']);

    const reader = new Reader(store.subscribeToAll({ filter: { streamNamePrefixes: ['$', 'order-'] } }));
    await reader.until((r) => r.count('caughtUp') === 1);
    expect(reader.events.map((e) => e.streamId)).toEqual(['order-1', 'order-2']);
  });
});

describe('appends', () => {
  it('an empty append checks the expected revision, writes nothing and reports the head, as the SQLite adapter', async () => {
    await expect(store.appendToStream('empty-1', [], { expectedRevision: 'no_stream' })).resolves.toEqual({
      nextExpectedRevision: -1n,
      position: -1n,
    });
    await expect(store.readStream('empty-1')).rejects.toBeInstanceOf(StreamNotFound);

    const written = await store.appendToStream('empty-1', [event(), event()], { expectedRevision: 'no_stream' });
    await expect(store.appendToStream('empty-1', [], { expectedRevision: 1n })).resolves.toEqual(written);
    await expect(store.appendToStream('empty-1', [], { expectedRevision: 0n })).rejects.toBeInstanceOf(WrongExpectedVersion);
  });

  it('refuses an append that carries the same event id twice', async () => {
    const duplicate = event();
    await expect(store.appendToStream('dup-1', [duplicate, duplicate], { expectedRevision: 'any' })).rejects.toThrow(/same event id/);
    await expect(store.readStream('dup-1')).rejects.toBeInstanceOf(StreamNotFound);
  });
});

describe('append paths and size limits', () => {
  const MiB = 1024 * 1024;
  const sized = (bytes: number) => event('Sized', { blob: 'x'.repeat(bytes) });
  const paths: ['batch' | 'unary', string][] = [
    ['batch', 'BatchAppend (what the client uses against a 26.1 node)'],
    ['unary', 'unary Append (a server that does not advertise BatchAppend)'],
  ];

  /** A store on a server of its own, with the given settings; closed by the suite's afterEach through `extra`. */
  const extra: { server: EsdbTestServer; store: EventStoreDbEventStore }[] = [];
  async function storeOn(options: EsdbTestServerOptions, maxEventBytes?: number) {
    const own = await EsdbTestServer.start(options);
    const ownStore = EventStoreDbEventStore.connect(own.connectionString, { reconnect: RECONNECT, maxEventBytes });
    extra.push({ server: own, store: ownStore });
    return { server: own, store: ownStore };
  }
  afterEach(async () => {
    for (const { server: own, store: ownStore } of extra.splice(0)) {
      await ownStore.dispose();
      await own.stop();
    }
  });

  it.each(paths)('writes through %s', async (appendPath) => {
    const { server: own, store: ownStore } = await storeOn({ appendPath });
    await ownStore.appendToStream('path-1', [event(), event()], { expectedRevision: 'no_stream' });
    await expect(ownStore.appendToStream('path-1', [event()], { expectedRevision: 5n })).rejects.toMatchObject({ actual: 1n, expected: 5n });
    expect(own.appendsCommitted).toEqual(appendPath === 'batch' ? { batch: 1, unary: 0 } : { batch: 0, unary: 1 });
  });

  it.each(paths)("%s: an append above the server's append size limit is AppendTooLarge with the limit, and stores nothing", async (appendPath) => {
    const { store: ownStore } = await storeOn({ appendPath, limits: { maxAppendBytes: 2 * MiB } });
    const events = [sized(MiB), sized(MiB), sized(MiB)];
    const refused = ownStore.appendToStream('append-limit', events, { expectedRevision: 'no_stream' });
    await expect(refused).rejects.toBeInstanceOf(AppendTooLarge);
    await expect(refused).rejects.toMatchObject({ limit: 'append', maxBytes: 2 * MiB, stream: 'append-limit' });
    await expect(ownStore.readStream('append-limit')).rejects.toBeInstanceOf(StreamNotFound);
    await expect(ownStore.appendToStream('append-limit', [sized(MiB)], { expectedRevision: 'no_stream' })).resolves.toMatchObject({ nextExpectedRevision: 0n });
  });

  it.each(paths)("%s: an event above the server's event size limit is AppendTooLarge, and stores nothing", async (appendPath) => {
    const { store: ownStore } = await storeOn({ appendPath, limits: { maxEventBytes: MiB } });
    const refused = ownStore.appendToStream('event-limit', [event(), sized(MiB + 1)], { expectedRevision: 'no_stream' });
    await expect(refused).rejects.toBeInstanceOf(AppendTooLarge);
    // Only unary Append's trailers name the limit; the 6.2.1 client drops the detail BatchAppend sends.
    await expect(refused).rejects.toMatchObject({ limit: 'event', maxBytes: appendPath === 'unary' ? MiB : undefined });
    await expect(ownStore.readStream('event-limit')).rejects.toBeInstanceOf(StreamNotFound);
  });

  it("an event above gRPC's receive limit fails the whole BatchAppend stream: it is AppendTooLarge, the appends beside it are never mistaken for it", async () => {
    const { store: ownStore } = await storeOn({ appendPath: 'batch', limits: { maxReceiveMessageBytes: 4 * MiB } }, 64 * MiB);
    const refused = ownStore.appendToStream('grpc-limit', [sized(5 * MiB)], { expectedRevision: 'no_stream' });
    const besides = Array.from({ length: 10 }, (_, n) => ownStore.appendToStream(`besides-${n}`, [event()], { expectedRevision: 'no_stream' }));
    await expect(refused).rejects.toBeInstanceOf(AppendTooLarge);
    const outcomes = await Promise.allSettled(besides);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(EventStoreUnavailable);
    }
    // Each lost answer is safe to retry with the same ids: a landed append answers with its result, not twice.
    for (let n = 0; n < besides.length; n++) {
      if (outcomes[n].status === 'rejected') await whenAvailable(() => ownStore.appendToStream(`besides-${n}`, [event()], { expectedRevision: 'no_stream' }));
    }
    await expect(ownStore.readStream('grpc-limit')).rejects.toBeInstanceOf(StreamNotFound);
  });

  it('refuses an event above its own limit before sending anything, so a shared BatchAppend stream survives it', async () => {
    const { server: own, store: ownStore } = await storeOn({ appendPath: 'batch' }, MiB);
    const refused = ownStore.appendToStream('own-limit', [sized(MiB + 1)], { expectedRevision: 'no_stream' });
    const beside = ownStore.appendToStream('own-limit-beside', [event()], { expectedRevision: 'no_stream' });
    await expect(refused).rejects.toMatchObject({ name: 'AppendTooLarge', limit: 'event', maxBytes: MiB });
    await expect(beside).resolves.toMatchObject({ nextExpectedRevision: 0n });
    expect(own.appendsCommitted.batch).toBe(1);
  });
});

describe('connection loss', () => {
  it('rejects appends with EventStoreUnavailable while the server is down, and accepts the retry after restart', async () => {
    await store.appendToStream('visit-1', [event()], { expectedRevision: 'no_stream' });
    await server.stop();

    const retried = [event('Noted', { n: 2 })];
    await expect(store.appendToStream('visit-1', retried, { expectedRevision: 0n })).rejects.toBeInstanceOf(EventStoreUnavailable);
    await expect(store.readStream('visit-1')).rejects.toBeInstanceOf(EventStoreUnavailable);
    await expect(store.readAll()).rejects.toBeInstanceOf(EventStoreUnavailable);

    await server.restart();
    // No retry loop here: the adapter itself retries an append at a revision on the client's stale channel.
    const result = await store.appendToStream('visit-1', retried, { expectedRevision: 0n });
    expect(result.nextExpectedRevision).toBe(1n);
    // The same ids at the same expected revision again: the original result, not a second copy.
    await expect(store.appendToStream('visit-1', retried, { expectedRevision: 0n })).resolves.toEqual(result);
    expect((await store.readStream('visit-1')).map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('retries only appends the server deduplicates: a revision or no_stream, not any or stream_exists', async () => {
    const slow = EventStoreDbEventStore.connect(server.connectionString, { reconnect: { initialDelayMs: 300, maxDelayMs: 300 } });
    try {
      await slow.appendToStream('visit-2', [event()], { expectedRevision: 'no_stream' });
      await server.stop();
      const elapsed = async (append: Promise<unknown>) => {
        const started = Date.now();
        await expect(append).rejects.toBeInstanceOf(EventStoreUnavailable);
        return Date.now() - started;
      };
      // Three attempts, 300 ms apart.
      expect(await elapsed(slow.appendToStream('visit-2', [event()], { expectedRevision: 0n }))).toBeGreaterThanOrEqual(550);
      expect(await elapsed(slow.appendToStream('visit-3', [event()], { expectedRevision: 'no_stream' }))).toBeGreaterThanOrEqual(550);
      // One attempt: a blind retry of a write that may have landed could duplicate it.
      expect(await elapsed(slow.appendToStream('visit-2', [event()], { expectedRevision: 'any' }))).toBeLessThan(300);
      expect(await elapsed(slow.appendToStream('visit-2', [event()], { expectedRevision: 'stream_exists' }))).toBeLessThan(300);
    } finally {
      await slow.dispose();
    }
  });

  it('fails ping while the server is down and passes after restart', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
    await server.stop();
    await expect(store.ping()).rejects.toBeInstanceOf(EventStoreUnavailable);
    await server.restart();
    await expect(whenAvailable(() => store.ping())).resolves.toBeUndefined();
  });

  it('resumes a live subscription after stop and restart, with backoff, without gap or duplicate', async () => {
    const before = [event('A'), event('A'), event('A')];
    await store.appendToStream('care-1', before, { expectedRevision: 'no_stream' });
    const reader = new Reader(store.subscribeToAll());
    await reader.until((r) => r.count('caughtUp') === 1);

    const live = event('B');
    await store.appendToStream('care-1', [live], { expectedRevision: 2n });
    await reader.until((r) => r.events.length === 4);

    await server.stop();
    // Long enough for several failed resubscriptions, so the backoff has grown to its cap.
    await sleep(400);
    await server.restart();
    const restartedAt = Date.now();
    // Appended before the subscription is back: it must arrive as history of the resubscription.
    const whileAway = event('C');
    await store.appendToStream('care-1', [whileAway], { expectedRevision: 3n });
    await reader.until((r) => r.count('caughtUp') === 2);
    // Capped backoff (200 ms, +20% jitter) plus slack: the resubscription did not wait for long.
    expect(Date.now() - restartedAt).toBeLessThan(1_500);

    const after = event('D');
    await store.appendToStream('care-1', [after], { expectedRevision: 4n });
    await reader.until((r) => r.events.length === 6);

    expect(reader.events.map((e) => e.id)).toEqual([...before, live, whileAway, after].map((e) => e.id));
    const positions = reader.events.map((e) => e.position);
    expect(positions.every((position, i) => i === 0 || position > positions[i - 1])).toBe(true);
  });

  it('drops what a server repeats at the position it resumes from', async () => {
    const repeating = await EsdbTestServer.start({ repeatSubscriptionStart: true });
    const other = EventStoreDbEventStore.connect(repeating.connectionString, { reconnect: RECONNECT });
    try {
      const [first, second, third, fourth] = [event(), event(), event(), event()];
      const { position: afterSecond } = await other.appendToStream('care-1', [first, second], { expectedRevision: 'no_stream' });
      await other.appendToStream('care-1', [third], { expectedRevision: 1n });
      const reader = new Reader(other.subscribeToAll({ fromPosition: afterSecond }));
      await reader.until((r) => r.count('caughtUp') === 1);
      expect(reader.events.map((e) => e.id)).toEqual([third.id]);

      await repeating.restart();
      await other.appendToStream('care-1', [fourth], { expectedRevision: 2n });
      await reader.until((r) => r.events.length === 2);
      expect(reader.events.map((e) => e.id)).toEqual([third.id, fourth.id]);
    } finally {
      await other.dispose();
      await repeating.stop();
    }
  });

  it('pauses the server stream while the consumer does not read, then delivers everything in order', async () => {
    const total = 4_000;
    await appendMany('bulk-1', total, 1_000);
    const reader = new Reader(store.subscribeToAll());
    await sleep(500);
    // Without back-pressure the client would have pulled the whole history into memory by now.
    expect(server.eventsSentToSubscribers).toBeLessThan(total / 2);

    await reader.until((r) => r.count('caughtUp') === 1, 15_000);
    expect(reader.events.map((e) => e.data.n)).toEqual(Array.from({ length: total }, (_, i) => i));
  });

  it('puts caughtUp and checkpoints after the events that were still buffered when they arrived', async () => {
    // Just over the adapter's buffer: it pauses with a few events still inside the client's stream buffer.
    const total = HIGH_WATER_EVENTS + 5;
    await appendMany('bulk-1', total, 10);
    const reader = new Reader(store.subscribeToAll({ filter: { streamNamePrefixes: ['bulk-'] } }));
    await sleep(300);
    await reader.until((r) => r.count('caughtUp') === 1, 10_000);

    expect(reader.events).toHaveLength(total);
    const lastEvents = reader.messages.map((m) => m.kind).lastIndexOf('events');
    expect(reader.messages.findIndex((m) => m.kind === 'caughtUp')).toBeGreaterThan(lastEvents);
    // A checkpoint names where the next record starts: at most the end of the log, where the next append goes.
    const { position: next } = await store.appendToStream('bulk-1', [event('Bulk')], { expectedRevision: BigInt(total - 1) });
    for (const [index, message] of reader.messages.entries()) {
      if (message.kind !== 'checkpoint') continue;
      const deliveredBefore = reader.messages.slice(0, index).flatMap((m) => (m.kind === 'events' ? m.events : []));
      expect(message.position).toBeGreaterThan(deliveredBefore.at(-1)?.position ?? -1n);
      expect(message.position).toBeLessThan(next);
    }
  });
});

describe('filtered subscriptions', () => {
  it('sends checkpoints past events the filter skips, never behind what was delivered', async () => {
    await store.appendToStream('note-1', [event('Wanted')], { expectedRevision: 'no_stream' });
    const skipped = Array.from({ length: 40 }, () => event('Other'));
    const { position: lastSkipped } = await store.appendToStream('note-2', skipped, { expectedRevision: 'no_stream' });

    const reader = new Reader(store.subscribeToAll({ filter: { eventTypePrefixes: ['Wanted'] } }));
    await reader.until((r) => r.count('caughtUp') === 1);
    expect(reader.events.map((e) => e.type)).toEqual(['Wanted']);
    const checkpoints = reader.messages.flatMap((m) => (m.kind === 'checkpoint' ? [m.position] : []));
    expect(checkpoints.length).toBeGreaterThan(0);
    expect(checkpoints.every((p) => p > reader.events[0].position)).toBe(true);
    // The scan's last checkpoint is past every skipped event: where the next record starts.
    expect(checkpoints.at(-1)).toBeGreaterThan(lastSkipped);
  });

  it('names checkpoints as a node does, {commit: where the next record starts, prepare: 0}, and resumes from one with the event there', async () => {
    await store.appendToStream('note-1', [event('Wanted')], { expectedRevision: 'no_stream' });
    await store.appendToStream(
      'note-2',
      Array.from({ length: 40 }, () => event('Other')),
      { expectedRevision: 'no_stream' },
    );
    const reader = new Reader(store.subscribeToAll({ filter: { eventTypePrefixes: ['Wanted'] } }));
    await reader.until((r) => r.count('caughtUp') === 1);
    const checkpoint = reader.messages.flatMap((m) => (m.kind === 'checkpoint' ? [m.position] : [])).at(-1)!;
    expect(decodePosition(checkpoint).prepare).toBe(0n);

    const next = event('Wanted', { n: 2 });
    const { position } = await store.appendToStream('note-1', [next], { expectedRevision: 0n });
    expect(decodePosition(checkpoint).commit).toBe(decodePosition(position).commit);
    // A consumer that stored the checkpoint and restarts from it gets that event, not the one after it.
    const resumed = new Reader(store.subscribeToAll({ fromPosition: checkpoint, filter: { eventTypePrefixes: ['Wanted'] } }));
    await resumed.until((r) => r.count('caughtUp') === 1);
    expect(resumed.events.map((e) => e.id)).toEqual([next.id]);
  });

  it('does not send checkpoints to an unfiltered subscription', async () => {
    await store.appendToStream(
      'note-1',
      Array.from({ length: 40 }, () => event()),
      { expectedRevision: 'no_stream' },
    );
    const reader = new Reader(store.subscribeToAll());
    await reader.until((r) => r.count('caughtUp') === 1);
    expect(reader.events).toHaveLength(40);
    expect(reader.count('checkpoint')).toBe(0);
  });
});

describe('positions inside a record', () => {
  it('are refused for reads and subscriptions, as a node refuses them; the subscription fails instead of retrying', async () => {
    const { position } = await store.appendToStream('note-1', [event(), event()], { expectedRevision: 'no_stream' });
    const { commit } = decodePosition(position);
    const inside = encodePosition({ commit: commit + 3n, prepare: commit + 3n });
    await expect(store.readAll({ fromPosition: inside })).rejects.toThrow(/invalid position/);

    const reader = new Reader(store.subscribeToAll({ fromPosition: inside }));
    await expect(reader.until(() => false)).rejects.toThrow(/refused the subscription.*invalid position/);
    await sleep(200);
    expect(server.openSubscriptions).toBe(0);
  });
});

describe('a subscriber that falls behind live', () => {
  let slowServer: EsdbTestServer;
  let slowStore: EventStoreDbEventStore;
  beforeEach(async () => {
    slowServer = await EsdbTestServer.start({ fellBehind: true });
    slowStore = EventStoreDbEventStore.connect(slowServer.connectionString, { reconnect: RECONNECT });
  });
  afterEach(async () => {
    await slowStore.dispose();
    await slowServer.stop();
  });

  it('is told fellBehind, gets the rest from the log and caughtUp a second time, without gap or duplicate', async () => {
    const reader = new Reader(slowStore.subscribeToAll());
    await reader.until((r) => r.count('caughtUp') === 1);
    const total = 3_000;
    for (let start = 0; start < total; start += 500) {
      const batch = Array.from({ length: 500 }, (_, i) => event('Bulk', { n: start + i, padding: 'x'.repeat(1_000) }));
      await slowStore.appendToStream('bulk-1', batch, { expectedRevision: start === 0 ? 'no_stream' : BigInt(start - 1) });
    }
    // The consumer reads nothing meanwhile: the live writes back up until the server falls back to the log.
    await reader.until((r) => r.count('caughtUp') === 2, 20_000);
    const kinds = reader.messages.map((m) => m.kind).filter((kind) => kind !== 'events');
    expect(kinds).toEqual(['caughtUp', 'fellBehind', 'caughtUp']);
    expect(reader.events.map((e) => e.data.n)).toEqual(Array.from({ length: total }, (_, i) => i));
  });
});

describe('disposal', () => {
  it('ends open subscriptions and refuses further use', async () => {
    const subscription = store.subscribeToAll();
    const reader = new Reader(subscription);
    await reader.until((r) => r.count('caughtUp') === 1);
    const pending = reader.next();

    await store.dispose();
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
    await expect(store.appendToStream('x', [event()], { expectedRevision: 'any' })).rejects.toThrow(/disposed/);
    expect(() => store.subscribeToAll()).toThrow(/disposed/);
  });

  it('ends the iterator on unsubscribe and releases the server subscription', async () => {
    const subscription = store.subscribeToAll();
    const reader = new Reader(subscription);
    await reader.until((r) => r.count('caughtUp') === 1);
    expect(server.openSubscriptions).toBe(1);
    await subscription.unsubscribe();
    await expect(reader.next()).resolves.toEqual({ done: true, value: undefined });
    for (let waited = 0; server.openSubscriptions > 0 && waited < 2_000; waited += 10) await sleep(10);
    expect(server.openSubscriptions).toBe(0);
  });
});

describe('test server tamper hook', () => {
  it('changes the bytes a later read returns', async () => {
    await store.appendToStream('record-1', [event('Measured', { value: 120 })], { expectedRevision: 'no_stream' });
    server.tamper('record-1', 0n, (data) => Buffer.from(data.toString('utf8').replace('120', '90')));
    expect((await store.readStream('record-1'))[0].data).toEqual({ value: 90 });

    server.tamper('record-1', 0n, () => Buffer.from('not json'));
    expect((await store.readStream('record-1'))[0].data).toBe('not json');
    expect(() => server.tamper('record-1', 5n, (data) => data)).toThrow();
  });
});
