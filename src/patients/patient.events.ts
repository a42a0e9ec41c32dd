import type { DomainEvent } from '../kernel/decider';
import type { StaffSnapshot } from '../patient-stream/practice-context';

/** Stream `patient-<uuid>`: the patient's whole care record (architecture decision 3). No PHI in the name. */
export const patientStream = (patientId: string) => `patient-${patientId}`;

export const PROGRAMS = ['CCM', 'PCM', 'APCM'] as const;
export type Program = (typeof PROGRAMS)[number];

export const INITIATING_VISIT_KINDS = ['E/M', 'AWV', 'IPPE', 'TCM'] as const;
export type InitiatingVisitKind = (typeof INITIATING_VISIT_KINDS)[number];

/** Every patient event names its patient and practice, so each one is self-contained for an auditor. */
type PatientEventData<Data> = { patientId: string; practiceId: string } & Data;

/** Administrative sex as enrolment records it: claims carry it (CMS-1500 box 3; 837P DMG03: F, M, U) and FHIR Patient.gender shows it. */
export const PATIENT_SEXES = ['FEMALE', 'MALE', 'UNKNOWN'] as const;
export type PatientSex = (typeof PATIENT_SEXES)[number];

/** The patient's postal address (CMS-1500 box 5; 837P N3/N4): US state code, ZIP or ZIP+4. */
export type PostalAddress = { line1: string; line2: string | null; city: string; state: string; postalCode: string };

export type PatientEnrolled = DomainEvent<
  'PatientEnrolled',
  PatientEventData<{
    name: string;
    birthDate: string;
    /** When known; absent in enrolments recorded before it was captured. */
    sex?: PatientSex | null;
    /** When known; absent in enrolments recorded before it was captured. */
    address?: PostalAddress | null;
    /** Medicare Beneficiary Identifier, upper case without dashes. */
    medicareId: string | null;
    payerId: string | null;
    program: Program;
    qmb: boolean;
    billingPractitioner: StaffSnapshot;
    enrolledOn: string;
  }>
>;

export type BillingPractitionerChanged = DomainEvent<
  'BillingPractitionerChanged',
  PatientEventData<{
    billingPractitioner: StaffSnapshot;
    previousBillingPractitionerId: string;
    reason: string;
  }>
>;

export type ChronicConditionRecorded = DomainEvent<
  'ChronicConditionRecorded',
  PatientEventData<{
    icd10: string;
    description: string;
    onset: string | null;
    expectedDurationMonths: number;
    placesAtSignificantRisk: boolean;
    /** Day it was recorded in the practice's zone: a condition without onset counts from then (ccm-rules §2). */
    recordedOn: string;
  }>
>;

export type ChronicConditionResolved = DomainEvent<
  'ChronicConditionResolved',
  PatientEventData<{
    icd10: string;
    resolvedOn: string;
    reason: string;
  }>
>;

export type InitiatingVisitRecorded = DomainEvent<
  'InitiatingVisitRecorded',
  PatientEventData<{
    visitDate: string;
    practitioner: StaffSnapshot;
    kind: InitiatingVisitKind;
  }>
>;

export type ExternalServiceRecorded = DomainEvent<
  'ExternalServiceRecorded',
  PatientEventData<{
    serviceDate: string;
    cptCode: string;
    billedByNpi: string;
    /** Whether the NPI was the patient's billing practitioner's when recorded (duplicate-biller and conflict rules). */
    billedByBillingPractitioner: boolean;
    minutes: number | null;
    /**
     * When the service began and ended (valid time), if recorded: a face-to-face visit or an inpatient stay sets that
     * time apart from care-management minutes (ccm-rules.md §1). Absent in events recorded before these fields.
     */
    startedAt?: string | null;
    endedAt?: string | null;
  }>
>;

export type PatientFactEvent =
  PatientEnrolled | BillingPractitionerChanged | ChronicConditionRecorded | ChronicConditionResolved | InitiatingVisitRecorded | ExternalServiceRecorded;

export const PATIENT_FACT_EVENT_TYPES: PatientFactEvent['type'][] = [
  'PatientEnrolled',
  'BillingPractitionerChanged',
  'ChronicConditionRecorded',
  'ChronicConditionResolved',
  'InitiatingVisitRecorded',
  'ExternalServiceRecorded',
];
