import { createHash } from 'node:crypto';
import { canonicalJson } from '../kernel/canonical-json';
import type { EventToAppend, JsonObject, RecordedEvent } from './event-store.port';

/**
 * Metadata on every event (architecture decisions 5-6). No PHI here: metadata is copied into indexes and cannot
 * be redacted on EventStoreDB. `commandHash` is a digest of the command input, salted by its commandId, so a
 * retry with different input is recognised without storing the input twice.
 */
export interface EventMetadata extends JsonObject {
  actorId: string;
  actorRoles: string[];
  practiceId: string | null;
  commandId: string;
  commandHash: string;
  correlationId: string;
  causationId: string;
  /** Valid time: when the recorded thing happened (ISO instant). The store supplies recordedAt. */
  occurredAt: string;
  schemaVersion: number;
  previousHash: string | null;
  hash: string;
}

export interface HashInput {
  stream: string;
  revision: bigint;
  type: string;
  data: JsonObject;
  metadata: JsonObject;
}

/** SHA-256 over the canonical encoding of stream, revision, type, data and every metadata field but `hash`. */
export function eventHash({ stream, revision, type, data, metadata }: HashInput): string {
  const { hash: _ignored, ...chained } = metadata;
  return createHash('sha256')
    .update(canonicalJson({ stream, revision: revision.toString(), type, data, metadata: chained }))
    .digest('hex');
}

/** An event to append before its place in the chain is known: sealing adds previousHash and hash. */
export interface UnsealedEvent {
  id: string;
  type: string;
  data: JsonObject;
  metadata: JsonObject;
}

/** Links events into their stream's hash chain, starting after the event whose hash is `previousHash`. */
export function sealEvents(stream: string, firstRevision: bigint, previousHash: string | null, events: UnsealedEvent[]): EventToAppend[] {
  let previous = previousHash;
  return events.map((event, index) => {
    const metadata = { ...event.metadata, previousHash: previous };
    const hash = eventHash({ stream, revision: firstRevision + BigInt(index), type: event.type, data: event.data, metadata });
    previous = hash;
    return { id: event.id, type: event.type, data: event.data, metadata: { ...metadata, hash } };
  });
}

export interface ChainVerification {
  valid: boolean;
  eventsChecked: number;
  firstBrokenRevision: bigint | null;
  headHash: string | null;
}

/** Recomputes the chain of one stream's events (oldest first) and reports the first event that does not fit. */
export function verifyHashChain(events: Iterable<RecordedEvent>): ChainVerification {
  let previous: string | null = null;
  let checked = 0;
  for (const event of events) {
    checked += 1;
    const metadata = event.metadata as Partial<EventMetadata>;
    const recomputed = eventHash({ stream: event.streamId, revision: event.revision, type: event.type, data: event.data, metadata: event.metadata });
    if (metadata.hash !== recomputed || (metadata.previousHash ?? null) !== previous) {
      return { valid: false, eventsChecked: checked, firstBrokenRevision: event.revision, headHash: null };
    }
    previous = recomputed;
  }
  return { valid: true, eventsChecked: checked, firstBrokenRevision: null, headHash: previous };
}
