import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  jsonEvent,
  type AllStreamResolvedEvent,
  type AppendResult as EsdbAppendResult,
  type ReadAllOptions as EsdbReadAllOptions,
  type ReadPosition,
  type ReadStreamOptions as EsdbReadStreamOptions,
} from '@eventstore/db-client';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  EventToAppend,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
  Subscription,
} from '../event-store.port';
import { AppendTooLarge, StreamNotFound } from '../errors';
import { EventStoreDbSubscription, type ReconnectOptions } from './eventstoredb-subscription';
import { decodePosition, encodePosition } from './position';
import { retryOnConnectionFailure, type RetryPolicy } from './retry';
import { isSystemEvent, toRecordedEvent } from './recorded-event';
import { translateAppendError, translateError, unavailable } from './translate-error';

export interface EventStoreDbOptions {
  /** Backoff between resubscription attempts of a dropped subscription, and between retries of a request. */
  reconnect?: Partial<ReconnectOptions>;
  /**
   * Largest event sent, as the server measures it (data, metadata and twice the type's length). Larger ones are
   * refused here with AppendTooLarge before anything is sent: on the BatchAppend path one such event would fail the
   * stream every other append in flight shares. Default: what a KurrentDB node's gRPC limit lets through.
   */
  maxEventBytes?: number;
}

/** gRPC's receive limit on a node's Streams service (16 MiB less 10,000 bytes), less room for a message's own fields. */
export const DEFAULT_MAX_EVENT_BYTES = 16 * 1024 * 1024 - 10_000 - 1_024;

const DEFAULT_RECONNECT: ReconnectOptions = { initialDelayMs: 100, maxDelayMs: 5_000 };
const PING_TIMEOUT_MS = 5_000;
/** Attempts of a request that is safe to repeat, spaced like resubscriptions, before EventStoreUnavailable. */
const RETRY_ATTEMPTS = 3;

/**
 * The event store port on EventStoreDB/KurrentDB through @eventstore/db-client. This folder is the only place
 * that imports the client, so moving to @kurrent/kurrentdb-client stays a one-folder change.
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly subscriptions = new Set<EventStoreDbSubscription>();
  private disposed = false;

  private readonly retry: RetryPolicy;

  private constructor(
    private readonly client: EventStoreDBClient,
    private readonly reconnect: ReconnectOptions,
    private readonly maxEventBytes: number,
  ) {
    this.retry = { attempts: RETRY_ATTEMPTS, ...reconnect };
  }

  /** Connects lazily: nothing is sent until the first operation. */
  static connect(connectionString: string, options: EventStoreDbOptions = {}): EventStoreDbEventStore {
    return new EventStoreDbEventStore(
      EventStoreDBClient.connectionString(connectionString),
      { ...DEFAULT_RECONNECT, ...options.reconnect },
      options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES,
    );
  }

  /**
   * Retried on connection failure only where EventStoreDB guarantees idempotency (a revision or `no_stream`): a
   * retry of a write that did land then returns its original result. With `any` or `stream_exists` the server
   * only tries its best, so the caller gets EventStoreUnavailable and decides.
   */
  async appendToStream(stream: string, events: EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    this.assertOpen();
    assertDistinctIds(events);
    const expected = options.expectedRevision;
    const idempotent = typeof expected === 'bigint' || expected === 'no_stream';
    const largestEventBytes = events.reduce((largest, event) => Math.max(largest, sizeOnDisk(event)), 0);
    if (largestEventBytes > this.maxEventBytes) throw new AppendTooLarge(stream, 'event', this.maxEventBytes);
    const proposed = events.map(({ id, type, data, metadata }) => jsonEvent({ id, type, data, metadata }));
    let result: EsdbAppendResult;
    try {
      result = await retryOnConnectionFailure(
        () => this.client.appendToStream(stream, proposed, { expectedRevision: expected }),
        idempotent ? this.retry : { ...this.retry, attempts: 1 },
      );
    } catch (error) {
      throw translateAppendError(error, { stream, expected, largestEventBytes });
    }
    // With nothing to write the client reports no usable revision or position: report the head instead.
    if (events.length === 0) return this.head(stream);
    if (result.position) return { nextExpectedRevision: result.nextExpectedRevision, position: encodePosition(result.position) };
    const [last] = await this.readStream(stream, { fromRevision: result.nextExpectedRevision, maxCount: 1 });
    return { nextExpectedRevision: result.nextExpectedRevision, position: last.position };
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const direction = options.direction === 'backwards' ? BACKWARDS : FORWARDS;
    const from = options.fromRevision ?? (direction === BACKWARDS ? 'end' : 'start');
    const request: EsdbReadStreamOptions = {
      fromRevision: from === 'start' ? START : from === 'end' ? END : from,
      direction,
      maxCount: checkedMaxCount(options.maxCount),
    };
    try {
      return await retryOnConnectionFailure(async () => {
        const events: RecordedEvent[] = [];
        for await (const resolved of this.client.readStream(stream, request)) {
          if (resolved.event) events.push(toRecordedEvent(resolved.event));
        }
        return events;
      }, this.retry);
    } catch (error) {
      throw translateError(error, { stream });
    }
  }

  /**
   * The port reads inclusively in both directions and never shows system events. EventStoreDB reads $all
   * backwards from a position exclusively and interleaves its own events, so this pages until `maxCount`
   * application events are found, fetches the event at a backwards start position on its own, and bounds every
   * page by position so it is right whichever way the server treats the start position.
   */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const backwards = options.direction === 'backwards';
    const limit = checkedMaxCount(options.maxCount);
    const from = options.fromPosition ?? (backwards ? 'end' : 'start');
    const events: RecordedEvent[] = [];
    let bound: { position: Position; inclusive: boolean } | undefined;
    if (typeof from === 'bigint') {
      bound = { position: from, inclusive: !backwards };
      if (backwards && limit > 0) {
        const [atStart] = await this.readAllPage(from, false, 1);
        if (atStart?.position === from && !isSystemEvent(atStart)) events.push(atStart);
      }
    }
    let cursor: Position | 'start' | 'end' = from;
    while (events.length < limit) {
      // One more than needed, so the page still advances when the server repeats the event at the cursor.
      const request = Math.min(limit - events.length + 1, Number.MAX_SAFE_INTEGER);
      const page = await this.readAllPage(cursor, backwards, request);
      for (const event of page) {
        if (events.length < limit && withinBound(event.position, bound, backwards) && !isSystemEvent(event)) events.push(event);
      }
      if (page.length < request) break;
      cursor = page[page.length - 1].position;
      bound = { position: cursor, inclusive: false };
    }
    return events;
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    this.assertOpen();
    const subscription = new EventStoreDbSubscription(this.client, options, this.reconnect, (closed) => this.subscriptions.delete(closed));
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** Reads the newest log record: cheap, and only a server that answers can do it. */
  async ping(): Promise<void> {
    this.assertOpen();
    const read = this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS);
    });
    try {
      await Promise.race([drain(read), timeout]);
    } catch (error) {
      await read.cancel().catch(() => undefined);
      throw unavailable(error);
    } finally {
      clearTimeout(timer);
    }
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.unsubscribe()));
    await this.client.dispose();
  }

  private async readAllPage(from: Position | 'start' | 'end', backwards: boolean, maxCount: number): Promise<RecordedEvent[]> {
    const fromPosition: ReadPosition = from === 'start' ? START : from === 'end' ? END : decodePosition(from);
    const request: EsdbReadAllOptions = { fromPosition, direction: backwards ? BACKWARDS : FORWARDS, maxCount };
    try {
      return await retryOnConnectionFailure(async () => {
        const events: RecordedEvent[] = [];
        for await (const resolved of this.client.readAll(request) as AsyncIterable<AllStreamResolvedEvent>) {
          if (resolved.event) events.push(toRecordedEvent(resolved.event));
        }
        return events;
      }, this.retry);
    } catch (error) {
      throw translateError(error);
    }
  }

  /** The stream's last revision and position, or -1n for both when it does not exist (as the SQLite adapter). */
  private async head(stream: string): Promise<AppendResult> {
    try {
      const [last] = await this.readStream(stream, { direction: 'backwards', maxCount: 1 });
      return { nextExpectedRevision: last.revision, position: last.position };
    } catch (error) {
      if (error instanceof StreamNotFound) return { nextExpectedRevision: -1n, position: -1n };
      throw error;
    }
  }

  private assertOpen(): void {
    if (this.disposed) throw new Error('The EventStoreDB event store has been disposed');
  }
}

/** An event's size as a node counts it (Event.SizeOnDisk), for the JSON the client will send. */
function sizeOnDisk({ type, data, metadata }: EventToAppend): number {
  return Buffer.byteLength(JSON.stringify(data)) + Buffer.byteLength(JSON.stringify(metadata)) + type.length * 2;
}

function withinBound(position: Position, bound: { position: Position; inclusive: boolean } | undefined, backwards: boolean): boolean {
  if (!bound) return true;
  if (position === bound.position) return bound.inclusive;
  return backwards ? position < bound.position : position > bound.position;
}

async function drain(read: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of read) {
    // Reading to the end is the whole check.
  }
}

function checkedMaxCount(maxCount: number | undefined): number {
  if (maxCount === undefined) return Number.MAX_SAFE_INTEGER;
  if (!Number.isSafeInteger(maxCount) || maxCount < 0) throw new RangeError('maxCount must be a non-negative integer');
  return maxCount;
}

function assertDistinctIds(events: EventToAppend[]): void {
  if (new Set(events.map((event) => event.id)).size !== events.length) {
    throw new Error('An append contains the same event id twice');
  }
}
