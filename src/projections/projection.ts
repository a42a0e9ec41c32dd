import type { Database } from 'better-sqlite3';
import type { RecordedEvent } from '../event-store/event-store.port';

/** The read-model database (better-sqlite3). Separate from the event log: it can always be rebuilt from it. */
export type ReadDatabase = Database;

/**
 * A read model derived from the event log (architecture decision 9).
 *
 * The engine calls `apply` inside its own transaction, together with the projection's checkpoint update, so
 * `apply` must be synchronous and must not open transactions of its own. Statements that touch the projection's
 * tables are best prepared in `setup` (after the DDL), because `reset` may drop the tables they were bound to.
 *
 * A projection with `applyBatch` gets each page in one call (and an empty page once the engine has caught up with
 * the log, so that work it deferred while replaying history can be finished before anyone is told it caught up).
 */
export interface Projection {
  /** Stable and unique: it keys the checkpoint. */
  readonly name: string;
  /** Bump it when the read model's shape or logic changes: the projection is then rebuilt from the start of the log. */
  readonly version: number;
  /** Idempotent DDL for the projection's tables; called on every start and after every reset. */
  setup(db: ReadDatabase): void;
  /** Drops or clears the projection's tables; `setup` is called right after. */
  reset(db: ReadDatabase): void;
  /** Folds one event into the read model. Events of irrelevant types are ignored. */
  apply(db: ReadDatabase, event: RecordedEvent): void;
  /** Folds a page of events (log order) at once; when absent the engine calls apply for each. */
  applyBatch?(db: ReadDatabase, events: readonly RecordedEvent[]): void;
}
