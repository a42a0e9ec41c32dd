import { AccessLogRecorder } from '../../src/audit/access-log/access-log.recorder';
import { ProjectionHost } from '../../src/projections/projections.module';
import type { TestApp } from './app-harness';
import { CARE_ACTIVITY_FIELDS, PATIENT_FIELDS } from './care-record-fixtures';

export const AUDIT_TRAIL = `query($patientId: ID!, $first: Int, $after: String, $from: DateTime, $to: DateTime) {
  auditTrail(patientId: $patientId, first: $first, after: $after, from: $from, to: $to) {
    totalCount
    pageInfo { hasNextPage endCursor hasPreviousPage startCursor }
    edges { cursor node { position revision eventId eventType recordedAt occurredAt actorId actorRoles correlationId causationId data hash previousHash lateEntry manualEntry } }
  }
}`;

export const VERIFY_AUDIT_TRAIL = `query($patientId: ID!) { verifyAuditTrail(patientId: $patientId) { patientId valid eventsChecked firstBrokenRevision headHash } }`;

export const ACCESS_LOG = `query($patientId: ID, $actorId: ID, $from: DateTime, $to: DateTime, $first: Int, $after: String) {
  accessLog(patientId: $patientId, actorId: $actorId, from: $from, to: $to, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { at actorId actorRoles patientId operation } }
  }
}`;

/** The patient as of an instant, with the same selection as the care record's PATIENT_QUERY, so the two compare. */
export const PATIENT_AS_OF = `query($id: ID!, $at: DateTime!, $month: YearMonth) {
  patientAsOf(id: $id, at: $at) { ...PatientFields activities(month: $month) { ...CareActivityFields } }
}
${PATIENT_FIELDS}
${CARE_ACTIVITY_FIELDS}`;

export const EXPORT_ROUTE = 'GET /exports/audit/:patientId.ndjson';

/** Writes the buffered access log now and waits until the access-log read model shows it. */
export async function settleAccessLog(app: TestApp): Promise<void> {
  const position = await app.app.get(AccessLogRecorder).flush();
  if (position !== undefined) await app.app.get(ProjectionHost).engine.waitFor(position);
}

/** Retries `probe` until it returns a value or `timeoutMs` passes (then returns undefined). */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs: number, intervalMs = 50): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
