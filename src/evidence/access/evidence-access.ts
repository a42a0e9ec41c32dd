import { hasAnyRole, type Actor } from '../../auth/actor';
import { forbidden } from '../../kernel/domain-error';
import { EVIDENCE_PRACTICE_READERS } from '../evidence-roles';
import type { Submission } from './submission-index';

/** Whose record a permitted request reads, and the claim it may show. */
export interface EvidenceScope {
  practiceId: string;
  /** The patient-month's claim, when one was submitted by that practice. */
  submission: Submission | null;
}

/** What a payer is told for anything not submitted to it: the same words whether the patient exists or not. */
export const NOT_SUBMITTED_TO_PAYER = 'Evidence is available to a payer only for claims submitted to it';

/**
 * Who may read the evidence of a patient-month (evidence-roles.ts):
 * - a PAYER only when a claim for it was submitted to its payerId. Anything else (another payer's claim, a month not
 *   submitted, a patient unknown to CareLedger) is FORBIDDEN with one message, so a payer never learns whether a
 *   patient exists or is cared for anywhere;
 * - BILLING, COMPLIANCE_OFFICER and ADMIN within their own practice. Whether the patient belongs to it is decided
 *   when the record is read: another practice's patient is NOT_FOUND, like an unknown id (the API contract's rule);
 * - anyone else is FORBIDDEN.
 */
export function evidenceScope(actor: Actor, submission: Submission | null): EvidenceScope {
  if (actor.roles.includes('PAYER')) {
    if (!submission || submission.payerId !== actor.payerId) throw forbidden(NOT_SUBMITTED_TO_PAYER);
    return { practiceId: submission.practiceId, submission };
  }
  if (!hasAnyRole(actor, EVIDENCE_PRACTICE_READERS) || !actor.practiceId) throw forbidden();
  return { practiceId: actor.practiceId, submission: submission && submission.practiceId === actor.practiceId ? submission : null };
}
