import {
  START,
  eventTypeFilter,
  excludeSystemEvents,
  streamNameFilter,
  type AllStreamRecordedEvent,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type EventStoreDBClient,
  type Filter,
  type Position as EsdbPosition,
} from '@eventstore/db-client';
import type { Position, RecordedEvent, SubscribeToAllOptions, Subscription, SubscriptionFilter, SubscriptionMessage } from '../event-store.port';
import { decodePosition, encodePosition } from './position';
import { isSystemEvent, toRecordedEvent } from './recorded-event';
import { isRefusedRequest } from './translate-error';

export interface ReconnectOptions {
  initialDelayMs: number;
  maxDelayMs: number;
}

/** Events held for a slow consumer before the server stream is paused, and the level at which it resumes. */
export const HIGH_WATER_EVENTS = 1000;
const LOW_WATER_EVENTS = 250;
const MAX_BATCH = 500;

type Entry = { kind: 'event'; event: RecordedEvent } | Exclude<SubscriptionMessage, { kind: 'events' }>;

/** One server subscription; a drop replaces it with a new one. */
interface Connection {
  readonly stream: AllStreamSubscription;
  /** 'data' events received on this connection. */
  received: number;
  /** caughtUp/checkpoint, each to be delivered once `received` reaches `after` (see `mark`). */
  readonly markers: Array<{ after: number; message: Entry }>;
}

/**
 * A catch-up subscription to $all that survives connection loss. The client never resubscribes by itself
 * (it only reconnects the channel), so on any stream error this resubscribes, with exponential backoff, after the
 * last event received; events at or before it are dropped, so the consumer sees neither a gap nor a duplicate.
 * System events are excluded on the server where possible and always here. Delivery is pull-based: at most
 * HIGH_WATER_EVENTS wait in memory, beyond that the server stream is paused and gRPC flow control holds the rest.
 */
export class EventStoreDbSubscription implements Subscription {
  private readonly queue: Entry[] = [];
  private queuedEvents = 0;
  private wakeConsumer: (() => void) | undefined;
  private closed = false;
  private connection: Connection | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  /** Position of the last event received, delivered or filtered out: where a resubscription resumes. */
  private resumeAfter: Position | undefined;
  private lastCheckpoint: Position | undefined;
  private failure: Error | undefined;
  private readonly accepts: (event: AllStreamRecordedEvent) => boolean;
  private readonly messages: AsyncGenerator<SubscriptionMessage, void, undefined>;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: SubscribeToAllOptions,
    private readonly reconnect: ReconnectOptions,
    private readonly onClosed: (subscription: EventStoreDbSubscription) => void,
  ) {
    this.resumeAfter = options.fromPosition === 'start' ? undefined : options.fromPosition;
    this.accepts = acceptor(options.filter);
    this.messages = this.run();
    this.connect();
  }

  [Symbol.asyncIterator](): AsyncIterator<SubscriptionMessage> {
    return this.messages;
  }

  async unsubscribe(): Promise<void> {
    await this.close();
    // Ends the iterator even when the consumer is parked between two messages and never asks again.
    await this.messages.return(undefined);
  }

  private async *run(): AsyncGenerator<SubscriptionMessage, void, undefined> {
    try {
      // After a refusal, what was received before it is still delivered.
      while (!this.closed || (this.failure && this.queue.length > 0)) {
        const message = this.take();
        if (message) yield message;
        else await new Promise<void>((resolve) => (this.wakeConsumer = resolve));
      }
      if (this.failure) throw this.failure;
    } finally {
      // Also reached when the consumer breaks out of its loop: release the server subscription.
      await this.close();
    }
  }

  /**
   * The server refused the request itself (a position inside a record, which no checkpoint of the log gives):
   * resubscribing would be refused again, so the consumer gets the error once what was received is delivered.
   */
  private async fail(connection: Connection, error: unknown): Promise<void> {
    if (connection !== this.connection) return;
    this.failure = new Error(`EventStoreDB refused the subscription: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    await this.close();
  }

  private async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.retryTimer);
    const connection = this.connection;
    this.connection = undefined;
    this.wake();
    this.onClosed(this);
    if (connection) await release(connection.stream);
  }

  private connect(): void {
    this.retryTimer = undefined;
    if (this.closed) return;
    const from = this.resumeAfter === undefined ? START : decodePosition(this.resumeAfter);
    // The client passes the subscription itself to checkpointReached: only the current one counts.
    const onCheckpoint = (stream: AllStreamSubscription, position: EsdbPosition) => {
      const connection = this.connection;
      if (connection?.stream === stream) this.mark(connection, { kind: 'checkpoint', position: encodePosition(position) });
    };
    let stream: AllStreamSubscription;
    try {
      stream = this.client.subscribeToAll({ fromPosition: from, filter: serverFilter(this.options.filter, onCheckpoint) });
    } catch {
      this.scheduleReconnect();
      return;
    }
    const current: Connection = { stream, received: 0, markers: [] };
    this.connection = current;
    stream.on('data', (resolved: AllStreamResolvedEvent) => this.receive(current, resolved));
    stream.on('caughtUp', () => this.mark(current, { kind: 'caughtUp' }));
    stream.on('fellBehind', () => this.mark(current, { kind: 'fellBehind' }));
    stream.on('error', (error: unknown) => (isRefusedRequest(error) ? void this.fail(current, error) : this.drop(current)));
    stream.on('end', () => this.drop(current));
    stream.on('close', () => this.drop(current));
    if (this.queuedEvents >= HIGH_WATER_EVENTS) stream.pause();
  }

  private receive(connection: Connection, resolved: AllStreamResolvedEvent): void {
    if (connection !== this.connection) return;
    connection.received += 1;
    const event = resolved.event;
    if (event) {
      const position = encodePosition(event.position);
      // A resubscription may hand back what was already received; positions are totally ordered, so compare.
      if (this.resumeAfter === undefined || position > this.resumeAfter) {
        this.resumeAfter = position;
        this.failures = 0;
        if (this.accepts(event)) this.push({ kind: 'event', event: toRecordedEvent(event) });
      }
    }
    this.flushMarkers(connection);
  }

  /**
   * The client emits caughtUp and calls checkpointReached while it transforms the server's messages, but the
   * events transformed before them may still sit in the stream's buffer (always so while it is paused). Those
   * are exactly `readableLength` more 'data' events, so the marker waits for them and order is kept.
   */
  private mark(connection: Connection, message: Entry): void {
    if (connection !== this.connection) return;
    connection.markers.push({ after: connection.received + connection.stream.readableLength, message });
    this.flushMarkers(connection);
  }

  private flushMarkers(connection: Connection): void {
    while (connection.markers.length > 0 && connection.markers[0].after <= connection.received) {
      const { message } = connection.markers.shift() as { message: Entry };
      if (message.kind === 'caughtUp') {
        this.failures = 0;
        this.push(message);
      } else if (message.kind === 'fellBehind') {
        this.push(message);
      } else if (message.kind === 'checkpoint' && this.isNewCheckpoint(message.position)) {
        this.lastCheckpoint = message.position;
        this.push(message);
      }
    }
  }

  /** Only a port-level filter asks for checkpoints, and only progress beyond what was already said is news. */
  private isNewCheckpoint(position: Position): boolean {
    const filter = this.options.filter;
    if (!filter || (!filter.eventTypePrefixes && !filter.streamNamePrefixes)) return false;
    return (this.resumeAfter === undefined || position > this.resumeAfter) && (this.lastCheckpoint === undefined || position > this.lastCheckpoint);
  }

  private push(entry: Entry): void {
    this.queue.push(entry);
    if (entry.kind === 'event') {
      this.queuedEvents += 1;
      if (this.queuedEvents >= HIGH_WATER_EVENTS) this.connection?.stream.pause();
    }
    this.wake();
  }

  /** Consecutive events become one batch; markers travel alone, in order. */
  private take(): SubscriptionMessage | undefined {
    const first = this.queue[0];
    if (!first) return undefined;
    if (first.kind !== 'event') return this.queue.shift() as SubscriptionMessage;
    const events: RecordedEvent[] = [];
    while (events.length < MAX_BATCH && this.queue[0]?.kind === 'event') {
      events.push((this.queue.shift() as { event: RecordedEvent }).event);
    }
    this.queuedEvents -= events.length;
    const stream = this.connection?.stream;
    if (stream?.isPaused() && this.queuedEvents <= LOW_WATER_EVENTS) stream.resume();
    return { kind: 'events', events };
  }

  private wake(): void {
    const wake = this.wakeConsumer;
    this.wakeConsumer = undefined;
    wake?.();
  }

  /** Any error or end of a catch-up subscription is a drop: nothing ends it on purpose but `close`. */
  private drop(connection: Connection): void {
    if (connection !== this.connection) return;
    this.connection = undefined;
    void release(connection.stream);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    const { initialDelayMs, maxDelayMs } = this.reconnect;
    const delay = Math.min(maxDelayMs, initialDelayMs * 2 ** this.failures);
    this.failures += 1;
    // Jitter keeps many subscriptions of one process from reconnecting in lockstep.
    this.retryTimer = setTimeout(() => this.connect(), delay * (0.8 + 0.4 * Math.random()));
  }
}

/**
 * Cancels a server subscription that was closed or dropped. Its listeners stay attached (they ignore a connection
 * that is no longer current), so a late error still has a handler and cannot crash the process.
 */
async function release(stream: AllStreamSubscription): Promise<void> {
  await stream.unsubscribe().catch(() => undefined);
}

/**
 * EventStoreDB filters on one thing per subscription: event type when the port filter names types, else stream
 * name, else just "no system events". Whatever the server cannot filter, `acceptor` filters here.
 */
function serverFilter(filter: SubscriptionFilter | undefined, checkpointReached: Filter['checkpointReached']): Filter {
  if (filter?.eventTypePrefixes) return eventTypeFilter({ prefixes: filter.eventTypePrefixes, checkpointReached });
  if (filter?.streamNamePrefixes) return streamNameFilter({ prefixes: filter.streamNamePrefixes, checkpointReached });
  return excludeSystemEvents({ checkpointReached });
}

/** Both prefix lists must match when both are given (an empty list matches nothing), as in every adapter. */
function acceptor(filter: SubscriptionFilter | undefined): (event: AllStreamRecordedEvent) => boolean {
  const types = filter?.eventTypePrefixes;
  const streams = filter?.streamNamePrefixes;
  return (event) =>
    !isSystemEvent(event) &&
    (!types || types.some((prefix) => event.type.startsWith(prefix))) &&
    (!streams || streams.some((prefix) => event.streamId.startsWith(prefix)));
}
