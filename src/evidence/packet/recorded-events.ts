import type { EventMetadata } from '../../event-store/envelope';
import type { RecordedEvent } from '../../event-store/event-store.port';
import type { PatientEvent } from '../../patient-stream/patient-event';

/** A patient-stream event as the care record's evolve functions take it. */
export const asPatientEvent = (event: RecordedEvent): PatientEvent => ({ type: event.type, data: event.data }) as PatientEvent;

/** Store time, as every instant of a packet is written: ISO-8601 in UTC. */
export const recordedAtOf = (event: RecordedEvent): string => event.recordedAt.toISOString();

/** Who recorded the event: the authenticated actor of the command that appended it (its metadata), as an id. */
export const recorderOf = (event: RecordedEvent): string => (event.metadata as Partial<EventMetadata>).actorId ?? 'unknown';

/** The stream's events of these types, in log order. */
export function eventsOfType<Type extends PatientEvent['type']>(
  events: readonly RecordedEvent[],
  ...types: Type[]
): { recorded: RecordedEvent; event: Extract<PatientEvent, { type: Type }> }[] {
  return events
    .filter((recorded) => (types as string[]).includes(recorded.type))
    .map((recorded) => ({ recorded, event: asPatientEvent(recorded) as Extract<PatientEvent, { type: Type }> }));
}
