import { toCarePlanView, type CarePlanView } from '../care-plans/care-plan.view';
import { consentCovers, toConsentViews, type ConsentView } from '../consent/consent.view';
import { currentMedications, toReconciliationView, type MedicationReconciliationView, type MedicationView } from '../medications/medication.view';
import type { StaffCredential } from '../practice/staff-credential';
import { eligibilityOf, type Eligibility } from './eligibility';
import { candidateEligibility } from '../enrolment/candidates/candidate-assessment';
import type { EnrollmentStatus } from '../enrolment/enrolment.events';
import { latestCoverage, type CoverageState, type EhrConditionState } from '../enrolment/enrolment.state';
import { enrollmentStatusOf, patientIdentity } from '../enrolment/enrollment-status';
import type { PatientRecord } from '../patient-stream/patient-record';
import type { ConditionState, EnrollmentState, ExternalServiceState } from './patient.state';

type ConditionView = Pick<ConditionState, 'icd10' | 'description' | 'onset' | 'expectedDurationMonths' | 'placesAtSignificantRisk' | 'active' | 'resolvedOn'>;
interface InitiatingVisitView {
  visitDate: string;
  practitionerId: string;
  credential: StaffCredential;
  kind: string;
}

/**
 * GraphQL `Patient` (enrolled, or registered before enrolment: IDENTIFIED, DECLINED, INELIGIBLE), mapped from a PatientRecord by `toPatientView` alone: the read model's stored record and a
 * record folded "as of" an instant go through the same function. `record` is not a GraphQL field; field
 * resolvers (activities by month) read it.
 */
export type PatientView = Pick<EnrollmentState, 'practiceId' | 'name' | 'birthDate' | 'medicareId' | 'payerId' | 'program' | 'enrolledOn' | 'qmb'> & {
  id: string;
  /** null when not captured at enrolment. */
  sex: NonNullable<EnrollmentState['sex']> | null;
  address: NonNullable<EnrollmentState['address']> | null;
  billingPractitionerId: string | null;
  lastInitiatingVisit: string | null;
  conditions: ConditionView[];
  eligibility: Eligibility;
  consent: ConsentView | null;
  consentHistory: ConsentView[];
  carePlan: CarePlanView | null;
  medications: MedicationView[];
  medicationReconciliations: MedicationReconciliationView[];
  initiatingVisits: InitiatingVisitView[];
  externalServices: ExternalServiceState[];
  enrollmentStatus: EnrollmentStatus;
  coverage: CoverageState | null;
  ehrConditions: EhrConditionState[];
  version: number;
  record: PatientRecord;
};

export type EnrolledPatientRecord = PatientRecord & { enrollment: EnrollmentState };

export const isEnrolled = (record: PatientRecord): record is EnrolledPatientRecord => record.enrollment !== null;

/** Enrolled, or registered before enrolment. */
export const isKnownPatient = (record: PatientRecord): boolean => patientIdentity(record) !== null;

export const patientEligibility = ({ enrollment, conditions }: EnrolledPatientRecord): Eligibility =>
  eligibilityOf(enrollment.program, enrollment.qmb, conditions);

/** A consent covers the patient now (see consentCovers). */
export function patientConsented({ enrollment, consents }: EnrolledPatientRecord): boolean {
  const latest = consents[consents.length - 1];
  return latest !== undefined && consentCovers(consents, latest, enrollment.billingPractitioner.staffId);
}

/**
 * A patient registered but not enrolled has no program, enrolment date or billing practitioner yet: it is shown
 * as a CCM candidate (the program its eligibility is assessed for), `enrolledOn` is the day it was registered.
 */
export function toPatientView(record: PatientRecord, version: number): PatientView {
  const identity = patientIdentity(record);
  if (!identity) throw new Error('A patient view of a record that names no patient');
  const { enrollment } = record;
  const billingPractitionerId = enrollment?.billingPractitioner.staffId ?? null;
  const consentHistory = billingPractitionerId ? toConsentViews(record.consents, billingPractitionerId) : [];
  const visitDates = record.initiatingVisits.map((visit) => visit.visitDate).sort();
  const coverage = latestCoverage(record.intake);
  return {
    id: identity.patientId,
    practiceId: identity.practiceId,
    name: identity.name,
    birthDate: identity.birthDate,
    sex: enrollment?.sex ?? null,
    address: enrollment?.address ?? null,
    medicareId: identity.medicareId,
    payerId: identity.payerId,
    program: enrollment?.program ?? 'CCM',
    enrolledOn: enrollment?.enrolledOn ?? record.intake.registration!.registeredOn,
    qmb: enrollment?.qmb ?? coverage?.qmb ?? false,
    billingPractitionerId,
    lastInitiatingVisit: visitDates[visitDates.length - 1] ?? null,
    conditions: record.conditions.map(({ icd10, description, onset, expectedDurationMonths, placesAtSignificantRisk, active, resolvedOn }) => ({
      icd10,
      description,
      onset,
      expectedDurationMonths,
      placesAtSignificantRisk,
      active,
      resolvedOn,
    })),
    eligibility: isEnrolled(record) ? patientEligibility(record) : candidateEligibility(record),
    consent: consentHistory[consentHistory.length - 1] ?? null,
    consentHistory,
    carePlan: toCarePlanView(record.carePlan),
    medications: currentMedications(record.medicationReconciliations),
    medicationReconciliations: record.medicationReconciliations.map((reconciliation) => toReconciliationView(identity.patientId, reconciliation)),
    initiatingVisits: record.initiatingVisits.map(({ visitDate, practitioner, kind }) => ({
      visitDate,
      practitionerId: practitioner.staffId,
      credential: practitioner.credential,
      kind,
    })),
    externalServices: record.externalServices,
    enrollmentStatus: enrollmentStatusOf(record),
    coverage,
    ehrConditions: record.intake.ehrConditions,
    version,
    record,
  };
}
