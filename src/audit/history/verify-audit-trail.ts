import { verifyHashChain } from '../../event-store/envelope';
import type { RecordedEvent } from '../../event-store/event-store.port';

/** GraphQL AuditVerification. */
export interface AuditVerification {
  patientId: string;
  valid: boolean;
  eventsChecked: number;
  firstBrokenRevision: number | null;
  headHash: string | null;
}

/** Recomputes the patient's hash chain from the events as stored (architecture decision 6). */
export function verifyPatientRecord(patientId: string, events: RecordedEvent[]): AuditVerification {
  const { valid, eventsChecked, firstBrokenRevision, headHash } = verifyHashChain(events);
  return { patientId, valid, eventsChecked, firstBrokenRevision: firstBrokenRevision === null ? null : Number(firstBrokenRevision), headHash };
}
