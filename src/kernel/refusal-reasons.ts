/**
 * Why a command or request was refused with PRECONDITION_FAILED: the input is well formed, the state of the record
 * forbids it. Sent as `extensions.reason` beside `extensions.code`, and listed as `enum RefusalReason` in
 * schema.graphql so clients can switch on it (refusal-reasons.spec keeps the two equal). Add reasons; never rename
 * or reuse one, clients match on them.
 */
export const REFUSAL_REASONS = [
  // The practice and its staff registry
  'PRACTICE_NOT_CONFIGURED',
  'STAFF_ALREADY_REGISTERED',
  'STAFF_NOT_REGISTERED',
  'STAFF_INACTIVE',
  'NOT_A_PRACTITIONER',
  'NOT_CLINICAL_STAFF',
  // The care record
  'PATIENT_ID_IN_USE',
  'CONDITION_ALREADY_ACTIVE',
  'CONDITION_NOT_ACTIVE',
  'CONSENT_ALREADY_IN_FORCE',
  'NO_CONSENT_IN_FORCE',
  'CARE_PLAN_EXISTS',
  'NO_CARE_PLAN',
  'ACTIVITY_ID_IN_USE',
  'ACTIVITY_VOIDED',
  'AUTHOR_NOT_REGISTERED',
  'AUTHOR_INACTIVE',
  'BENEFICIARY_ALREADY_ENROLLED',
  'NOT_THE_PERFORMER',
  'NOT_AWAITING_ATTESTATION',
  // Billing months and claims
  'MONTH_NOT_ENDED',
  'MONTH_ALREADY_CLOSED',
  'MONTH_NOT_CLOSED',
  'NOT_IN_CLOSED_MONTH',
  'NOT_CLAIM_READY',
  'AMENDED_NOT_CLAIM_READY',
  'CLAIM_ALREADY_SUBMITTED',
  'CLAIM_DATA_MISSING',
  'PAYER_MISMATCH',
  'PROVISIONAL_RULES_NOT_ACKNOWLEDGED',
  // Evidence
  'AUDIT_TRAIL_BROKEN',
  'PACKET_SUPERSEDED',
  // Ledger
  'LEDGER_INCONSISTENT',
  'LEDGER_MISMATCH',
  // Payers' documentation requests
  'DOCUMENTATION_REQUEST_ID_IN_USE',
  'CLAIM_NOT_SUBMITTED',
  'DOCUMENTATION_REQUEST_ANSWERED',
  // Running the program: care team, tasks, on-call coverage
  'CARE_TEAM_MEMBER_ID_IN_USE',
  'TASK_ID_IN_USE',
  'TASK_CANCELLED',
  'TASK_ALREADY_DONE',
  'SHIFT_ID_IN_USE',
  'SHIFT_OVERLAPS',
  'NOBODY_ON_CALL',
  // Enrolment
  'PATIENT_ENROLLED',
  'PATIENT_NOT_ENROLLED',
] as const;

export type RefusalReason = (typeof REFUSAL_REASONS)[number];
