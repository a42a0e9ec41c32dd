import type { EventMetadata } from '../event-store/envelope';
import type { RecordedEvent } from '../event-store/event-store.port';
import { patientStream } from '../patients/patient.events';

/** `patient-`: the care record names the stream; the audit only needs to recognise it. */
const PATIENT_STREAM_PREFIX = patientStream('');

/** The patient id of a patient stream, undefined for any other stream. */
export const patientIdOfStream = (stream: string): string | undefined =>
  stream.startsWith(PATIENT_STREAM_PREFIX) ? stream.slice(PATIENT_STREAM_PREFIX.length) : undefined;

/**
 * A patient belongs to the practice that enrolled it: the practiceId in the metadata of its stream's first event.
 * The audit read model, the log verification and the export all decide ownership with this one rule.
 */
export const owningPractice = (firstEvent: RecordedEvent): string | null => (firstEvent.metadata as Partial<EventMetadata>).practiceId ?? null;

/** Patient ids are UUIDs and the care record names streams with the lower-case form: every lookup normalises alike. */
export const normalizePatientId = (patientId: string) => patientId.toLowerCase();
