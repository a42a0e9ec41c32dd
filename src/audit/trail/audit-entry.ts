import type { EventMetadata } from '../../event-store/envelope';
import type { RecordedEvent } from '../../event-store/event-store.port';
import { canonicalJson } from '../../kernel/canonical-json';
import { timeEntryFlags, type TimeEntryFlags } from './time-entry-flags';

/** One event of a patient's record as an auditor sees it (GraphQL AuditEntry). */
export interface AuditEntry extends TimeEntryFlags {
  /** Global position in the log, as a decimal string (positions are wider than 53 bits). */
  position: string;
  revision: number;
  eventId: string;
  eventType: string;
  recordedAt: string;
  occurredAt: string | null;
  actorId: string;
  actorRoles: string[];
  correlationId: string | null;
  causationId: string | null;
  /** The event's data as canonical JSON text (sorted keys), the encoding its hash is computed over. */
  data: string;
  hash: string;
  previousHash: string | null;
}

export function auditEntryOf(event: RecordedEvent): AuditEntry {
  const metadata = event.metadata as Partial<EventMetadata>;
  return {
    position: event.position.toString(),
    revision: Number(event.revision),
    eventId: event.id,
    eventType: event.type,
    recordedAt: event.recordedAt.toISOString(),
    occurredAt: metadata.occurredAt ?? null,
    actorId: metadata.actorId ?? '',
    actorRoles: metadata.actorRoles ?? [],
    correlationId: metadata.correlationId ?? null,
    causationId: metadata.causationId ?? null,
    data: canonicalJson(event.data),
    // An event without a hash cannot be linked; verifyAuditTrail reports it as the first broken revision.
    hash: metadata.hash ?? '',
    previousHash: metadata.previousHash ?? null,
    ...timeEntryFlags(event),
  };
}
