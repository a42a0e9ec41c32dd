import type { EventStore, Position, RecordedEvent, Subscription, SubscriptionMessage } from '../event-store/event-store.port';
import { CheckpointStore } from './checkpoint-store';
import type { Projection, ReadDatabase } from './projection';
import { ProjectionApplyError } from './projection-apply-error';
import { relaxForCatchUp } from './read-database';

export interface ProjectionEngineLogger {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface ProjectionEngineOptions {
  store: EventStore;
  db: ReadDatabase;
  projections: Projection[];
  /** Most events applied in one transaction once caught up; larger pages are split. Default 1000. */
  batchSize?: number;
  /**
   * Most events applied in one transaction while replaying history (before the first caughtUp). Default 10,000,
   * or batchSize when only that is given. Catch-up transactions start at batchSize and grow while they take
   * less than catchUpTransactionMs, so a replay holds the event loop no longer than about that at a time.
   */
  catchUpBatchSize?: number;
  /** What one catch-up transaction may take at the cost per event last measured (ms). Default 500. */
  catchUpTransactionMs?: number;
  logger?: ProjectionEngineLogger;
}

export interface ProjectionEngineStatus {
  running: boolean;
  /** Why the engine stopped, when a projection or the subscription failed. */
  failed?: string;
  /** The position every projection has reached, as a decimal string. */
  position?: string;
  caughtUp: boolean;
}

export type BatchListener = (events: RecordedEvent[]) => void;

type State = 'idle' | 'running' | 'stopping' | 'stopped' | 'failed';

interface Tracked {
  readonly projection: Projection;
  /** Last position applied; undefined when nothing has been applied yet. */
  checkpoint: Position | undefined;
}

interface Run {
  readonly subscription: Subscription;
  stopping: boolean;
  done: Promise<void>;
  /** Shared by concurrent stop() calls, so each of them resolves only once the run has ended. */
  stopped?: Promise<void>;
}

interface Waiter {
  readonly position: Position;
  readonly resolve: (reached: boolean) => void;
  readonly timer: NodeJS.Timeout;
}

interface Deferred {
  readonly promise: Promise<void>;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

const DEFAULT_BATCH_SIZE = 1000;
const DEFAULT_CATCH_UP_BATCH_SIZE = 10_000;
const DEFAULT_CATCH_UP_TRANSACTION_MS = 500;

const consoleLogger: ProjectionEngineLogger = {
  info: () => undefined,
  // eslint-disable-next-line no-console -- the fallback when no logger is injected (the rebuild CLI, unit tests)
  error: (obj, msg) => console.error(msg ?? 'projection engine error', obj),
};

/**
 * Feeds every projection from one $all subscription (architecture decisions 9 and 10).
 *
 * Each page is applied in one read-database transaction together with the checkpoint of every projection, so a
 * crash loses nothing and applies nothing twice. Projections at different checkpoints share the subscription,
 * which starts at the lowest one; a projection skips the events at or below its own checkpoint.
 *
 * Catch-up mode: until the first caughtUp of a run, pages are gathered into larger transactions and the read
 * database is relaxed (relaxForCatchUp); both end before anyone is told the engine caught up. Gathered events are
 * applied only together with their checkpoints, so a crash or stop mid-replay replays from the last commit.
 */
export class ProjectionEngine {
  private readonly store: EventStore;
  private readonly db: ReadDatabase;
  private readonly tracked: Tracked[];
  private readonly batchSize: number;
  private readonly catchUpBatchSize: number;
  private readonly catchUpTransactionMs: number;
  private readonly logger: ProjectionEngineLogger;

  /** Created by start(): the engine touches the database only from there on. */
  private checkpoints?: CheckpointStore;
  // Wrapped once: better-sqlite3 transactions wrap a function, and re-wrapping per batch would be waste.
  private readonly applyBatch: (events: RecordedEvent[], updatedAt: string) => void;
  private readonly advanceAll: (position: Position, updatedAt: string) => void;

  private state: State = 'idle';
  private run?: Run;
  private failure?: string;
  private isCaughtUp = false;
  private caughtUpSignal = createDeferred();
  /** Minimum of the checkpoints, cached because waitFor and status read it on hot paths. */
  private reached: Position | undefined;
  private readonly waiters = new Set<Waiter>();
  private readonly listeners = new Set<BatchListener>();
  private appliedSinceStart = 0;
  private startedAt = 0;
  /** Set while replaying history: restores the read database's normal settings and ends catch-up mode. */
  private endCatchUp?: () => void;
  /** Events read during catch-up and not applied yet (applied with their checkpoints, never without). */
  private gathered: RecordedEvent[] = [];
  /** How many events the next catch-up transaction gathers, adapted to the measured cost per event. */
  private catchUpPage = 0;

  constructor(options: ProjectionEngineOptions) {
    const names = new Set<string>();
    for (const projection of options.projections) {
      if (names.has(projection.name)) throw new Error(`Duplicate projection name "${projection.name}"`);
      names.add(projection.name);
    }
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`Invalid batchSize ${batchSize}`);
    // An explicit batchSize alone bounds every transaction (tests rely on small ones).
    const catchUpBatchSize = options.catchUpBatchSize ?? (options.batchSize !== undefined ? batchSize : Math.max(batchSize, DEFAULT_CATCH_UP_BATCH_SIZE));
    if (!Number.isInteger(catchUpBatchSize) || catchUpBatchSize < batchSize) throw new Error(`Invalid catchUpBatchSize ${catchUpBatchSize}`);
    this.store = options.store;
    this.db = options.db;
    this.tracked = options.projections.map((projection) => ({ projection, checkpoint: undefined }));
    this.batchSize = batchSize;
    this.catchUpBatchSize = catchUpBatchSize;
    this.catchUpTransactionMs = options.catchUpTransactionMs ?? DEFAULT_CATCH_UP_TRANSACTION_MS;
    this.logger = options.logger ?? consoleLogger;
    this.applyBatch = this.db.transaction((events: RecordedEvent[], updatedAt: string) => this.applyInTransaction(events, updatedAt));
    this.advanceAll = this.db.transaction((position: Position, updatedAt: string) => this.advanceInTransaction(position, updatedAt));
  }

  /**
   * Prepares the checkpoints and the projections' tables (resetting those whose version changed) and starts
   * consuming the log in the background. Resolves once subscribed, not once caught up: see whenCaughtUp().
   */
  async start(): Promise<void> {
    if (this.state === 'running' || this.state === 'stopping') throw new Error('Projection engine already running');
    const checkpoints = this.checkpointStore();
    const stored = checkpoints.load();
    const now = new Date().toISOString();
    for (const tracked of this.tracked) {
      const { projection } = tracked;
      const previous = stored.get(projection.name);
      if (previous && previous.version === projection.version) {
        projection.setup(this.db);
        tracked.checkpoint = previous.position;
      } else {
        this.logger.info(
          { projection: projection.name, from: previous?.version, to: projection.version },
          'projection version changed: rebuilding it from the start of the log',
        );
        this.resetProjection(tracked, now);
      }
    }

    this.failure = undefined;
    this.isCaughtUp = false;
    this.caughtUpSignal = createDeferred();
    this.appliedSinceStart = 0;
    this.startedAt = performance.now();
    this.reached = this.minimumCheckpoint();
    // Everything up to the lowest checkpoint is applied everywhere; projections further on skip what they have.
    const from = this.reached ?? 'start';
    this.logger.info(
      { from: from === 'start' ? from : from.toString(), projections: this.tracked.map((t) => t.projection.name) },
      'projection engine starting',
    );
    this.startCatchUp();
    const subscription = this.store.subscribeToAll({ fromPosition: from });
    const run: Run = { subscription, stopping: false, done: Promise.resolve() };
    this.run = run;
    this.state = 'running';
    run.done = this.consume(run);
  }

  /** Unsubscribes, lets the in-flight batch finish and resolves pending waiters with false. */
  stop(): Promise<void> {
    const run = this.run;
    if (!run) return Promise.resolve();
    run.stopped ??= this.stopRun(run);
    return run.stopped;
  }

  private async stopRun(run: Run): Promise<void> {
    this.state = 'stopping';
    run.stopping = true;
    try {
      await run.subscription.unsubscribe();
    } finally {
      await run.done;
      this.run = undefined;
      this.state = 'stopped';
      this.isCaughtUp = false;
      this.leaveCatchUp();
      this.settleWaiters(false);
      this.caughtUpSignal.reject(new Error('Projection engine stopped before catching up'));
    }
  }

  /**
   * Rebuilds every projection from the start of the log and resolves once caught up. The engine keeps running
   * afterwards (a CLI calls stop() when done). Rejects if a projection fails during the replay.
   */
  async rebuild(): Promise<void> {
    await this.stop();
    const now = new Date().toISOString();
    this.db.transaction(() => {
      for (const tracked of this.tracked) this.resetProjection(tracked, now);
    })();
    await this.start();
    await this.whenCaughtUp();
  }

  /** Resolves when the history has been applied; rejects if the engine fails or stops first. */
  whenCaughtUp(): Promise<void> {
    return this.caughtUpSignal.promise;
  }

  /** The position every projection has reached; undefined until all of them have applied something. */
  position(): Position | undefined {
    return this.reached;
  }

  caughtUp(): boolean {
    return this.isCaughtUp;
  }

  /**
   * Resolves true as soon as every projection has applied `position` (read-your-writes), false on timeout or
   * if the engine stops or fails first.
   */
  waitFor(position: Position, timeoutMs = 5000): Promise<boolean> {
    if (this.reached !== undefined && this.reached >= position) return Promise.resolve(true);
    if (this.state !== 'idle' && this.state !== 'running') return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = {
        position,
        resolve,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          resolve(false);
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** Called after each committed transaction with the events it applied. Returns the unsubscribe function. */
  onBatchCommitted(listener: BatchListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  status(): ProjectionEngineStatus {
    return {
      running: this.state === 'running',
      ...(this.failure !== undefined ? { failed: this.failure } : {}),
      ...(this.reached !== undefined ? { position: this.reached.toString() } : {}),
      caughtUp: this.isCaughtUp,
    };
  }

  private async consume(run: Run): Promise<void> {
    const iterator = run.subscription[Symbol.asyncIterator]();
    try {
      for (;;) {
        const next = await iterator.next();
        if (run.stopping) return;
        if (next.done) throw new Error('The $all subscription ended unexpectedly');
        this.handle(next.value);
      }
    } catch (error) {
      if (run.stopping) return;
      this.fail(run, error);
    }
  }

  private handle(message: SubscriptionMessage): void {
    switch (message.kind) {
      case 'events': {
        const { events } = message;
        if (this.endCatchUp) {
          this.gather(events);
          return;
        }
        if (events.length <= this.batchSize) {
          if (events.length > 0) this.commit(events);
        } else {
          for (let i = 0; i < events.length; i += this.batchSize) this.commit(events.slice(i, i + this.batchSize));
        }
        return;
      }
      case 'checkpoint':
        // In log order: what was gathered before this position is applied first.
        this.commitAllGathered();
        this.commitCheckpoint(message.position);
        return;
      case 'caughtUp':
        this.commitAllGathered();
        if (this.tracked.some(({ projection }) => projection.applyBatch)) this.finishCatchUp();
        this.leaveCatchUp();
        this.isCaughtUp = true;
        this.logCaughtUp();
        this.caughtUpSignal.resolve();
        return;
      case 'fellBehind':
        // Reading history again until the next caughtUp: the read models are not current meanwhile.
        this.isCaughtUp = false;
        return;
    }
  }

  private startCatchUp(): void {
    this.leaveCatchUp();
    this.gathered = [];
    this.catchUpPage = this.batchSize;
    this.endCatchUp = relaxForCatchUp(this.db);
  }

  /** Restores the read database's settings; what was gathered and not committed is dropped (it is replayed). */
  private leaveCatchUp(): void {
    const end = this.endCatchUp;
    this.endCatchUp = undefined;
    this.gathered = [];
    end?.();
  }

  private gather(events: readonly RecordedEvent[]): void {
    for (const event of events) this.gathered.push(event);
    while (this.gathered.length >= this.catchUpPage) this.commitGathered(this.catchUpPage);
  }

  /** Commits up to `count` of the gathered events in one transaction, then sizes the next catch-up transaction. */
  private commitGathered(count: number): void {
    const events = this.gathered.length <= count ? this.gathered : this.gathered.slice(0, count);
    if (events.length === 0) return;
    this.gathered = events === this.gathered ? [] : this.gathered.slice(count);
    const started = performance.now();
    this.commit(events);
    const msPerEvent = (performance.now() - started) / events.length;
    const affordable = Math.floor(this.catchUpTransactionMs / Math.max(msPerEvent, 1e-6));
    this.catchUpPage = Math.min(this.catchUpBatchSize, Math.max(this.batchSize, affordable));
  }

  /** Applies everything gathered so far (before a checkpoint message or the caughtUp). */
  private commitAllGathered(): void {
    while (this.gathered.length > 0) this.commitGathered(this.catchUpPage);
  }

  private commit(events: RecordedEvent[]): void {
    this.applyBatch(events, new Date().toISOString());
    this.appliedSinceStart += events.length;
    // Only after the commit: the in-memory checkpoints then never run ahead of the database.
    const last = events[events.length - 1].position;
    for (const tracked of this.tracked) {
      if (tracked.checkpoint === undefined || tracked.checkpoint < last) tracked.checkpoint = last;
    }
    this.afterCommit(last);
    for (const listener of this.listeners) {
      try {
        listener(events);
      } catch (error) {
        this.logger.error({ err: error }, 'projection batch listener failed');
      }
    }
  }

  private commitCheckpoint(position: Position): void {
    this.advanceAll(position, new Date().toISOString());
    for (const tracked of this.tracked) {
      if (tracked.checkpoint === undefined || tracked.checkpoint < position) tracked.checkpoint = position;
    }
    this.afterCommit(position);
  }

  /** Runs inside the batch transaction; throwing rolls back the rows and the checkpoints together. */
  private applyInTransaction(events: RecordedEvent[], updatedAt: string): void {
    const db = this.db;
    const last = events[events.length - 1].position;
    for (const tracked of this.tracked) {
      const { projection, checkpoint } = tracked;
      if (checkpoint !== undefined && checkpoint >= last) continue;
      let i = 0;
      if (checkpoint !== undefined) while (events[i].position <= checkpoint) i++;
      if (projection.applyBatch) applyPage(db, projection, i === 0 ? events : events.slice(i));
      else {
        try {
          for (; i < events.length; i++) refuseAsync(projection.apply(db, events[i]));
        } catch (error) {
          throw new ProjectionApplyError(projection.name, events[i], error);
        }
      }
      this.checkpoints!.save(projection.name, projection.version, last, updatedAt);
    }
  }

  /** The empty page that tells batch-aware projections the history has been applied (see Projection). */
  private finishCatchUp(): void {
    this.db.transaction(() => {
      for (const { projection } of this.tracked) if (projection.applyBatch) applyPage(this.db, projection, []);
    })();
  }

  private advanceInTransaction(position: Position, updatedAt: string): void {
    for (const { projection, checkpoint } of this.tracked) {
      if (checkpoint === undefined || checkpoint < position) {
        this.checkpoints!.save(projection.name, projection.version, position, updatedAt);
      }
    }
  }

  private afterCommit(last: Position): void {
    // Without projections there is nothing to wait for but the log itself.
    this.reached = this.tracked.length === 0 ? last : this.minimumCheckpoint();
    const reached = this.reached;
    if (reached === undefined || this.waiters.size === 0) return;
    for (const waiter of this.waiters) {
      if (waiter.position <= reached) {
        clearTimeout(waiter.timer);
        this.waiters.delete(waiter);
        waiter.resolve(true);
      }
    }
  }

  private fail(run: Run, error: unknown): void {
    this.failure = error instanceof Error ? error.message : String(error);
    this.logger.error({ err: error, position: this.reached?.toString() }, 'projection engine stopped: failed');
    this.state = 'failed';
    this.isCaughtUp = false;
    this.run = undefined;
    this.leaveCatchUp();
    run.subscription.unsubscribe().catch((unsubscribeError: unknown) => {
      this.logger.error({ err: unsubscribeError }, 'projection engine: unsubscribe after failure failed');
    });
    this.settleWaiters(false);
    this.caughtUpSignal.reject(new Error(`Projection engine failed: ${this.failure}`));
  }

  private settleWaiters(reached: boolean): void {
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.resolve(reached);
    }
    this.waiters.clear();
  }

  private resetProjection(tracked: Tracked, updatedAt: string): void {
    const { projection } = tracked;
    // rebuild() may run before any start() (a CLI), so the checkpoints table may not exist yet.
    const checkpoints = this.checkpointStore();
    // One transaction (nested ones become savepoints): a crash cannot leave new-version checkpoints on old rows.
    this.db.transaction(() => {
      projection.reset(this.db);
      projection.setup(this.db);
      checkpoints.save(projection.name, projection.version, undefined, updatedAt);
    })();
    tracked.checkpoint = undefined;
    this.reached = undefined;
  }

  private checkpointStore(): CheckpointStore {
    this.checkpoints ??= new CheckpointStore(this.db);
    return this.checkpoints;
  }

  private minimumCheckpoint(): Position | undefined {
    let minimum: Position | undefined;
    for (const { checkpoint } of this.tracked) {
      if (checkpoint === undefined) return undefined;
      if (minimum === undefined || checkpoint < minimum) minimum = checkpoint;
    }
    return minimum;
  }

  private logCaughtUp(): void {
    const seconds = (performance.now() - this.startedAt) / 1000;
    this.logger.info(
      {
        position: this.reached?.toString(),
        events: this.appliedSinceStart,
        seconds: Number(seconds.toFixed(3)),
        eventsPerSecond: seconds > 0 ? Math.round(this.appliedSinceStart / seconds) : undefined,
      },
      'projection engine caught up',
    );
  }
}

/** An async apply would write after the commit and break atomicity: refuse it loudly. */
function refuseAsync(result: unknown): void {
  if (result !== undefined && typeof (result as PromiseLike<unknown>).then === 'function') {
    throw new Error('apply returned a promise; projections must be synchronous');
  }
}

function applyPage(db: ReadDatabase, projection: Projection, page: readonly RecordedEvent[]): void {
  try {
    refuseAsync(projection.applyBatch!(db, page));
  } catch (error) {
    // A projection that knows which event failed says so; otherwise the page is named by its first event.
    if (error instanceof ProjectionApplyError) throw error;
    if (page.length === 0)
      throw new Error(`Projection "${projection.name}" failed finishing its catch-up: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    throw new ProjectionApplyError(projection.name, page[0], error);
  }
}

function createDeferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Nobody may be waiting for it; an unobserved rejection must not crash the process.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
