import type { RecordedEvent } from '../../event-store/event-store.port';

/**
 * One NDJSON line of an audit export: the event as stored. Positions and revisions are decimal strings (they may not
 * fit a JSON number); `metadata` is complete (actor, roles, practice, command, correlation and causation ids,
 * occurredAt, schemaVersion, previousHash, hash), so a reviewer can recompute each hash offline: SHA-256 over the
 * canonical JSON of {stream, revision, type, data, metadata without hash}.
 */
export function exportLine(event: RecordedEvent): string {
  return `${JSON.stringify(exportedEvent(event))}\n`;
}

/** The event as an export line holds it (evidence packets carry their cited events in the same shape). */
export function exportedEvent(event: RecordedEvent) {
  return {
    stream: event.streamId,
    position: event.position.toString(),
    revision: event.revision.toString(),
    eventId: event.id,
    eventType: event.type,
    recordedAt: event.recordedAt.toISOString(),
    metadata: event.metadata,
    data: event.data,
  };
}

export type ExportedEvent = ReturnType<typeof exportedEvent>;
