export interface Wait {
  promise: Promise<void>;
  /** Resolves the wait now (used by unsubscribe and dispose). */
  wake(): void;
}

/**
 * Wakes live subscriptions: at once when this store committed an append, otherwise after the poll interval,
 * which is how appends made by other connections to the same file are noticed. Only subscriptions that are
 * currently waiting are held here, so a subscription that is dropped without unsubscribe leaks nothing.
 */
export class AppendSignal {
  private readonly waiters = new Set<() => void>();

  constructor(private readonly pollIntervalMs: number) {}

  wait(): Wait {
    let wake!: () => void;
    const promise = new Promise<void>((resolve) => {
      const timer = setTimeout(() => wake(), this.pollIntervalMs);
      wake = () => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve();
      };
    });
    this.waiters.add(wake);
    return { promise, wake };
  }

  notify(): void {
    for (const wake of [...this.waiters]) wake();
  }
}
