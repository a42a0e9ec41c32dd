/**
 * The event-store contract: every adapter must pass it unchanged (architecture decision 2). It must also pass
 * against a real, shared EventStoreDB, so every test uses fresh stream names, never assumes $all is empty, and
 * compares positions only with each other.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AppendTooLarge, DuplicateEventId, StreamNotFound, WrongExpectedVersion } from '../src/event-store/errors';
import type {
  EventStore,
  EventToAppend,
  ExpectedRevision,
  JsonObject,
  Position,
  RecordedEvent,
  Subscription,
  SubscriptionMessage,
} from '../src/event-store/event-store.port';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store';
import { type EventStoreFixture, eventStoreAdapters, tempDir } from './support/event-store-fixtures';

const newStream = (prefix = 'contract') => `${prefix}-${randomUUID()}`;

const newEvent = (type = 'ContractChecked', data: JsonObject = {}, metadata: JsonObject = {}): EventToAppend => ({
  id: randomUUID(),
  type,
  data,
  metadata,
});

const newEvents = (count: number, type?: string): EventToAppend[] => Array.from({ length: count }, (_, index) => newEvent(type, { index }));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Fails with `what` instead of hanging until jest's timeout. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const ids = (events: Array<{ id: string }>) => events.map((event) => event.id);

function expectIncreasing(positions: Position[]): void {
  for (let index = 1; index < positions.length; index++) {
    if (positions[index] <= positions[index - 1]) {
      throw new Error(`position ${positions[index]} at index ${index} does not follow ${positions[index - 1]}`);
    }
  }
}

async function expectWrongExpectedVersion(
  append: Promise<unknown>,
  expected: { stream: string; expected: ExpectedRevision; actual: bigint | 'no_stream' },
): Promise<void> {
  const error = await append.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(WrongExpectedVersion);
  expect(error).toMatchObject(expected);
}

/**
 * Reads a subscription against deadlines, so a hung subscription fails its test with what it saw so far
 * instead of hanging jest. `keep` selects the events the test is about (a real server has other writers).
 */
class SubscriptionReader {
  /** Every event delivered, ours or not. */
  readonly delivered: RecordedEvent[] = [];
  readonly checkpoints: Position[] = [];
  readonly kinds: SubscriptionMessage['kind'][] = [];
  /** How many kept events had arrived when the first caughtUp did. */
  caughtUpAfter: number | undefined;
  private readonly iterator: AsyncIterator<SubscriptionMessage>;

  constructor(
    subscription: Subscription,
    private readonly keep: (event: RecordedEvent) => boolean = () => true,
  ) {
    this.iterator = subscription[Symbol.asyncIterator]();
  }

  get events(): RecordedEvent[] {
    return this.delivered.filter(this.keep);
  }

  untilEvents(count: number, timeoutMs = 10_000): Promise<void> {
    return this.readUntil(() => this.events.length >= count, `${count} events`, timeoutMs);
  }

  untilCaughtUp(timeoutMs = 10_000): Promise<void> {
    return this.readUntil(() => this.caughtUpAfter !== undefined, 'caughtUp', timeoutMs);
  }

  /** Reads until the subscription ends; fails if it does not end in time. */
  async drain(timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (Date.now() > deadline) throw new Error(`subscription did not end within ${timeoutMs} ms; ${this.summary()}`);
      const result = await this.next(deadline, 'the end of the subscription');
      if (result.done) return;
    }
  }

  async next(deadline: number, waitingFor: string): Promise<IteratorResult<SubscriptionMessage>> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`subscription silent while waiting for ${waitingFor}; ${this.summary()}`)), Math.max(0, deadline - Date.now()));
    });
    try {
      const result = await Promise.race([this.iterator.next(), timeout]);
      if (!result.done) this.record(result.value);
      return result;
    } finally {
      clearTimeout(timer);
    }
  }

  private async readUntil(done: () => boolean, waitingFor: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      // Checked here too: a subscription that never stops producing would starve the timer in next().
      if (Date.now() > deadline) throw new Error(`no ${waitingFor} within ${timeoutMs} ms; ${this.summary()}`);
      const result = await this.next(deadline, waitingFor);
      if (result.done) throw new Error(`subscription ended while waiting for ${waitingFor}; ${this.summary()}`);
    }
  }

  private record(message: SubscriptionMessage): void {
    this.kinds.push(message.kind);
    if (message.kind === 'events') this.delivered.push(...message.events);
    if (message.kind === 'checkpoint') this.checkpoints.push(message.position);
    if (message.kind === 'caughtUp') this.caughtUpAfter ??= this.events.length;
  }

  private summary(): string {
    const counts: Record<string, number> = {};
    for (const kind of this.kinds) counts[kind] = (counts[kind] ?? 0) + 1;
    return `${this.delivered.length} events delivered (${this.events.length} kept), messages ${JSON.stringify(counts)}`;
  }
}

describe.each(eventStoreAdapters)('event store contract: $name', (adapter) => {
  let fixture: EventStoreFixture | undefined;
  let store: EventStore;

  beforeEach(async () => {
    fixture = await adapter.open();
    store = fixture.store;
    // Never an empty log: positions may only be compared with each other, as on a shared real server.
    await store.appendToStream(newStream('noise'), newEvents(3), { expectedRevision: 'any' });
  });

  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });

  describe('expected revision', () => {
    it("'no_stream' creates a stream and conflicts once it exists", async () => {
      const stream = newStream();
      const created = await store.appendToStream(stream, newEvents(3), { expectedRevision: 'no_stream' });
      expect(created.nextExpectedRevision).toBe(2n);

      await expectWrongExpectedVersion(store.appendToStream(stream, newEvents(1), { expectedRevision: 'no_stream' }), {
        stream,
        expected: 'no_stream',
        actual: 2n,
      });
    });

    it("'stream_exists' appends to an existing stream and conflicts on a missing one", async () => {
      const stream = newStream();
      await expectWrongExpectedVersion(store.appendToStream(stream, newEvents(1), { expectedRevision: 'stream_exists' }), {
        stream,
        expected: 'stream_exists',
        actual: 'no_stream',
      });

      await store.appendToStream(stream, newEvents(1), { expectedRevision: 'no_stream' });
      const appended = await store.appendToStream(stream, newEvents(2), { expectedRevision: 'stream_exists' });
      expect(appended.nextExpectedRevision).toBe(2n);
    });

    it("'any' appends whether or not the stream exists", async () => {
      const stream = newStream();
      const first = await store.appendToStream(stream, newEvents(1), { expectedRevision: 'any' });
      const second = await store.appendToStream(stream, newEvents(2), { expectedRevision: 'any' });
      expect([first.nextExpectedRevision, second.nextExpectedRevision]).toEqual([0n, 2n]);
      expect(second.position).toBeGreaterThan(first.position);
    });

    it('a revision appends only when it is the last revision of the stream', async () => {
      const stream = newStream();
      await expectWrongExpectedVersion(store.appendToStream(stream, newEvents(1), { expectedRevision: 0n }), { stream, expected: 0n, actual: 'no_stream' });

      await store.appendToStream(stream, newEvents(2), { expectedRevision: 'no_stream' });
      const appended = await store.appendToStream(stream, newEvents(1), { expectedRevision: 1n });
      expect(appended.nextExpectedRevision).toBe(2n);

      await expectWrongExpectedVersion(store.appendToStream(stream, newEvents(1), { expectedRevision: 1n }), { stream, expected: 1n, actual: 2n });
      await expectWrongExpectedVersion(store.appendToStream(stream, newEvents(1), { expectedRevision: 5n }), { stream, expected: 5n, actual: 2n });
      expect(await store.readStream(stream)).toHaveLength(3);
    });

    it('of concurrent appenders at the same revision exactly one wins, the others conflict', async () => {
      const stream = newStream();
      await store.appendToStream(stream, newEvents(2), { expectedRevision: 'no_stream' });
      const batches = [1, 3, 2, 1, 4].map((size) => newEvents(size));

      const outcomes = await Promise.allSettled(batches.map((batch) => store.appendToStream(stream, batch, { expectedRevision: 1n })));

      const winners = outcomes.flatMap((outcome, index) => (outcome.status === 'fulfilled' ? [batches[index]] : []));
      expect(winners).toHaveLength(1);
      const actual = 1n + BigInt(winners[0].length);
      for (const outcome of outcomes.filter((candidate) => candidate.status === 'rejected')) {
        expect(outcome.reason).toBeInstanceOf(WrongExpectedVersion);
        expect(outcome.reason).toMatchObject({ stream, expected: 1n, actual });
      }
      expect(ids((await store.readStream(stream)).slice(2))).toEqual(ids(winners[0]));
    });
  });

  describe('idempotent appends', () => {
    it('the same ids at the same expected revision return the original result and append nothing', async () => {
      const stream = newStream();
      const first = newEvents(2);
      const second = newEvents(1);
      const created = await store.appendToStream(stream, first, { expectedRevision: 'no_stream' });
      const extended = await store.appendToStream(stream, second, { expectedRevision: 1n });

      await expect(store.appendToStream(stream, first, { expectedRevision: 'no_stream' })).resolves.toEqual(created);
      await expect(store.appendToStream(stream, second, { expectedRevision: 1n })).resolves.toEqual(extended);
      await expect(store.appendToStream(stream, first, { expectedRevision: 'any' })).resolves.toEqual(created);

      expect(ids(await store.readStream(stream))).toEqual(ids([...first, ...second]));
    });

    it('the same ids at an incompatible expected revision conflict', async () => {
      const stream = newStream();
      const first = newEvents(2);
      const second = newEvents(1);
      await store.appendToStream(stream, first, { expectedRevision: 'no_stream' });
      await store.appendToStream(stream, second, { expectedRevision: 1n });

      await expectWrongExpectedVersion(store.appendToStream(stream, first, { expectedRevision: 0n }), {
        stream,
        expected: 0n,
        actual: 2n,
      });
      await expectWrongExpectedVersion(store.appendToStream(stream, second, { expectedRevision: 'no_stream' }), {
        stream,
        expected: 'no_stream',
        actual: 2n,
      });
      expect(await store.readStream(stream)).toHaveLength(3);
    });

    it('ids that only partly match an earlier append, or not in its order, conflict', async () => {
      const stream = newStream();
      const [first, second, third] = newEvents(3);
      await store.appendToStream(stream, [first, second, third], { expectedRevision: 'no_stream' });

      for (const [events, expectedRevision] of [
        [[first, newEvent()], 'no_stream'],
        [[first, third], 'no_stream'],
        [[second, first], 0n],
      ] as const) {
        await expectWrongExpectedVersion(store.appendToStream(stream, [...events], { expectedRevision }), {
          stream,
          expected: expectedRevision,
          actual: 2n,
        });
      }
      expect(await store.readStream(stream)).toHaveLength(3);
    });
  });

  describe('concurrent appends (written as one group where the adapter groups them)', () => {
    it('to many streams at once all land, each with its own revisions and positions', async () => {
      const streams = Array.from({ length: 40 }, () => newStream());
      const batches = streams.map((_, index) => newEvents(1 + (index % 3)));

      const results = await Promise.all(streams.map((stream, index) => store.appendToStream(stream, batches[index], { expectedRevision: 'no_stream' })));

      expect(results.map((result) => result.nextExpectedRevision)).toEqual(batches.map((batch) => BigInt(batch.length - 1)));
      expect(new Set(results.map((result) => result.position)).size).toBe(streams.length);
      for (const [index, stream] of streams.entries()) {
        const read = await store.readStream(stream);
        expect(ids(read)).toEqual(ids(batches[index]));
        expect(read[read.length - 1].position).toBe(results[index].position);
      }
    });

    it('a conflicting append among them fails alone: the others land and a retry among them is still idempotent', async () => {
      const contested = newStream();
      const retried = newStream();
      await store.appendToStream(contested, newEvents(1), { expectedRevision: 'no_stream' });
      const original = newEvents(2);
      const originalResult = await store.appendToStream(retried, original, { expectedRevision: 'no_stream' });
      const others = Array.from({ length: 6 }, () => newStream());
      const batches = others.map(() => newEvents(2));

      const appends = [
        ...others.slice(0, 3).map((stream, index) => store.appendToStream(stream, batches[index], { expectedRevision: 'no_stream' })),
        store.appendToStream(contested, newEvents(1), { expectedRevision: 5n }),
        store.appendToStream(retried, original, { expectedRevision: 'no_stream' }),
        ...others.slice(3).map((stream, index) => store.appendToStream(stream, batches[index + 3], { expectedRevision: 'no_stream' })),
      ];
      const outcomes = await Promise.allSettled(appends);

      expect(outcomes.map((outcome) => outcome.status)).toEqual([
        'fulfilled',
        'fulfilled',
        'fulfilled',
        'rejected',
        'fulfilled',
        'fulfilled',
        'fulfilled',
        'fulfilled',
      ]);
      const conflict = outcomes[3] as PromiseRejectedResult;
      expect(conflict.reason).toBeInstanceOf(WrongExpectedVersion);
      expect(conflict.reason).toMatchObject({ stream: contested, expected: 5n, actual: 0n });
      expect((outcomes[4] as PromiseFulfilledResult<unknown>).value).toEqual(originalResult);
      for (const [index, stream] of others.entries()) expect(ids(await store.readStream(stream))).toEqual(ids(batches[index]));
      expect(await store.readStream(contested)).toHaveLength(1);
      expect(ids(await store.readStream(retried))).toEqual(ids(original));
    });
  });

  describe('readStream', () => {
    let stream: string;
    let appended: EventToAppend[];

    beforeEach(async () => {
      stream = newStream();
      appended = newEvents(5);
      await store.appendToStream(stream, appended.slice(0, 2), { expectedRevision: 'no_stream' });
      await store.appendToStream(stream, appended.slice(2), { expectedRevision: 1n });
    });

    it('reads forwards from the start by default', async () => {
      const events = await store.readStream(stream);
      expect(ids(events)).toEqual(ids(appended));
      expect(events.map((event) => event.revision)).toEqual([0n, 1n, 2n, 3n, 4n]);
      expectIncreasing(events.map((event) => event.position));
      expect(events.every((event) => event.streamId === stream)).toBe(true);
    });

    it('reads backwards from the end', async () => {
      const events = await store.readStream(stream, { direction: 'backwards' });
      expect(events.map((event) => event.revision)).toEqual([4n, 3n, 2n, 1n, 0n]);
      expect(ids(events)).toEqual(ids(appended).reverse());
    });

    it('reads from a revision, inclusive, in either direction', async () => {
      const forwards = await store.readStream(stream, { fromRevision: 2n });
      const backwards = await store.readStream(stream, { fromRevision: 2n, direction: 'backwards' });
      expect(forwards.map((event) => event.revision)).toEqual([2n, 3n, 4n]);
      expect(backwards.map((event) => event.revision)).toEqual([2n, 1n, 0n]);
    });

    it('returns at most maxCount events', async () => {
      const head = await store.readStream(stream, { maxCount: 2 });
      const tail = await store.readStream(stream, { direction: 'backwards', fromRevision: 'end', maxCount: 2 });
      const middle = await store.readStream(stream, { fromRevision: 1n, maxCount: 2 });
      expect(head.map((event) => event.revision)).toEqual([0n, 1n]);
      expect(tail.map((event) => event.revision)).toEqual([4n, 3n]);
      expect(middle.map((event) => event.revision)).toEqual([1n, 2n]);
    });

    it('reads nothing past the end of an existing stream', async () => {
      await expect(store.readStream(stream, { fromRevision: 10n })).resolves.toEqual([]);
    });

    it('throws StreamNotFound for a stream without events', async () => {
      const missing = newStream('missing');
      const error = await store.readStream(missing).catch((reason: unknown) => reason);
      expect(error).toBeInstanceOf(StreamNotFound);
      expect(error).toMatchObject({ stream: missing });
    });
  });

  describe('readAll', () => {
    let streams: Set<string>;
    let inOrder: EventToAppend[];
    let positions: Position[];
    const ours = (event: RecordedEvent) => streams.has(event.streamId);

    /** Two streams appended alternately: a1 | b1 | a2 a3 | b2. `positions` holds each append's result. */
    beforeEach(async () => {
      const [a, b] = [newStream('all-a'), newStream('all-b')];
      streams = new Set([a, b]);
      const [a1, b1, a2, a3, b2] = newEvents(5);
      inOrder = [a1, b1, a2, a3, b2];
      positions = [];
      for (const [stream, events, expectedRevision] of [
        [a, [a1], 'no_stream'],
        [b, [b1], 'no_stream'],
        [a, [a2, a3], 0n],
        [b, [b2], 0n],
      ] as const) {
        positions.push((await store.appendToStream(stream, [...events], { expectedRevision })).position);
      }
    });

    it('reads forwards in append order across streams, from a position inclusive', async () => {
      const events = await store.readAll({ fromPosition: positions[0], maxCount: 1000 });
      expect(events[0].id).toBe(inOrder[0].id);
      expect(ids(events.filter(ours))).toEqual(ids(inOrder));
      expectIncreasing(events.map((event) => event.position));
    });

    it('reads backwards from a position inclusive', async () => {
      const events = await store.readAll({ fromPosition: positions[3], direction: 'backwards', maxCount: 1000 });
      expect(events[0].id).toBe(inOrder[4].id);
      expect(ids(events.filter(ours))).toEqual(ids(inOrder).reverse());
      expectIncreasing(events.map((event) => event.position).reverse());
    });

    it('returns at most maxCount events', async () => {
      const forwards = await store.readAll({ fromPosition: positions[1], maxCount: 2 });
      const backwards = await store.readAll({ fromPosition: positions[3], direction: 'backwards', maxCount: 2 });
      expect(forwards).toHaveLength(2);
      expect(forwards[0].id).toBe(inOrder[1].id);
      expect(backwards).toHaveLength(2);
      expect(backwards[0].id).toBe(inOrder[4].id);
      expect(backwards[1].position).toBeLessThan(backwards[0].position);
    });

    it('reads the newest events backwards from the end', async () => {
      const [newest] = await store.readAll({ direction: 'backwards', maxCount: 1 });
      expect(newest.position).toBeGreaterThanOrEqual(positions[3]);
    });

    // EventStoreDB's $all interleaves the node's own `$` events ($statistics, $settings, $metadata) with ours.
    it("never shows the store's own $-typed events; maxCount counts the application's events only", async () => {
      const everything = await store.readAll({ fromPosition: positions[0], maxCount: 1000 });
      const newestTwo = await store.readAll({ direction: 'backwards', maxCount: 2 });
      const page = await store.readAll({ fromPosition: positions[0], maxCount: 5 });
      expect([...everything, ...newestTwo].filter((event) => event.type.startsWith('$'))).toEqual([]);
      expect(newestTwo).toHaveLength(2);
      expect(ids(page.filter(ours))).toEqual(ids(inOrder).slice(0, page.filter(ours).length));
      expect(page).toHaveLength(5);
    });
  });

  describe('subscribeToAll', () => {
    it('delivers history, then caughtUp, then live events, without gap or duplicate while appends go on', async () => {
      const history = newStream('history');
      const live = newStream('live');
      const marker = await store.appendToStream(history, [newEvent()], { expectedRevision: 'no_stream' });
      const historyEvents: EventToAppend[] = [];
      let revision = marker.nextExpectedRevision;
      for (let batch = 0; batch < 12; batch++) {
        const events = newEvents(100);
        revision = (await store.appendToStream(history, events, { expectedRevision: revision })).nextExpectedRevision;
        historyEvents.push(...events);
      }
      const ours = new Set([history, live]);
      const reader = new SubscriptionReader(store.subscribeToAll({ fromPosition: marker.position }), (event) => ours.has(event.streamId));

      // Appended one by one while the subscriber is still catching up.
      const liveEvents = newEvents(200);
      const appendLive = async () => {
        let expectedRevision: ExpectedRevision = 'no_stream';
        for (const event of liveEvents) {
          const result = await store.appendToStream(live, [event], { expectedRevision });
          expectedRevision = result.nextExpectedRevision;
        }
        return expectedRevision;
      };
      const [liveRevision] = await Promise.all([appendLive(), reader.untilEvents(historyEvents.length + liveEvents.length, 20_000)]);
      await reader.untilCaughtUp();
      const last = newEvent();
      await store.appendToStream(live, [last], { expectedRevision: liveRevision });
      await reader.untilEvents(historyEvents.length + liveEvents.length + 1);

      expect(ids(reader.events)).toEqual(ids([...historyEvents, ...liveEvents, last]));
      expectIncreasing(reader.delivered.map((event) => event.position));
      expect(reader.delivered[0].position).toBeGreaterThan(marker.position);
      expect(reader.kinds.filter((kind) => kind === 'caughtUp')).toHaveLength(1);
      expect(reader.caughtUpAfter).toBeGreaterThanOrEqual(historyEvents.length);
      expect(reader.caughtUpAfter).toBeLessThanOrEqual(historyEvents.length + liveEvents.length);
    });

    it('resuming from a checkpoint delivers exactly the events after it', async () => {
      const stream = newStream('resume');
      const appended = newEvents(10);
      const checkpoint = await store.appendToStream(stream, appended.slice(0, 5), { expectedRevision: 'no_stream' });
      await store.appendToStream(stream, appended.slice(5), { expectedRevision: 4n });

      const reader = new SubscriptionReader(store.subscribeToAll({ fromPosition: checkpoint.position }), (event) => event.streamId === stream);
      await reader.untilCaughtUp();

      expect(ids(reader.events)).toEqual(ids(appended.slice(5)));
      expect(reader.delivered[0].position).toBeGreaterThan(checkpoint.position);
    });

    it('filters by event-type prefix, in history and live', async () => {
      const prefix = `Filtered${randomUUID().replace(/-/g, '')}`;
      const stream = newStream('type-filter');
      const wanted = [newEvent(`${prefix}Started`), newEvent(`${prefix}Ended`), newEvent(`${prefix}Started`)];
      const marker = await store.appendToStream(stream, [newEvent('Unrelated')], { expectedRevision: 'no_stream' });
      await store.appendToStream(stream, [wanted[0], newEvent('Unrelated'), newEvent(`Other${prefix}`), wanted[1]], {
        expectedRevision: 0n,
      });

      const reader = new SubscriptionReader(store.subscribeToAll({ fromPosition: marker.position, filter: { eventTypePrefixes: [prefix] } }));
      await reader.untilCaughtUp();
      await store.appendToStream(stream, [newEvent('Unrelated'), wanted[2]], { expectedRevision: 4n });
      await reader.untilEvents(3);

      expect(ids(reader.delivered)).toEqual(ids(wanted));
    });

    it('filters by stream-name prefix, in history and live', async () => {
      const prefix = newStream('filtered');
      const [a, b, other] = [`${prefix}-a`, `${prefix}-b`, newStream('unfiltered')];
      const [a1, b1, a2] = newEvents(3);
      const marker = await store.appendToStream(other, [newEvent()], { expectedRevision: 'no_stream' });
      await store.appendToStream(a, [a1], { expectedRevision: 'no_stream' });
      await store.appendToStream(other, [newEvent()], { expectedRevision: 0n });
      await store.appendToStream(b, [b1], { expectedRevision: 'no_stream' });

      const reader = new SubscriptionReader(store.subscribeToAll({ fromPosition: marker.position, filter: { streamNamePrefixes: [prefix] } }));
      await reader.untilCaughtUp();
      await store.appendToStream(other, [newEvent()], { expectedRevision: 1n });
      await store.appendToStream(a, [a2], { expectedRevision: 0n });
      await reader.untilEvents(3);

      expect(ids(reader.delivered)).toEqual(ids([a1, b1, a2]));
      expect(reader.delivered.map((event) => event.streamId)).toEqual([a, b, a]);
    });

    it('a filtered subscription reports checkpoints while scanning events it does not deliver', async () => {
      const stream = newStream('checkpoints');
      const marker = await store.appendToStream(stream, [newEvent()], { expectedRevision: 'no_stream' });
      let revision = marker.nextExpectedRevision;
      for (let batch = 0; batch < 4; batch++) {
        const result = await store.appendToStream(stream, newEvents(25), { expectedRevision: revision });
        revision = result.nextExpectedRevision;
      }

      const reader = new SubscriptionReader(store.subscribeToAll({ fromPosition: marker.position, filter: { eventTypePrefixes: [`None${randomUUID()}`] } }));
      await reader.untilCaughtUp();

      expect(reader.delivered).toEqual([]);
      expect(reader.checkpoints.length).toBeGreaterThan(0);
      expect(reader.checkpoints.every((position) => typeof position === 'bigint')).toBe(true);
      expect(reader.checkpoints[0]).toBeGreaterThan(marker.position);
      expectIncreasing(reader.checkpoints);
    });

    it('resuming from the last checkpoint of a filtered scan delivers the next matching event, appended after it', async () => {
      const prefix = `Resumed${randomUUID().replace(/-/g, '')}`;
      const stream = newStream('checkpoint-resume');
      const marker = await store.appendToStream(stream, [newEvent(`${prefix}First`)], { expectedRevision: 'no_stream' });
      await store.appendToStream(stream, newEvents(30), { expectedRevision: 0n });
      const scan = new SubscriptionReader(store.subscribeToAll({ fromPosition: marker.position, filter: { eventTypePrefixes: [prefix] } }));
      await scan.untilCaughtUp();
      const checkpoint = scan.checkpoints.at(-1);
      expect(checkpoint).toBeDefined();

      // Whatever shape the store gives a checkpoint (EventStoreDB: where the next record starts, prepare 0), a
      // consumer that stored it and resumes from it must get the next event, not skip it.
      const next = newEvent(`${prefix}Next`);
      await store.appendToStream(stream, [next], { expectedRevision: 30n });
      const resumed = new SubscriptionReader(store.subscribeToAll({ fromPosition: checkpoint!, filter: { eventTypePrefixes: [prefix] } }));
      await resumed.untilCaughtUp();
      expect(ids(resumed.delivered)).toEqual(ids([next]));
    });

    it('unsubscribe ends the iterator and stops delivery', async () => {
      const stream = newStream('unsubscribe');
      const marker = await store.appendToStream(stream, [newEvent()], { expectedRevision: 'no_stream' });
      const subscription = store.subscribeToAll({ fromPosition: marker.position });
      const reader = new SubscriptionReader(subscription, (event) => event.streamId === stream);
      await reader.untilCaughtUp();

      // Waiting for a live event when the unsubscribe comes: the pending read must end, not hang.
      const ended = reader.drain();
      await within(subscription.unsubscribe(), 5_000, 'unsubscribe');
      await ended;
      await store.appendToStream(stream, [newEvent()], { expectedRevision: 0n });

      await expect(reader.next(Date.now() + 1_000, 'nothing')).resolves.toMatchObject({ done: true });
      expect(reader.events).toEqual([]);
    });

    it('returning the iterator (breaking out of for-await) ends the subscription', async () => {
      const stream = newStream('break');
      const marker = await store.appendToStream(stream, [newEvent()], { expectedRevision: 'no_stream' });
      await store.appendToStream(stream, newEvents(3), { expectedRevision: 0n });
      const subscription = store.subscribeToAll({ fromPosition: marker.position });

      const seen: RecordedEvent[] = [];
      for await (const message of subscription) {
        if (message.kind === 'events') seen.push(...message.events.filter((event) => event.streamId === stream));
        if (seen.length > 0) break;
      }

      expect(seen[0].revision).toBe(1n);
      await expect(subscription.unsubscribe()).resolves.toBeUndefined();
    });
  });

  describe('values', () => {
    it('revisions and positions are bigint, and an appended position reads back that event', async () => {
      const stream = newStream('bigint');
      const appended = newEvents(2);
      const result = await store.appendToStream(stream, appended, { expectedRevision: 'no_stream' });
      expect(typeof result.nextExpectedRevision).toBe('bigint');
      expect(typeof result.position).toBe('bigint');

      const [atPosition] = await store.readAll({ fromPosition: result.position, maxCount: 1 });
      expect(atPosition.id).toBe(appended[1].id);
      expect(atPosition.position).toBe(result.position);
      expect(typeof atPosition.revision).toBe('bigint');

      const fromStream = await store.readStream(stream);
      expect(fromStream.map((event) => [typeof event.revision, typeof event.position])).toEqual([
        ['bigint', 'bigint'],
        ['bigint', 'bigint'],
      ]);
      expect(fromStream[1].position).toBe(result.position);
    });

    it('a 1 MB event and non-ASCII text round-trip exactly', async () => {
      const stream = newStream('large');
      const text = 'Zoë Ñandú — 東京 🩺';
      const large = newEvent('LargeRecorded', { text, blob: 'x'.repeat(1_000_000) }, { note: text });
      const quoted = newEvent('QuotedRecorded', { text: `"${text}"\\\n\t\u0000 end` });
      await store.appendToStream(stream, [large, quoted], { expectedRevision: 'no_stream' });

      const [readLarge, readQuoted] = await store.readStream(stream);
      expect(readLarge.data.blob === large.data.blob).toBe(true);
      expect(readLarge.data.text).toBe(text);
      expect(readLarge.metadata).toEqual({ note: text });
      expect(readQuoted.data).toEqual(quoted.data);
    });

    it('metadata and data round-trip; recordedAt is the time of the append', async () => {
      const stream = newStream('values');
      const metadata = {
        actorId: randomUUID(),
        actorRoles: ['nurse', 'admin'],
        occurredAt: '2025-03-31T23:30:00-04:00',
        nested: { count: 3, ratio: 0.25, negative: -7, flag: false, nothing: null },
      };
      const event = newEvent('ValuesRecorded', { list: [1, 'two', { three: 3 }], empty: {} }, metadata);
      const before = Date.now();
      await store.appendToStream(stream, [event], { expectedRevision: 'no_stream' });
      const after = Date.now();

      const [read] = await store.readStream(stream);
      expect(read).toMatchObject({ id: event.id, type: event.type, streamId: stream, revision: 0n });
      expect(read.data).toEqual(event.data);
      expect(read.metadata).toEqual(metadata);
      expect(read.recordedAt).toBeInstanceOf(Date);
      // Allows for a server clock slightly off this machine's.
      expect(read.recordedAt.getTime()).toBeGreaterThanOrEqual(before - 5_000);
      expect(read.recordedAt.getTime()).toBeLessThanOrEqual(after + 5_000);
    });

    it('ping resolves', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });

  // EventStoreDB: what a KurrentDB 26.1 node takes by default (an event up to 16 MiB, an append up to 256 MiB).
  if (adapter.enforcesSizeLimits) {
    describe('size limits', () => {
      const MiB = 1024 * 1024;

      it("an event of 12 MiB, above gRPC's 4 MiB default and within the 16 MiB event limit, round-trips", async () => {
        const stream = newStream('twelve-mib');
        const large = newEvent('LargeRecorded', { blob: 'x'.repeat(12 * MiB) });
        await store.appendToStream(stream, [large], { expectedRevision: 'no_stream' });
        const [read] = await store.readStream(stream);
        expect((read.data.blob as string).length).toBe(12 * MiB);
      });

      it('an event above 16 MiB is refused with AppendTooLarge: nothing of its append is stored, appends beside it land', async () => {
        const [tooLarge, besides] = [newStream('too-large'), newStream('besides')];
        const refused = store.appendToStream(tooLarge, [newEvent(), newEvent('LargeRecorded', { blob: 'x'.repeat(17 * MiB) })], {
          expectedRevision: 'no_stream',
        });
        const others = Array.from({ length: 5 }, (_, index) => store.appendToStream(besides, [newEvent('Besides', { index })], { expectedRevision: 'any' }));
        await expect(refused).rejects.toMatchObject({ name: 'AppendTooLarge', stream: tooLarge, limit: 'event' });
        await expect(refused).rejects.toBeInstanceOf(AppendTooLarge);
        await Promise.all(others);
        await expect(store.readStream(tooLarge)).rejects.toBeInstanceOf(StreamNotFound);
        expect(await store.readStream(besides)).toHaveLength(5);
      });
    });
  }

  // Only fixtures that can restart the server behind the store (the in-process EventStoreDB test server).
  if (adapter.canRestartServer) {
    it('a live subscription keeps delivering across a server restart, and appends succeed after it', async () => {
      if (!fixture?.restartServer) throw new Error(`${adapter.name} was expected to offer restartServer`);
      const stream = newStream('restart');
      const marker = await store.appendToStream(stream, [newEvent()], { expectedRevision: 'no_stream' });
      const reader = new SubscriptionReader(store.subscribeToAll({ fromPosition: marker.position, filter: { streamNamePrefixes: [stream] } }));
      await reader.untilCaughtUp();
      const before = newEvents(5);
      await store.appendToStream(stream, before, { expectedRevision: 0n });
      await reader.untilEvents(5);

      await fixture.restartServer();
      const after = newEvents(5);
      await store.appendToStream(stream, after, { expectedRevision: 5n });
      await reader.untilEvents(10, 20_000);

      expect(ids(reader.delivered)).toEqual(ids([...before, ...after]));
      expectIncreasing(reader.delivered.map((event) => event.position));
    });
  }
});

describe('sqlite adapter specifics', () => {
  let dir: ReturnType<typeof tempDir>;
  let file: string;
  const opened: SqliteEventStore[] = [];
  // Polling slowly unless a test is about polling, so that it cannot hide a missing wake-up.
  const open = (options: { pollIntervalMs?: number } = {}) => {
    const store = SqliteEventStore.open({ file, synchronous: 'NORMAL', pollIntervalMs: 60_000, ...options });
    opened.push(store);
    return store;
  };

  beforeEach(() => {
    dir = tempDir();
    file = join(dir.path, 'not', 'yet', 'there', 'events.db');
  });

  afterEach(async () => {
    for (const store of opened.splice(0)) await store.dispose();
    dir.remove();
  });

  it('creates the parent directory and keeps the events across reopening, never reusing a position', async () => {
    const stream = newStream();
    const first = await open().appendToStream(stream, newEvents(2), { expectedRevision: 'no_stream' });
    expect(existsSync(file)).toBe(true);
    await opened[0].dispose();

    const reopened = open();
    expect(await reopened.readStream(stream)).toHaveLength(2);
    const next = await reopened.appendToStream(stream, newEvents(1), { expectedRevision: 1n });
    expect(next.position).toBeGreaterThan(first.position);
  });

  it('two stores on one file: of two appends at the same expected revision one wins, the other conflicts', async () => {
    const [one, two] = [open(), open()];
    const stream = newStream();
    await one.appendToStream(stream, newEvents(1), { expectedRevision: 'no_stream' });

    const outcomes = await Promise.allSettled([
      one.appendToStream(stream, newEvents(2), { expectedRevision: 0n }),
      two.appendToStream(stream, newEvents(1), { expectedRevision: 0n }),
    ]);

    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = outcomes.find((outcome) => outcome.status === 'rejected');
    expect(rejected?.reason).toBeInstanceOf(WrongExpectedVersion);
    const winnerLength = outcomes[0].status === 'fulfilled' ? 2 : 1;
    expect(rejected?.reason).toMatchObject({ stream, expected: 0n, actual: BigInt(winnerLength) });
    expect(await two.readStream(stream)).toHaveLength(1 + winnerLength);
  });

  it('a live subscription sees appends made through another store on the same file', async () => {
    const [subscriber, writer] = [open({ pollIntervalMs: 50 }), open()];
    const stream = newStream();
    const marker = await subscriber.appendToStream(stream, [newEvent()], { expectedRevision: 'no_stream' });
    const reader = new SubscriptionReader(subscriber.subscribeToAll({ fromPosition: marker.position }));
    await reader.untilCaughtUp();

    // The subscriber is parked waiting for live events when the other connection appends.
    const arriving = reader.untilEvents(3, 2_000);
    await sleep(20);
    const fromWriter = newEvents(3);
    await writer.appendToStream(stream, fromWriter, { expectedRevision: 0n });
    await arriving;

    expect(ids(reader.delivered)).toEqual(ids(fromWriter));
  });

  it('a waiting subscription is woken at once by an append through the same store, not by the poll', async () => {
    const store = open({ pollIntervalMs: 60_000 });
    const stream = newStream();
    const reader = new SubscriptionReader(store.subscribeToAll());
    await reader.untilCaughtUp();

    const arriving = reader.untilEvents(1, 2_000);
    await sleep(20);
    const event = newEvent();
    await store.appendToStream(stream, [event], { expectedRevision: 'no_stream' });
    await arriving;

    expect(ids(reader.delivered)).toEqual([event.id]);
  });

  it('two processes appending to one file are serialised; each contested revision has exactly one winner', async () => {
    const [anyStream, raceStream] = [newStream('any'), newStream('race')];
    const count = 300;
    // Both processes start appending at the same moment, whatever their start-up time.
    const startAt = Date.now() + 2_000;
    const results = await Promise.all([1, 2].map(() => runAppender(file, anyStream, raceStream, count, startAt)));

    const reader = open();
    const anyEvents = await reader.readStream(anyStream);
    expect(anyEvents.map((event) => event.revision)).toEqual(Array.from({ length: 2 * count }, (_, i) => BigInt(i)));
    const raceEvents = await reader.readStream(raceStream);
    expect(raceEvents.map((event) => event.revision)).toEqual(Array.from({ length: count }, (_, i) => BigInt(i)));
    expect(results[0].wins + results[1].wins).toBe(count);
  }, 30_000);

  it('refuses an event id already stored in another stream with a clear error', async () => {
    const store = open();
    const event = newEvent();
    await store.appendToStream(newStream(), [event], { expectedRevision: 'no_stream' });
    const other = newStream();

    const error = await store.appendToStream(other, [event], { expectedRevision: 'any' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DuplicateEventId);
    expect(error).toMatchObject({ eventId: event.id, stream: other });
    await expect(store.readStream(other)).rejects.toBeInstanceOf(StreamNotFound);
  });

  it('an append of a group that fails on a duplicate id leaves none of its rows; the rest of the group lands', async () => {
    const store = open();
    const taken = newEvent();
    await store.appendToStream(newStream(), [taken], { expectedRevision: 'no_stream' });
    const [before, after] = [newStream(), newStream()];
    const failing = newStream();

    const outcomes = await Promise.allSettled([
      store.appendToStream(before, newEvents(2), { expectedRevision: 'no_stream' }),
      // Its first event is inserted before the second one collides: the savepoint must take it back.
      store.appendToStream(failing, [newEvent(), taken], { expectedRevision: 'no_stream' }),
      store.appendToStream(after, newEvents(1), { expectedRevision: 'no_stream' }),
    ]);

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateEventId);
    await expect(store.readStream(failing)).rejects.toBeInstanceOf(StreamNotFound);
    expect(await store.readStream(before)).toHaveLength(2);
    expect(await store.readStream(after)).toHaveLength(1);
  });

  it('appends issued together are written in one transaction; one issued alone in one of its own', async () => {
    const store = open();
    const before = store.groupCommitStats;
    await Promise.all(Array.from({ length: 25 }, () => store.appendToStream(newStream(), newEvents(2), { expectedRevision: 'no_stream' })));
    expect(store.groupCommitStats).toEqual({ groups: before.groups + 1, appends: before.appends + 25 });
    await store.appendToStream(newStream(), newEvents(1), { expectedRevision: 'no_stream' });
    expect(store.groupCommitStats).toEqual({ groups: before.groups + 2, appends: before.appends + 26 });
  });

  it('an acknowledged append is committed: another connection reads it as soon as the append resolves', async () => {
    const [writer, reader] = [open(), open()];
    const streams = Array.from({ length: 20 }, () => newStream());
    const acknowledged = await Promise.all(
      streams.map(async (stream) => {
        await writer.appendToStream(stream, newEvents(1), { expectedRevision: 'no_stream' });
        // Read synchronously after the acknowledgement, before anything else of this group can run.
        return reader.readStream(stream).then((events) => events.length);
      }),
    );
    expect(acknowledged).toEqual(streams.map(() => 1));
  });

  it('an empty append checks the expected revision, writes nothing and reports the head', async () => {
    const store = open();
    const stream = newStream();
    await expect(store.appendToStream(stream, [], { expectedRevision: 'no_stream' })).resolves.toEqual({
      nextExpectedRevision: -1n,
      position: -1n,
    });
    await expect(store.readStream(stream)).rejects.toBeInstanceOf(StreamNotFound);

    const written = await store.appendToStream(stream, newEvents(2), { expectedRevision: 'no_stream' });
    await expect(store.appendToStream(stream, [], { expectedRevision: 1n })).resolves.toEqual(written);
    await expectWrongExpectedVersion(store.appendToStream(stream, [], { expectedRevision: 0n }), {
      stream,
      expected: 0n,
      actual: 1n,
    });
  });

  it('unsubscribe ends a subscription that is waiting for live events at once', async () => {
    const store = open();
    const subscription = store.subscribeToAll();
    const reader = new SubscriptionReader(subscription);
    await reader.untilCaughtUp();

    const ended = reader.drain(1_000);
    await sleep(20);
    await within(subscription.unsubscribe(), 1_000, 'unsubscribe');
    await ended;
  });

  it('a long catch-up lets timers run between pages', async () => {
    const store = open();
    const stream = newStream();
    let revision: ExpectedRevision = 'no_stream';
    for (let batch = 0; batch < 25; batch++) {
      const result = await store.appendToStream(stream, newEvents(100), { expectedRevision: revision });
      revision = result.nextExpectedRevision;
    }
    const reader = new SubscriptionReader(store.subscribeToAll());
    let eventsWhenTimerRan: number | undefined;
    setTimeout(() => (eventsWhenTimerRan = reader.events.length), 0);

    await reader.untilCaughtUp();

    expect(reader.events).toHaveLength(2_500);
    expect(eventsWhenTimerRan).toBeLessThan(2_500);
  });

  it('dispose ends live subscriptions and may be called twice', async () => {
    const store = open();
    const reader = new SubscriptionReader(store.subscribeToAll());
    await reader.untilCaughtUp();

    const ended = reader.drain(1_000);
    await sleep(20);
    await within(store.dispose(), 1_000, 'dispose');
    await ended;
    await expect(store.dispose()).resolves.toBeUndefined();
  });
});

/** Runs appends in a separate node process on the same file, so the two connections truly contend. */
function runAppender(file: string, anyStream: string, raceStream: string, count: number, startAt: number): Promise<{ wins: number; conflicts: number }> {
  const script = `
    const { randomUUID } = require('node:crypto');
    const { SqliteEventStore } = require('./src/event-store/sqlite/sqlite-event-store.ts');
    const { StreamNotFound, WrongExpectedVersion } = require('./src/event-store/errors.ts');
    const [file, anyStream, raceStream, count, startAt] = process.argv.slice(1);
    const event = () => ({ id: randomUUID(), type: 'Contended', data: { pid: process.pid }, metadata: {} });
    // Without pauses one process re-takes the write lock while the other sleeps in its busy handler.
    const pause = () => new Promise((resolve) => setTimeout(resolve, Math.random() < 0.5 ? 0 : 1));
    const head = (stream) =>
      store.readStream(stream, { direction: 'backwards', maxCount: 1 }).then(
        ([last]) => last.revision,
        (error) => (error instanceof StreamNotFound ? 'no_stream' : Promise.reject(error)),
      );
    while (Date.now() < Number(startAt)) {} // spin: timers would start the two processes milliseconds apart
    // Opening a new file together is part of the test: the switch to WAL mode is contended too.
    const store = SqliteEventStore.open({ file, synchronous: 'NORMAL' });
    (async () => {
      // The optimistic-concurrency loop of a command handler: read the head, decide, append at that revision.
      let wins = 0, conflicts = 0;
      const full = (last) => last !== 'no_stream' && last >= BigInt(count) - 1n;
      for (let last = await head(raceStream); !full(last); last = await head(raceStream)) {
        await pause();
        try {
          await store.appendToStream(raceStream, [event()], { expectedRevision: last });
          wins++;
        } catch (error) {
          if (!(error instanceof WrongExpectedVersion)) throw error;
          conflicts++;
        }
      }
      for (let i = 0; i < Number(count); i++) {
        await store.appendToStream(anyStream, [event()], { expectedRevision: 'any' });
        await pause();
      }
      await store.dispose();
      process.stdout.write(JSON.stringify({ wins, conflicts }));
    })().catch((error) => { console.error(error); process.exit(1); });
  `;
  const args = ['-r', '@swc-node/register', '-e', script, file, anyStream, raceStream, String(count), String(startAt)];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: join(__dirname, '..') });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(stdout)) : reject(new Error(`appender exited with ${code}: ${stderr}`))));
  });
}
