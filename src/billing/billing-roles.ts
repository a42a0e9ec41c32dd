import type { Role } from '../auth/actor';

/**
 * Who may do what with billing (one place, so the rule is read and changed here):
 * - a whole month (every patient's codes and money) is read by BILLING, ADMIN and COMPLIANCE_OFFICER;
 * - one patient's month, and its live `billingProgress`, is also read by PRACTITIONER and CARE_MANAGER: they read
 *   the whole care record of their practice's patients anyway (care-record-roles.ts) and need "how many minutes to
 *   the next code" while they work; CareLedger has no care-team assignment narrower than the practice;
 * - closing a month, submitting claims and exporting them are BILLING's;
 * - PAYER never reads here (payers see evidence packets of claims submitted to them, nothing else).
 */
export const BILLING_MONTH_READERS: Role[] = ['BILLING', 'ADMIN', 'COMPLIANCE_OFFICER'];
export const PATIENT_BILLING_READERS: Role[] = [...BILLING_MONTH_READERS, 'PRACTITIONER', 'CARE_MANAGER'];
export const BILLING_WRITERS: Role[] = ['BILLING'];
