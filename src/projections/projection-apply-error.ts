import type { RecordedEvent } from '../event-store/event-store.port';

/** A projection threw while applying an event: the batch was rolled back and the engine stopped. */
export class ProjectionApplyError extends Error {
  override readonly name = 'ProjectionApplyError';
  readonly eventId: string;
  readonly eventType: string;
  readonly position: string;

  constructor(
    readonly projection: string,
    event: RecordedEvent,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`Projection "${projection}" failed on event ${event.id} (${event.type}, position ${event.position}): ${reason}`, { cause });
    this.eventId = event.id;
    this.eventType = event.type;
    this.position = event.position.toString();
  }
}
