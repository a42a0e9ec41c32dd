import type { EventMetadata } from '../../event-store/envelope';
import type { DomainEvent } from '../../kernel/decider';

/**
 * One read operation of one request and the patients whose data it returned; `patientIds` is empty for a read that
 * concerns no single patient (an unfiltered access log). Ids only: the log must not become a second copy of PHI.
 * Who and when are in the metadata (actorId, actorRoles, occurredAt), as on every event.
 */
export type PatientDataAccessed = DomainEvent<'PatientDataAccessed', { operation: string; patientIds: string[] }>;
export const PATIENT_DATA_ACCESSED = 'PatientDataAccessed';

/**
 * Metadata of an access event. A read is not a command: there is no command input to hash, so no commandHash;
 * commandId is the id of the request that read, and correlationId its X-Correlation-Id (or the request id).
 */
export type AccessEventMetadata = Omit<EventMetadata, 'commandHash' | 'previousHash' | 'hash'>;

const ACCESS_LOG_STREAM_PREFIX = 'access-';

/**
 * Stream `access-<practiceId>-<YYYY-MM-DD>` (UTC day of the read): one per practice and day, so a stream stays small
 * (its head is all a writer needs) and a day of one practice's log reads in one go.
 */
export const accessLogStream = (practiceId: string, at: Date) => `${ACCESS_LOG_STREAM_PREFIX}${practiceId}-${at.toISOString().slice(0, 10)}`;

export const isAccessLogStream = (stream: string) => stream.startsWith(ACCESS_LOG_STREAM_PREFIX);
