import type { JsonObject } from '../kernel/json';

/**
 * The event store port, modelled on EventStoreDB's semantics (architecture decision 1).
 * Revisions and global positions are bigint everywhere inside the application; they become strings only at
 * the API edge. Positions are opaque and totally ordered: compare them, never do arithmetic on them.
 */

/** `any`: no check; `no_stream`: the stream must not exist; `stream_exists`: it must; bigint: its last revision. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

/** Global position in the log ($all). Opaque, totally ordered. */
export type Position = bigint;

// Events hold JSON; the kernel owns the type so that deciders need nothing from the store.
export type { JsonObject, JsonValue } from '../kernel/json';

export interface EventToAppend {
  /** UUID. Appending the same ids again at the same expected revision is idempotent. */
  id: string;
  type: string;
  data: JsonObject;
  metadata: JsonObject;
}

export interface RecordedEvent {
  streamId: string;
  /** 0-based position of the event in its stream. */
  revision: bigint;
  /** Global position in $all. */
  position: Position;
  id: string;
  type: string;
  data: JsonObject;
  metadata: JsonObject;
  /** When the store wrote it (the audit's recorded time). */
  recordedAt: Date;
}

export interface AppendOptions {
  expectedRevision: ExpectedRevision;
}

export interface AppendResult {
  /** Revision of the last event now in the stream: pass it as expectedRevision for the next append. */
  nextExpectedRevision: bigint;
  /** Global position of the last appended event. */
  position: Position;
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  /** Inclusive. Defaults to 'start' forwards and 'end' backwards. */
  fromRevision?: bigint | 'start' | 'end';
  direction?: Direction;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Inclusive. Defaults to 'start' forwards and 'end' backwards. */
  fromPosition?: Position | 'start' | 'end';
  direction?: Direction;
  maxCount?: number;
}

export interface SubscriptionFilter {
  /** Deliver only events whose type starts with one of these. */
  eventTypePrefixes?: string[];
  /** Deliver only events whose stream name starts with one of these. */
  streamNamePrefixes?: string[];
}

export interface SubscribeToAllOptions {
  /** Exclusive: delivery starts with the first event after this position. Default 'start' (the whole log). */
  fromPosition?: Position | 'start';
  filter?: SubscriptionFilter;
}

export type SubscriptionMessage =
  /** Events in global order; the next message is not produced before the consumer asks for it. */
  | { kind: 'events'; events: RecordedEvent[] }
  /** The history has been delivered; what follows is live. Sent once per (re)connection that catches up. */
  | { kind: 'caughtUp' }
  /** Live delivery could not keep up: history follows again, then another caughtUp (EventStoreDB only). */
  | { kind: 'fellBehind' }
  /** Filtered subscriptions: the log has been scanned up to here with nothing more to deliver. */
  | { kind: 'checkpoint'; position: Position };

export interface Subscription extends AsyncIterable<SubscriptionMessage> {
  /** Stops delivery and releases resources; the iterator then ends. */
  unsubscribe(): Promise<void>;
}

export interface EventStore {
  appendToStream(stream: string, events: EventToAppend[], options: AppendOptions): Promise<AppendResult>;
  /** Throws StreamNotFound when the stream has no events. */
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Global commit order across all streams. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribeToAll(options?: SubscribeToAllOptions): Subscription;
  /** Cheap liveness probe for the health endpoint. */
  ping(): Promise<void>;
  dispose(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');
