import type { EventMetadata } from '../event-store/envelope';
import type { RecordedEvent } from '../event-store/event-store.port';
import { patientStream } from '../patients/patient.events';

/** `patient-`: the care record names the stream; the audit only needs to recognise it. */
const PATIENT_STREAM_PREFIX = patientStream('');

/** The key in a patient stream's name (the patient id, or a practice-scoped key), undefined for any other stream. */
export const patientStreamKeyOf = (stream: string): string | undefined =>
  stream.startsWith(PATIENT_STREAM_PREFIX) ? stream.slice(PATIENT_STREAM_PREFIX.length) : undefined;

/**
 * A patient belongs to the practice that enrolled it: the practiceId in the metadata of its stream's first event.
 * The audit read model, the log verification and the export all decide ownership with this one rule.
 */
export const owningPractice = (firstEvent: RecordedEvent): string | null => (firstEvent.metadata as Partial<EventMetadata>).practiceId ?? null;

/** Patient ids are UUIDs and the care record names streams with the lower-case form: every lookup normalises alike. */
export const normalizePatientId = (patientId: string) => patientId.toLowerCase();

/** The patient id an event of a patient stream is about (its data's; the stream key of a log that predates it). */
export const patientIdIn = (event: RecordedEvent, streamKey: string): string =>
  normalizePatientId((event.data as { patientId?: string } | null)?.patientId ?? streamKey);
