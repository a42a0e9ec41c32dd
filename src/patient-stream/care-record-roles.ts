import { PRACTICE_ROLES, type Role } from '../auth/actor';

/**
 * Who may do what with the care record (one place, so the rule is read and changed in one place):
 * - every practice role reads it; PAYER never does (payers see only evidence of claims submitted to them);
 * - clinical documentation (conditions, consent, care plans, calls, medication reconciliations) is written by
 *   CARE_MANAGER and PRACTITIONER only. Diagnoses drive eligibility and billing, so ADMIN does not record them;
 * - administrative facts (enrolment, billing practitioner, initiating visits and services billed elsewhere, as
 *   the schedule and claims show them) may also be recorded by ADMIN;
 * - BILLING and COMPLIANCE_OFFICER read only.
 */
export const CARE_RECORD_READERS: Role[] = PRACTICE_ROLES;
export const CLINICAL_AUTHORS: Role[] = ['CARE_MANAGER', 'PRACTITIONER'];
export const ADMINISTRATIVE_AUTHORS: Role[] = ['ADMIN', 'CARE_MANAGER', 'PRACTITIONER'];

/**
 * The commands of ADMINISTRATIVE_AUTHORS' mutations. ADMIN may issue them without being on the staff registry
 * (practice managers are not clinical staff); every other care-record write needs an author who is an active
 * registered staff member of the practice (see requireAuthor).
 */
export const ADMINISTRATIVE_COMMANDS: ReadonlySet<string> = new Set([
  'EnrollPatient',
  'ChangeBillingPractitioner',
  'RecordInitiatingVisit',
  'RecordExternalService',
  // Running the program (issue 14): practice managers assign care managers and coordinate teams and tasks.
  'AssignCareManager',
  'AddCareTeamMember',
  'RemoveCareTeamMember',
  'CreateTask',
  'AssignTask',
  'CompleteTask',
  'CancelTask',
  // Enrolment: registration, coverage, declines, unenrolment, and the EHR import (the EHR is the clinical source;
  // "significant risk" stays a practitioner's confirmation).
  'RegisterPatient',
  'ImportEhrPatient',
  'RecordCoverageVerification',
  'DeclineEnrollment',
  'UnenrollPatient',
  'ImportEhrCondition',
  'ImportEhrMedication',
]);
