import type { RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';
import type { JsonObject, RecordedEvent } from '../event-store.port';
import { encodePosition } from './position';

/** EventStoreDB's own events ($statistics, $metadata, links `$>`, ...) have types starting with '$'. */
export function isSystemEvent(event: { type: string }): boolean {
  return event.type.startsWith('$');
}

export function toRecordedEvent(event: EsdbRecordedEvent): RecordedEvent {
  if (!event.position) {
    // Servers before 22.6 omit positions on stream reads; an invented one would break ordering silently.
    throw new Error(`EventStoreDB returned ${event.streamId}@${event.revision} without a log position (server older than 22.6?)`);
  }
  return {
    streamId: event.streamId,
    revision: event.revision,
    position: encodePosition(event.position),
    id: event.id,
    type: event.type,
    data: payload(event.data),
    metadata: event.metadata === undefined ? {} : payload(event.metadata),
    recordedAt: event.created,
  };
}

/**
 * The client has already parsed JSON content. Bytes that are not valid JSON (a binary event, or stored bytes
 * edited behind our back) are handed on as text rather than dropped, so hash-chain verification sees what is stored.
 */
function payload(value: unknown): JsonObject {
  if (!(value instanceof Uint8Array)) return value as JsonObject;
  const text = Buffer.from(value).toString('utf8');
  try {
    return JSON.parse(text) as JsonObject;
  } catch {
    return text as unknown as JsonObject;
  }
}
