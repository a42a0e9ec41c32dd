import type { Position, Subscription, SubscriptionFilter, SubscriptionMessage } from '../event-store.port';
import type { AppendSignal, Wait } from './append-signal';
import { type EventRow, rowFilter, toRecordedEvent } from './event-row';

/** What a subscription needs from the store it reads. */
export interface SubscriptionSource {
  isOpen(): boolean;
  readonly signal: AppendSignal;
  /** Rows with a position strictly greater than `after`, in position order. */
  readPageAfter(after: Position, limit: number): EventRow[];
}

const PAGE_SIZE = 1000;

/**
 * Catch-up then live, both served by the same loop: "read the page after the last position handed out". Live
 * delivery is therefore gap- and duplicate-free by construction, however appends race with the catch-up:
 * SQLite serialises writers, so positions become visible in order and a reader never sees n+1 without n.
 */
export class SqliteSubscription implements Subscription {
  private closed = false;
  private waiting: Wait | undefined;
  private readonly messages: AsyncGenerator<SubscriptionMessage, void, undefined>;

  constructor(
    private readonly source: SubscriptionSource,
    fromPosition: Position | 'start',
    filter: SubscriptionFilter | undefined,
  ) {
    // Positions start at 1, so 'start' is "after 0".
    this.messages = this.run(fromPosition === 'start' ? 0n : fromPosition, rowFilter(filter));
  }

  [Symbol.asyncIterator](): AsyncIterator<SubscriptionMessage> {
    return this.messages;
  }

  async unsubscribe(): Promise<void> {
    this.closed = true;
    this.waiting?.wake();
    // Ends the generator even if the consumer is parked between two messages and never asks again.
    await this.messages.return(undefined);
  }

  /** A generator only runs when the consumer asks for the next message: that is the back-pressure. */
  private async *run(after: Position, matches: ((row: EventRow) => boolean) | undefined): AsyncGenerator<SubscriptionMessage, void, undefined> {
    let caughtUp = false;
    while (!this.closed && this.source.isOpen()) {
      const rows = this.source.readPageAfter(after, PAGE_SIZE);
      if (rows.length === 0) {
        if (!caughtUp) {
          caughtUp = true;
          yield { kind: 'caughtUp' };
        } else {
          // Registered synchronously after the empty read: an append through this store cannot slip in between.
          this.waiting = this.source.signal.wait();
          await this.waiting.promise;
          this.waiting = undefined;
        }
        continue;
      }
      after = rows[rows.length - 1].position;
      const delivered = matches ? rows.filter(matches) : rows;
      if (delivered.length > 0) yield { kind: 'events', events: delivered.map(toRecordedEvent) };
      // Lets a filtered consumer store its progress past a stretch of the log with nothing for it.
      else yield { kind: 'checkpoint', position: after };
      // Reads and a synchronous consumer would otherwise chain microtasks through a whole catch-up and starve
      // timers and I/O (HTTP requests, other subscriptions) for as long as it lasts.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
}
