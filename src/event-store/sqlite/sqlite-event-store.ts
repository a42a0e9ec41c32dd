import Database from 'better-sqlite3';
import { DuplicateEventId, EventStoreUnavailable, StreamNotFound, WrongExpectedVersion } from '../errors';
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
import { GroupCommit, type Outcome } from './group-commit';
import { findReplayedAppend, type StoredId } from './idempotency';
import { openDatabase, sqliteErrorCode } from './open-database';
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

/** An append waiting for its group: the events already serialised, so the write lock is held for SQL only. */
interface AppendRequest {
  stream: string;
  events: SerializedEvent[];
  expected: ExpectedRevision;
}

interface SerializedEvent {
  id: string;
  type: string;
  data: string;
  metadata: string;
}

type AppendOutcome = { result: AppendResult; written: boolean };

interface Head {
  revision: bigint;
  position: bigint;
}

/**
 * The embedded event store (architecture decision 2): one SQLite file in WAL mode. Several processes may share
 * the file: writers are serialised by BEGIN IMMEDIATE and guarded by UNIQUE(stream_id, revision).
 * better-sqlite3 is synchronous, so a write holds the event loop for its transaction; that is the price of
 * the speed and simplicity, and a write waits at most the busy timeout (5 s) for another process's lock.
 *
 * Appends are group-committed (group-commit.ts): those issued in the same turn of the event loop are written in
 * one transaction, one fsync, each in a savepoint of its own with its own expected-revision and idempotency
 * check, so one conflict fails only its own append. Every caller is answered after the commit.
 */
export class SqliteEventStore implements EventStore {
  private readonly statements: Statements;
  private readonly groups: GroupCommit<AppendRequest, AppendOutcome>;
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
    // Nested in the group's transaction, each append is a savepoint: its failure rolls back only its own rows.
    const appendOne = db.transaction((request: AppendRequest) => this.appendInTransaction(request));
    // IMMEDIATE takes the write lock before reading any head, so two connections cannot both pass a check.
    const writeGroup = db.transaction((requests: AppendRequest[]) => requests.map((request) => this.appendInGroup(appendOne, request))).immediate;
    this.groups = new GroupCommit((requests) => {
      if (this.disposed) return requests.map(() => ({ ok: false, error: new Error('The event store has been disposed') }));
      const outcomes = writeGroupOrUnavailable(() => writeGroup(requests));
      if (outcomes.some((outcome) => outcome.ok && outcome.value.written)) this.signal.notify();
      return outcomes;
    });
    this.subscriptionSource = {
      isOpen: () => !this.disposed,
      signal: this.signal,
      readPageAfter: (after, count) => this.statements.pageAfter.all(after, count) as EventRow[],
    };
  }

  async appendToStream(stream: string, events: EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    if (this.disposed) throw new Error('The event store has been disposed');
    assertDistinctIds(events);
    // Serialised now, outside the write lock; a value JSON cannot encode fails this append only.
    const serialized = events.map(({ id, type, data, metadata }) => ({ id, type, data: JSON.stringify(data), metadata: JSON.stringify(metadata) }));
    const outcome = await this.groups.submit({ stream, events: serialized, expected: options.expectedRevision });
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

  /** Transactions the appends were grouped into so far, and how many appends they carried. */
  get groupCommitStats(): { groups: number; appends: number } {
    return { groups: this.groups.stats.groups, appends: this.groups.stats.requests };
  }

  async ping(): Promise<void> {
    this.statements.ping.get();
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    // Appends already accepted are written before the connection closes.
    this.groups.flush();
    this.disposed = true;
    // Waiting subscriptions wake, see the store closed and end; parked ones end at their next request.
    this.signal.notify();
    this.db.close();
  }

  private head(stream: string): Head | undefined {
    return this.statements.head.get(stream) as Head | undefined;
  }

  /** One append of a group, inside the group's transaction. */
  private appendInGroup(appendOne: (request: AppendRequest) => AppendOutcome, request: AppendRequest): Outcome<AppendOutcome> {
    try {
      return { ok: true, value: appendOne(request) };
    } catch (error) {
      // SQLite rolled the whole transaction back (I/O error...), or the disk is full, when the appends after this
      // one could not be written either: the group fails as one, and the transaction is rolled back.
      if (!this.db.inTransaction || isDiskFull(error)) throw error;
      // An id that is already stored: a retry of an earlier append, a conflict, or a programming error. Its
      // savepoint is rolled back; diagnosed on the group's snapshot, which includes the appends before it.
      if (!isUniqueViolation(error)) return { ok: false, error };
      try {
        return { ok: true, value: { result: this.resolveReplay(request.stream, request.events, request.expected), written: false } };
      } catch (diagnosis) {
        return { ok: false, error: diagnosis };
      }
    }
  }

  private appendInTransaction({ stream, events, expected }: AppendRequest): AppendOutcome {
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
      const info = this.statements.insert.run(stream, revision, event.id, event.type, event.data, event.metadata, recordedAt);
      position = info.lastInsertRowid as bigint;
      revision += 1n;
    }
    return { result: { nextExpectedRevision: revision - 1n, position }, written: true };
  }

  /** The append cannot go ahead as asked: it is either a replay of an earlier append, or a conflict. */
  private resolveReplay(stream: string, events: Pick<EventToAppend, 'id'>[], expected: ExpectedRevision): AppendResult {
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

function isDiskFull(error: unknown): boolean {
  return sqliteErrorCode(error) === 'SQLITE_FULL';
}

/**
 * A full disk (SQLITE_FULL, also a database at PRAGMA max_page_count) is the store being unavailable, not a fault of
 * the request: nothing of the group was written, and the same append succeeds once space returns.
 */
function writeGroupOrUnavailable<R>(write: () => R): R {
  try {
    return write();
  } catch (error) {
    if (isDiskFull(error)) throw new EventStoreUnavailable('The event log cannot grow: the disk is full', { cause: error });
    throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  const code = sqliteErrorCode(error);
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** SQLite's LIMIT -1 means no limit. */
function limit(maxCount: number | undefined): number {
  if (maxCount === undefined) return -1;
  if (!Number.isSafeInteger(maxCount) || maxCount < 0) {
    throw new RangeError(`maxCount must be a non-negative integer, got ${maxCount}`);
  }
  return maxCount;
}
