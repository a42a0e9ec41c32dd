import { sealEvents, type UnsealedEvent } from '../../event-store/envelope';
import { StreamNotFound, WrongExpectedVersion } from '../../event-store/errors';
import type { EventStore, Position } from '../../event-store/event-store.port';

interface Head {
  revision: bigint | null;
  hash: string | null;
  eventId: string | null;
  position: Position | undefined;
}

const NO_STREAM: Head = { revision: null, hash: null, eventId: null, position: undefined };
const MAX_ATTEMPTS = 5;
/** Heads remembered (one per stream written recently); older ones are simply read again when needed. */
const MAX_REMEMBERED_HEADS = 1000;

/**
 * Appends to streams that no command decides on, such as the access log, with the same hash chain as every other
 * stream (architecture decision 6). Unlike the command pipeline it never folds the stream: it remembers the head it
 * wrote last and reads only the last event when it does not know it or lost a race to another instance.
 */
export class HashChainedAppender {
  private readonly heads = new Map<string, Head>();

  constructor(private readonly store: EventStore) {}

  /** Appends the events in order at the stream's head; resolves with the position of the last one. */
  async append(stream: string, events: UnsealedEvent[]): Promise<Position | undefined> {
    for (let attempt = 1; ; attempt++) {
      const head = this.heads.get(stream) ?? (await this.readHead(stream));
      const unwritten = notYetWritten(events, head);
      if (unwritten.length === 0) return head.position;
      const sealed = sealEvents(stream, (head.revision ?? -1n) + 1n, head.hash, unwritten);
      try {
        const result = await this.store.appendToStream(stream, sealed, { expectedRevision: head.revision ?? 'no_stream' });
        const last = sealed[sealed.length - 1];
        this.remember(stream, { revision: result.nextExpectedRevision, hash: last.metadata.hash as string, eventId: last.id, position: result.position });
        return result.position;
      } catch (error) {
        // Whatever happened, the remembered head may be stale: read it again before the next attempt.
        this.heads.delete(stream);
        if (error instanceof WrongExpectedVersion && attempt < MAX_ATTEMPTS) continue;
        throw error;
      }
    }
  }

  private async readHead(stream: string): Promise<Head> {
    try {
      const [last] = await this.store.readStream(stream, { direction: 'backwards', fromRevision: 'end', maxCount: 1 });
      if (!last) return NO_STREAM;
      return { revision: last.revision, hash: (last.metadata.hash as string | undefined) ?? null, eventId: last.id, position: last.position };
    } catch (error) {
      if (error instanceof StreamNotFound) return NO_STREAM;
      throw error;
    }
  }

  private remember(stream: string, head: Head) {
    this.heads.delete(stream);
    this.heads.set(stream, head);
    if (this.heads.size > MAX_REMEMBERED_HEADS) this.heads.delete(this.heads.keys().next().value!);
  }
}

/**
 * An append whose answer was lost (a dropped connection) may have landed: when the head is one of our events,
 * everything up to it is already written.
 */
function notYetWritten(events: UnsealedEvent[], head: Head): UnsealedEvent[] {
  const landed = events.findIndex((event) => event.id === head.eventId);
  return landed < 0 ? events : events.slice(landed + 1);
}
