/**
 * A subscription's async iterator of the latest value per key: a slow subscriber gets each key's newest value once,
 * in the order the keys first changed, and skips the states in between (billing progress and a worklist row only
 * matter as they are now; a channel of one value pushes without a key). `return()` (the client unsubscribed or went
 * away) runs `onClose` once.
 */
export class LatestValueChannel<T> implements AsyncIterableIterator<T> {
  private readonly pending = new Map<string, T>();
  private waiting: ((result: IteratorResult<T>) => void) | null = null;
  private closed = false;

  constructor(private readonly onClose: () => void) {}

  push(value: T, key = ''): void {
    if (this.closed) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value, done: false });
      return;
    }
    // A newer value of a key still waiting replaces it in its place.
    this.pending.set(key, value);
  }

  next(): Promise<IteratorResult<T>> {
    const first = this.pending.entries().next();
    if (!first.done) {
      const [key, value] = first.value;
      this.pending.delete(key);
      return Promise.resolve({ value, done: false });
    }
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error: unknown): Promise<IteratorResult<T>> {
    this.close();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pending.clear();
    this.onClose();
    this.waiting?.({ value: undefined, done: true });
    this.waiting = null;
  }
}
