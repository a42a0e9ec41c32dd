import type { Role } from '../auth/actor';

/**
 * Who may read evidence packets (the packet, its PDF and its FHIR bundle):
 * - BILLING, COMPLIANCE_OFFICER and ADMIN of the patient's practice, for any month (before submitting a claim, to
 *   check what the payer will see; afterwards, to answer an audit);
 * - PAYER, only for patient-months whose claim was submitted to its payerId (access/evidence-access.ts);
 * - CARE_MANAGER and PRACTITIONER are FORBIDDEN: they read the care record itself, the packet is a billing document.
 */
export const EVIDENCE_PRACTICE_READERS: Role[] = ['BILLING', 'COMPLIANCE_OFFICER', 'ADMIN'];
export const EVIDENCE_READERS: Role[] = [...EVIDENCE_PRACTICE_READERS, 'PAYER'];
/** A payer's reviewers list the patient-months submitted to their payer (the console's Claims screen). */
export const PAYER_CLAIM_READERS: Role[] = ['PAYER'];
