import Database from 'better-sqlite3';
import { DuplicateEventId, StreamNotFound, WrongExpectedVersion } from '../errors';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
  Subscription,
} from '../event-store.port';
import { AppendSignal } from './append-signal';
import { type EventRow, toRecordedEvent } from './event-row';
import { findReplayedAppend, type StoredId } from './idempotency';
import { openDatabase } from './open-database';
import { MAX_INTEGER } from './schema';
import { SqliteSubscription, type SubscriptionSource } from './sqlite-subscription';
import { prepareStatements, type Statements } from './statements';

export interface SqliteEventStoreOptions {
  file: string;
  /**
   * FULL (default): an acknowledged append survives a power loss. NORMAL: in WAL mode it still survives a
   * process crash, but the last appends before a power loss or OS crash may be lost; faster, for dev and tests.
   */
  synchronous?: 'FULL' | 'NORMAL';
  /** How often a live subscription looks for appends made by other connections to the same file. */
  pollIntervalMs?: number;
}

type AppendStep<R> = (stream: string, events: EventToAppend[], expected: ExpectedRevision) => R;
type AppendOutcome = { result: AppendResult; written: boolean };

interface Head {
  revision: bigint;
  position: bigint;
}

/**
 * The embedded event store (architecture decision 2): one SQLite file in WAL mode. Several processes may share
 * the file: writers are serialised by BEGIN IMMEDIATE and guarded by UNIQUE(stream_id, revision).
 * better-sqlite3 is synchronous, so an append holds the event loop for its transaction; that is the price of
 * the speed and simplicity, and an append waits at most the busy timeout (5 s) for another process's lock.
 */
export class SqliteEventStore implements EventStore {
  private readonly statements: Statements;
  private readonly appendTransaction: AppendStep<AppendOutcome>;
  private readonly readIdsTransaction: AppendStep<AppendResult>;
  private readonly subscriptionSource: SubscriptionSource;
  private readonly signal: AppendSignal;
  private disposed = false;

  static open(options: SqliteEventStoreOptions): SqliteEventStore {
    const synchronous = options.synchronous ?? 'FULL';
    if (synchronous !== 'FULL' && synchronous !== 'NORMAL') throw new Error(`Unsupported synchronous=${synchronous}`);
    const db = openDatabase(options.file, synchronous);
    return new SqliteEventStore(db, options.pollIntervalMs ?? 1000);
  }

  private constructor(
    private readonly db: Database.Database,
    pollIntervalMs: number,
  ) {
    this.signal = new AppendSignal(pollIntervalMs);
    this.statements = prepareStatements(db);
    // IMMEDIATE takes the write lock before reading the head, so two connections cannot both pass the check.
    this.appendTransaction = db.transaction(this.appendInTransaction.bind(this)).immediate;
    // A read transaction gives the duplicate-id diagnosis one consistent snapshot.
    this.readIdsTransaction = db.transaction(this.resolveReplay.bind(this)).deferred;
    this.subscriptionSource = {
      isOpen: () => !this.disposed,
      signal: this.signal,
      readPageAfter: (after, count) => this.statements.pageAfter.all(after, count) as EventRow[],
    };
  }

  async appendToStream(stream: string, events: EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    assertDistinctIds(events);
    let outcome: AppendOutcome;
    try {
      outcome = this.appendTransaction(stream, events, options.expectedRevision);
    } catch (error) {
      // An id that is already stored: a retry of an earlier append, a conflict, or a programming error.
      if (!isUniqueViolation(error)) throw error;
      outcome = { result: this.readIdsTransaction(stream, events, options.expectedRevision), written: false };
    }
    if (outcome.written) this.signal.notify();
    return outcome.result;
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? 'end' : 'start');
    const revision = from === 'start' ? 0n : from === 'end' ? MAX_INTEGER : from;
    const statement = backwards ? this.statements.streamBackwards : this.statements.streamForwards;
    const rows = statement.all(stream, revision, limit(options.maxCount)) as EventRow[];
    // An existing stream read past its end is just empty, as on EventStoreDB.
    if (rows.length === 0 && !this.head(stream)) throw new StreamNotFound(stream);
    return rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const from = options.fromPosition ?? (backwards ? 'end' : 'start');
    const position = from === 'start' ? 0n : from === 'end' ? MAX_INTEGER : from;
    const statement = backwards ? this.statements.allBackwards : this.statements.allForwards;
    return (statement.all(position, limit(options.maxCount)) as EventRow[]).map(toRecordedEvent);
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    return new SqliteSubscription(this.subscriptionSource, options.fromPosition ?? 'start', options.filter);
  }

  async ping(): Promise<void> {
    this.statements.ping.get();
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    // Waiting subscriptions wake, see the store closed and end; parked ones end at their next request.
    this.signal.notify();
    this.db.close();
  }

  private head(stream: string): Head | undefined {
    return this.statements.head.get(stream) as Head | undefined;
  }

  private appendInTransaction(stream: string, events: EventToAppend[], expected: ExpectedRevision): AppendOutcome {
    const head = this.head(stream);
    if (!satisfies(expected, head)) return { result: this.resolveReplay(stream, events, expected), written: false };
    // Zero events: the check above still applies; report the head (-1n for both when there is no stream).
    if (events.length === 0) {
      const result = { nextExpectedRevision: head?.revision ?? -1n, position: head?.position ?? -1n };
      return { result, written: false };
    }
    const recordedAt = Date.now();
    let revision = head ? head.revision + 1n : 0n;
    let position: Position = 0n;
    for (const event of events) {
      const data = JSON.stringify(event.data);
      const metadata = JSON.stringify(event.metadata);
      const info = this.statements.insert.run(stream, revision, event.id, event.type, data, metadata, recordedAt);
      position = info.lastInsertRowid as bigint;
      revision += 1n;
    }
    return { result: { nextExpectedRevision: revision - 1n, position }, written: true };
  }

  /** The append cannot go ahead as asked: it is either a replay of an earlier append, or a conflict. */
  private resolveReplay(stream: string, events: EventToAppend[], expected: ExpectedRevision): AppendResult {
    const stored = this.statements.findIds.all(JSON.stringify(events.map((event) => event.id))) as StoredId[];
    const foreign = stored.find((row) => row.stream_id !== stream);
    // Event ids are unique across this store: a foreign one means a commandId reused for another record.
    if (foreign) throw new DuplicateEventId(foreign.event_id, stream);
    const replayed = findReplayedAppend(events, stored, expected);
    if (replayed) return replayed;
    throw new WrongExpectedVersion(stream, expected, this.head(stream)?.revision ?? 'no_stream');
  }
}

function satisfies(expected: ExpectedRevision, head: Head | undefined): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return head === undefined;
  if (expected === 'stream_exists') return head !== undefined;
  return head !== undefined && head.revision === expected;
}

function assertDistinctIds(events: EventToAppend[]): void {
  if (new Set(events.map((event) => event.id)).size !== events.length) {
    throw new Error('An append contains the same event id twice');
  }
}

function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof Database.SqliteError &&
    (error.code === 'SQLITE_CONSTRAINT_UNIQUE' || error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
  );
}

/** SQLite's LIMIT -1 means no limit. */
function limit(maxCount: number | undefined): number {
  if (maxCount === undefined) return -1;
  if (!Number.isSafeInteger(maxCount) || maxCount < 0) {
    throw new RangeError(`maxCount must be a non-negative integer, got ${maxCount}`);
  }
  return maxCount;
}
