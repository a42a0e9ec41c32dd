import type { DomainEvent } from '../kernel/decider';

/**
 * Events of the enrolment slice, on the patient's stream `patient-<uuid>`: a patient known to the practice before
 * any enrolment (by hand or from the EHR), coverage verifications, declines, unenrolments, and the problem-list
 * and medication facts imported from the EHR. Each names its patient and practice.
 */

export const ENROLLMENT_STATUSES = ['IDENTIFIED', 'ENROLLED', 'DECLINED', 'UNENROLLED', 'INELIGIBLE'] as const;
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number];

export const DECLINE_REASONS = ['COST_SHARING', 'NOT_INTERESTED', 'ALREADY_RECEIVING_CARE_MANAGEMENT', 'UNREACHABLE', 'OTHER'] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

export const UNENROLL_REASONS = ['PATIENT_REQUEST', 'MOVED', 'DECEASED', 'HOSPICE', 'CHANGED_PRACTICE', 'NO_LONGER_ELIGIBLE', 'OTHER'] as const;
export type UnenrollReason = (typeof UNENROLL_REASONS)[number];

/** FHIR Condition.clinicalStatus (http://terminology.hl7.org/CodeSystem/condition-clinical). */
export const CONDITION_CLINICAL_STATUSES = ['active', 'recurrence', 'relapse', 'inactive', 'remission', 'resolved'] as const;
export type ConditionClinicalStatus = (typeof CONDITION_CLINICAL_STATUSES)[number];

/** US Core Condition categories: a problem-list item or a health concern. */
export type ConditionCategory = 'problem-list-item' | 'health-concern';

/** An identifier the EHR gives its patient (e.g. a medical record number), as FHIR Identifier system and value. */
export type EhrIdentifier = { system: string; value: string };

/** Where an imported fact came from: which import, by whom, which file, which resource (and line of an NDJSON file). */
export type ImportProvenance = {
  importId: string;
  importedBy: string;
  file: string | null;
  resourceType: string;
  resourceId: string;
  line: number | null;
};

type PatientEventData<Data> = { patientId: string; practiceId: string } & Data;

/** Identity details of a patient known to the practice (IDENTIFIED), not enrolled in any program yet. */
export type PatientDetails = {
  name: string;
  birthDate: string;
  /** Medicare Beneficiary Identifier, upper case without dashes. */
  medicareId: string | null;
  payerId: string | null;
  /** The EHR's identifier and FHIR id of the patient, when it came from the EHR. */
  ehrIdentifier: EhrIdentifier | null;
  ehrPatientId: string | null;
};

export type PatientRegistered = DomainEvent<
  'PatientRegistered',
  PatientEventData<
    PatientDetails & {
      registeredOn: string;
      provenance: ImportProvenance | null;
    }
  >
>;

/** The EHR sent other identity details for a known patient; the event carries the full new details. */
export type PatientDetailsUpdated = DomainEvent<
  'PatientDetailsUpdated',
  PatientEventData<
    PatientDetails & {
      provenance: ImportProvenance | null;
    }
  >
>;

export type CoverageVerified = DomainEvent<
  'CoverageVerified',
  PatientEventData<{
    verifiedAt: string;
    source: string;
    partB: boolean;
    medicareAdvantagePlan: string | null;
    /** A secondary coverage (Medigap, Medicaid) pays the patient's cost sharing; null when not known. */
    secondaryCoversCostSharing: boolean | null;
    qmb: boolean;
    provenance: ImportProvenance | null;
  }>
>;

export type EnrollmentDeclined = DomainEvent<
  'EnrollmentDeclined',
  PatientEventData<{
    declinedAt: string;
    reason: DeclineReason;
    note: string | null;
  }>
>;

/** From `effectiveOn` (a day in the practice's zone) the patient is no longer in the program. */
export type PatientUnenrolled = DomainEvent<
  'PatientUnenrolled',
  PatientEventData<{
    effectiveOn: string;
    reason: UnenrollReason;
    note: string | null;
  }>
>;

/** A Condition of the EHR's problem list or health concerns, as the EHR last sent it (keyed by its FHIR id). */
export type EhrConditionImported = DomainEvent<
  'EhrConditionImported',
  PatientEventData<{
    conditionId: string;
    icd10: string;
    description: string;
    clinicalStatus: ConditionClinicalStatus;
    categories: ConditionCategory[];
    onset: string | null;
    abatement: string | null;
    /** Chronicity from the cited ICD-10-CM classification (chronic-conditions.ts), with the category it matched. */
    chronic: boolean;
    chronicCategory: string | null;
    provenance: ImportProvenance;
  }>
>;

/** A MedicationStatement or MedicationRequest of the EHR, as last sent (keyed by resource type and FHIR id). */
export type EhrMedicationImported = DomainEvent<
  'EhrMedicationImported',
  PatientEventData<{
    medicationId: string;
    resourceType: 'MedicationStatement' | 'MedicationRequest';
    rxnorm: string | null;
    description: string;
    status: string;
    assertedOn: string | null;
    provenance: ImportProvenance;
  }>
>;

export type EnrolmentEvent =
  PatientRegistered | PatientDetailsUpdated | CoverageVerified | EnrollmentDeclined | PatientUnenrolled | EhrConditionImported | EhrMedicationImported;

export const ENROLMENT_EVENT_TYPES: EnrolmentEvent['type'][] = [
  'PatientRegistered',
  'PatientDetailsUpdated',
  'CoverageVerified',
  'EnrollmentDeclined',
  'PatientUnenrolled',
  'EhrConditionImported',
  'EhrMedicationImported',
];
