/**
 * Group commit: appends that arrive while a write is pending are written together in one transaction (one fsync
 * with synchronous=FULL), instead of one transaction each.
 *
 * better-sqlite3 is synchronous, so "pending" means "issued in this turn of the event loop": requests queue up
 * and the group is written in the loop's check phase (setImmediate), after the I/O callbacks of the turn have run.
 * Under load, every request that reached the store while the previous group was being written (and its callers
 * were running) lands in the next group; a lone request waits for nothing but the end of the current turn.
 *
 * The writer gets every request of the group and must give each its own outcome; it runs inside one transaction,
 * and a request's promise settles only after that transaction has committed, so an acknowledged write is durable
 * exactly as before. If the transaction itself fails (BEGIN or COMMIT), every request of the group fails with it.
 */
export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

interface Pending<T, R> {
  request: T;
  resolve(value: R): void;
  reject(error: unknown): void;
}

export class GroupCommit<T, R> {
  private queue: Pending<T, R>[] = [];
  private scheduled = false;
  /** Groups written (transactions attempted) and requests they carried, for diagnostics and benchmarks. */
  readonly stats = { groups: 0, requests: 0 };

  /**
   * @param writeGroup writes the requests in one transaction and returns one outcome per request, in order.
   * @param maxGroup the most requests in one transaction (bounds how long the write lock is held).
   */
  constructor(
    private readonly writeGroup: (requests: T[]) => Outcome<R>[],
    private readonly maxGroup = 1000,
  ) {}

  get pending(): number {
    return this.queue.length;
  }

  submit(request: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Writes everything queued now (also called directly, e.g. before the store closes). */
  flush(): void {
    this.scheduled = false;
    while (this.queue.length > 0) {
      const group = this.queue.splice(0, this.maxGroup);
      this.stats.groups += 1;
      this.stats.requests += group.length;
      let outcomes: Outcome<R>[];
      try {
        outcomes = this.writeGroup(group.map((pending) => pending.request));
      } catch (error) {
        // The transaction did not commit: nothing of the group was written.
        outcomes = group.map(() => ({ ok: false, error }));
      }
      group.forEach((pending, index) => {
        const outcome = outcomes[index];
        if (outcome.ok) pending.resolve(outcome.value);
        else pending.reject(outcome.error);
      });
    }
  }
}
