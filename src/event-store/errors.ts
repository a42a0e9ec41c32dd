import type { ExpectedRevision } from './event-store.port';

/** The stream's last revision did not match the append's expected revision. */
export class WrongExpectedVersion extends Error {
  override readonly name = 'WrongExpectedVersion';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    /** The stream's last revision, or 'no_stream'. */
    readonly actual: bigint | 'no_stream',
  ) {
    super(`Wrong expected version on ${stream}: expected ${String(expected)}, actual ${String(actual)}`);
  }
}

export class StreamNotFound extends Error {
  override readonly name = 'StreamNotFound';
  constructor(readonly stream: string) {
    super(`Stream ${stream} not found`);
  }
}

/** The store could not be reached or dropped the request; the write may be retried with the same event ids. */
export class EventStoreUnavailable extends Error {
  override readonly name = 'EventStoreUnavailable';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** An event id already exists in another stream: a client reused a commandId for a different record. */
export class DuplicateEventId extends Error {
  override readonly name = 'DuplicateEventId';
  constructor(
    readonly eventId: string,
    readonly stream: string,
  ) {
    super(`Event id ${eventId} already exists in another stream`);
  }
}

/**
 * The store refused an append as too large and wrote none of it: one event above its event size limit, or the
 * events together above its append size limit. Retrying the same append can never succeed.
 */
export class AppendTooLarge extends Error {
  override readonly name = 'AppendTooLarge';
  constructor(
    readonly stream: string,
    readonly limit: 'event' | 'append',
    /** The store's limit in bytes, when it said. */
    readonly maxBytes: number | undefined,
  ) {
    super(
      `${limit === 'event' ? 'An event' : 'The append'} to ${stream} exceeds the event store's ${limit} size limit${maxBytes === undefined ? '' : ` of ${maxBytes} bytes`}`,
    );
  }
}
