import { eventHash } from '../../event-store/envelope';
import type { RecordedEvent } from '../../event-store/event-store.port';

/**
 * The 32 bytes a leaf commits to: the event's hash (architecture decision 6), recomputed from what is stored, so a
 * leaf proves the event's content and not merely the hash written beside it.
 */
export const recomputedEventHash = (event: RecordedEvent): Buffer =>
  Buffer.from(eventHash({ stream: event.streamId, revision: event.revision, type: event.type, data: event.data, metadata: event.metadata }), 'hex');

/**
 * The hash the chain stored with the event, which the projection takes as it comes (re-hashing every event there
 * would halve append throughput); the self-check and verify-ledger recompute it from the content instead.
 */
export function storedEventHash(event: RecordedEvent): Buffer {
  const stored = event.metadata.hash;
  if (typeof stored === 'string' && stored.length === 64) {
    const hash = Buffer.from(stored, 'hex');
    // Hex decoding stops at the first character that is not hex: 32 bytes from 64 characters is 64 hex digits.
    if (hash.length === 32) return hash;
  }
  return recomputedEventHash(event);
}
