import type { JsonObject, RecordedEvent, SubscriptionFilter } from '../event-store.port';

/** A row of the events table as read with safe integers on (so revision and position arrive as bigint). */
export interface EventRow {
  position: bigint;
  stream_id: string;
  revision: bigint;
  event_id: string;
  type: string;
  data: string;
  metadata: string;
  recorded_at: bigint;
}

export const EVENT_COLUMNS = 'position, stream_id, revision, event_id, type, data, metadata, recorded_at';

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    streamId: row.stream_id,
    revision: row.revision,
    position: row.position,
    id: row.event_id,
    type: row.type,
    data: JSON.parse(row.data) as JsonObject,
    metadata: JSON.parse(row.metadata) as JsonObject,
    // Milliseconds since the epoch fit a double exactly; only revisions and positions must stay bigint.
    recordedAt: new Date(Number(row.recorded_at)),
  };
}

/**
 * Undefined when nothing is filtered. A given prefix list (even an empty one) must be matched; when both lists
 * are given an event must match both (EventStoreDB accepts only one kind per subscription, so this is a superset).
 */
export function rowFilter(filter: SubscriptionFilter | undefined): ((row: EventRow) => boolean) | undefined {
  const types = filter?.eventTypePrefixes;
  const streams = filter?.streamNamePrefixes;
  if (!types && !streams) return undefined;
  return (row) => (!types || types.some((prefix) => row.type.startsWith(prefix))) && (!streams || streams.some((prefix) => row.stream_id.startsWith(prefix)));
}
