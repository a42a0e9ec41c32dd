import type { AppendResult, EventToAppend, ExpectedRevision } from '../event-store.port';

/** Where an already stored event id lives. */
export interface StoredId {
  event_id: string;
  stream_id: string;
  revision: bigint;
  position: bigint;
}

/**
 * EventStoreDB's idempotency rule: an append whose ids are all already in the stream, consecutively and starting
 * with its first id, made with an expected revision that fits where they were written, is a retry. It returns
 * the original result. Anything else (partial overlap, an expected revision that did not fit) is a conflict.
 */
export function findReplayedAppend(events: Pick<EventToAppend, 'id'>[], stored: StoredId[], expected: ExpectedRevision): AppendResult | undefined {
  if (events.length === 0) return undefined;
  const byId = new Map(stored.map((row) => [row.event_id, row]));
  const first = byId.get(events[0].id);
  if (!first || !fitsOriginalAppend(expected, first.revision)) return undefined;
  let last = first;
  for (const [index, event] of events.entries()) {
    const row = byId.get(event.id);
    if (!row || row.revision !== first.revision + BigInt(index)) return undefined;
    last = row;
  }
  return { nextExpectedRevision: last.revision, position: last.position };
}

function fitsOriginalAppend(expected: ExpectedRevision, firstRevision: bigint): boolean {
  if (expected === 'any' || expected === 'stream_exists') return true;
  if (expected === 'no_stream') return firstRevision === 0n;
  return expected === firstRevision - 1n;
}
