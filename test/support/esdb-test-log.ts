import { randomUUID } from 'node:crypto';

/**
 * The in-memory log behind EsdbTestServer: streams, $all order, EventStoreDB's expected-revision checks and its
 * idempotent re-append rule. Test code only; it knows nothing about gRPC.
 */

export interface StoredEvent {
  readonly streamId: string;
  readonly revision: bigint;
  /** Commit and prepare position (equal here: one event per log record). */
  readonly position: bigint;
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  /** Mutable on purpose: `tamper` rewrites it in place, as a disk edit would. */
  data: Buffer;
  readonly customMetadata: Buffer;
  /** .NET ticks (100 ns) since the Unix epoch, the unit the wire protocol uses for `created`. */
  readonly createdTicks: bigint;
}

export interface ProposedEvent {
  id: string;
  type: string;
  contentType: string;
  data: Buffer;
  customMetadata: Buffer;
}

export type ExpectedState = { kind: 'any' } | { kind: 'no_stream' } | { kind: 'stream_exists' } | { kind: 'revision'; revision: bigint };

export type AppendOutcome = { ok: true; currentRevision: bigint | 'no_stream'; position: bigint | undefined } | { ok: false; current: bigint | 'no_stream' };

/** Where a stream read starts: a revision. */
export type ReadFrom = 'start' | 'end' | bigint;

/** Where a $all read or subscription starts: a log position as the client sends it, commit and prepare. */
export type AllFrom = 'start' | 'end' | { commit: bigint; prepare: bigint };

/** Positions are byte offsets into an imaginary log file, so they grow unevenly like a real server's. */
const LOG_HEADER_BYTES = 128n;
const RECORD_OVERHEAD_BYTES = 64n;

export interface InMemoryLogOptions {
  /**
   * Interleave the node's own `$`-typed events, as a real $all holds them: `$settings` when the log starts, and a
   * `$statistics` event (a node writes one every 30 s to `$stats-<host>`) after every application append.
   */
  systemEvents?: boolean;
}

export const STATS_STREAM = '$stats-127.0.0.1:2113';

export class InMemoryLog {
  /** Every event in commit order ($all). */
  readonly all: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private nextPosition = LOG_HEADER_BYTES;
  private readonly listeners = new Set<() => void>();
  private statistics = 0;

  constructor(private readonly options: InMemoryLogOptions = {}) {
    if (options.systemEvents) this.write('$settings', [systemEvent('$settings', { $userStreamAcl: { $r: '$all', $w: '$all' } })]);
  }

  /** Undefined when the stream has no events. Stream reads include the starting revision in both directions. */
  readStream(name: string, from: ReadFrom, backwards: boolean, count: number): StoredEvent[] | undefined {
    const events = this.streams.get(name);
    if (!events) return undefined;
    const last = events.length - 1;
    if (backwards) {
      const start = from === 'start' ? 0 : from === 'end' ? last : Math.min(Number(from), last);
      return events.slice(Math.max(0, start + 1 - count), start + 1).reverse();
    }
    const start = from === 'start' ? 0 : from === 'end' ? events.length : Number(from);
    return events.slice(start, start + count);
  }

  /**
   * $all reads as EventStoreDB does them: forwards from a position includes the event at it, backwards from a
   * position starts with the event before it (a position points between two log records).
   */
  readAll(from: AllFrom, backwards: boolean, count: number): StoredEvent[] {
    const index = from === 'start' ? 0 : from === 'end' ? this.all.length : this.indexOf(from, true);
    if (backwards) return this.all.slice(Math.max(0, index - count), index).reverse();
    return this.all.slice(index, index + count);
  }

  /** Index in `all` of the first event a subscription sends: after `from` (as the server does), or at it. */
  subscriptionStart(from: AllFrom, inclusive: boolean): number {
    return from === 'start' ? 0 : from === 'end' ? this.all.length : this.indexOf(from, inclusive);
  }

  /**
   * Whether a client's position is one a node can read from: a commit position where a record starts, or where the
   * next one will (the end of the log). Anything else points into the middle of a record, which a node refuses.
   */
  isReadablePosition(from: AllFrom): boolean {
    if (from === 'start' || from === 'end' || from.commit === this.nextPosition) return true;
    return this.all.some((event) => event.position === from.commit);
  }

  /** Where the record after the event at `index` starts: the position a node's checkpoint names once it is scanned. */
  positionAfter(index: number): bigint {
    return this.all[index + 1]?.position ?? this.nextPosition;
  }

  append(streamId: string, expected: ExpectedState, proposed: ProposedEvent[]): AppendOutcome {
    const existing = this.streams.get(streamId) ?? [];
    const current = existing.length === 0 ? 'no_stream' : BigInt(existing.length - 1);

    const retried = this.retriedWrite(existing, expected, proposed);
    if (retried) return retried;
    if (!satisfies(expected, current)) return { ok: false, current };
    if (proposed.length === 0) {
      const last = existing.at(-1);
      return { ok: true, currentRevision: current, position: last?.position };
    }

    this.write(streamId, proposed);
    if (this.options.systemEvents && !streamId.startsWith('$')) {
      this.write(STATS_STREAM, [systemEvent('$statistics', { 'proc-id': process.pid, 'es-queue-count': (this.statistics += 1) })]);
    }
    for (const listener of this.listeners) listener();
    const last = this.streams.get(streamId)!.at(-1)!;
    return { ok: true, currentRevision: last.revision, position: last.position };
  }

  /** Appends without checks: the caller has decided. */
  private write(streamId: string, proposed: ProposedEvent[]): void {
    const existing = this.streams.get(streamId) ?? [];
    const createdTicks = BigInt(Date.now()) * 10_000n;
    for (const event of proposed) {
      const stored: StoredEvent = {
        streamId,
        revision: BigInt(existing.length),
        position: this.nextPosition,
        createdTicks,
        ...event,
      };
      this.nextPosition += RECORD_OVERHEAD_BYTES + BigInt(recordBytes(stored));
      existing.push(stored);
      this.all.push(stored);
    }
    this.streams.set(streamId, existing);
  }

  /** Called after every successful append; returns the unsubscribe function. */
  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  tamper(streamId: string, revision: bigint, mutate: (data: Buffer) => Buffer): void {
    const event = this.streams.get(streamId)?.find((candidate) => candidate.revision === revision);
    if (!event) throw new Error(`No event ${streamId}@${revision} to tamper with`);
    event.data = mutate(Buffer.from(event.data));
  }

  /** A stored event's commit and prepare are both its `position`; the client's pair orders by commit, then prepare. */
  private indexOf({ commit, prepare }: { commit: bigint; prepare: bigint }, inclusive: boolean): number {
    const index = this.all.findIndex(({ position }) => position > commit || (position === commit && (inclusive ? position >= prepare : position > prepare)));
    return index < 0 ? this.all.length : index;
  }

  /**
   * EventStoreDB answers a retry of a write it already committed with the original result instead of a conflict:
   * the proposed ids must be exactly the events that followed the expected revision (for `any`, wherever the first
   * id is found). A retry that only partly matches is a conflict.
   */
  private retriedWrite(existing: StoredEvent[], expected: ExpectedState, proposed: ProposedEvent[]): AppendOutcome | undefined {
    if (proposed.length === 0) return undefined;
    const start = retryStartIndex(existing, expected, proposed[0].id);
    if (start === undefined || start >= existing.length || existing[start].id !== proposed[0].id) return undefined;
    const matches = proposed.every((event, i) => existing[start + i]?.id === event.id);
    if (!matches) return { ok: false, current: BigInt(existing.length - 1) };
    const last = existing[start + proposed.length - 1];
    return { ok: true, currentRevision: last.revision, position: last.position };
  }
}

function retryStartIndex(existing: StoredEvent[], expected: ExpectedState, firstId: string): number | undefined {
  switch (expected.kind) {
    case 'revision':
      return expected.revision < BigInt(existing.length) ? Number(expected.revision) + 1 : undefined;
    case 'no_stream':
      return 0;
    case 'any':
    case 'stream_exists': {
      const index = existing.findIndex((event) => event.id === firstId);
      return index < 0 ? undefined : index;
    }
  }
}

function satisfies(expected: ExpectedState, current: bigint | 'no_stream'): boolean {
  switch (expected.kind) {
    case 'any':
      return true;
    case 'no_stream':
      return current === 'no_stream';
    case 'stream_exists':
      return current !== 'no_stream';
    case 'revision':
      return current === expected.revision;
  }
}

function systemEvent(type: string, data: object): ProposedEvent {
  return { id: randomUUID(), type, contentType: 'application/json', data: Buffer.from(JSON.stringify(data)), customMetadata: Buffer.alloc(0) };
}

function recordBytes(event: StoredEvent): number {
  return Buffer.byteLength(event.streamId) + Buffer.byteLength(event.type) + event.data.length + event.customMetadata.length;
}
