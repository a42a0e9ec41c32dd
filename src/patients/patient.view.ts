import { toCarePlanView, type CarePlanView } from '../care-plans/care-plan.view';
import { consentCovers, toConsentViews, type ConsentView } from '../consent/consent.view';
import { currentMedications, toReconciliationView, type MedicationReconciliationView, type MedicationView } from '../medications/medication.view';
import type { StaffCredential } from '../practice/staff-credential';
import { eligibilityOf, type Eligibility } from './eligibility';
import type { PatientRecord } from '../patient-stream/patient-record';
import type { ConditionState, EnrollmentState, ExternalServiceState } from './patient.state';

type ConditionView = Pick<ConditionState, 'icd10' | 'description' | 'onset' | 'expectedDurationMonths' | 'placesAtSignificantRisk' | 'active' | 'resolvedOn'>;
interface InitiatingVisitView { visitDate: string; practitionerId: string; credential: StaffCredential; kind: string }

/**
 * GraphQL `Patient`, mapped from a PatientRecord by `toPatientView` alone: the read model's stored record and a
 * record folded "as of" an instant go through the same function. `record` is not a GraphQL field; field
 * resolvers (activities by month) read it.
 */
export type PatientView = Pick<EnrollmentState, 'practiceId' | 'name' | 'birthDate' | 'medicareId' | 'payerId' | 'program' | 'enrolledOn' | 'qmb'> & {
  id: string;
  /** null when not captured at enrolment. */
  sex: NonNullable<EnrollmentState['sex']> | null;
  address: NonNullable<EnrollmentState['address']> | null;
  billingPractitionerId: string;
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
  version: number;
  record: EnrolledPatientRecord;
};

export type EnrolledPatientRecord = PatientRecord & { enrollment: EnrollmentState };

export const isEnrolled = (record: PatientRecord): record is EnrolledPatientRecord => record.enrollment !== null;

export const patientEligibility = ({ enrollment, conditions }: EnrolledPatientRecord): Eligibility =>
  eligibilityOf(enrollment.program, enrollment.qmb, conditions);

/** A consent covers the patient now (see consentCovers). */
export function patientConsented({ enrollment, consents }: EnrolledPatientRecord): boolean {
  const latest = consents[consents.length - 1];
  return latest !== undefined && consentCovers(consents, latest, enrollment.billingPractitioner.staffId);
}

export function toPatientView(record: EnrolledPatientRecord, version: number): PatientView {
  const { enrollment } = record;
  const billingPractitionerId = enrollment.billingPractitioner.staffId;
  const consentHistory = toConsentViews(record.consents, billingPractitionerId);
  const visitDates = record.initiatingVisits.map((visit) => visit.visitDate).sort();
  return {
    id: enrollment.patientId,
    practiceId: enrollment.practiceId,
    name: enrollment.name,
    birthDate: enrollment.birthDate,
    sex: enrollment.sex ?? null,
    address: enrollment.address ?? null,
    medicareId: enrollment.medicareId,
    payerId: enrollment.payerId,
    program: enrollment.program,
    enrolledOn: enrollment.enrolledOn,
    qmb: enrollment.qmb,
    billingPractitionerId,
    lastInitiatingVisit: visitDates[visitDates.length - 1] ?? null,
    conditions: record.conditions.map(({ icd10, description, onset, expectedDurationMonths, placesAtSignificantRisk, active, resolvedOn }) => ({
      icd10, description, onset, expectedDurationMonths, placesAtSignificantRisk, active, resolvedOn,
    })),
    eligibility: patientEligibility(record),
    consent: consentHistory[consentHistory.length - 1] ?? null,
    consentHistory,
    carePlan: toCarePlanView(record.carePlan),
    medications: currentMedications(record.medicationReconciliations),
    medicationReconciliations: record.medicationReconciliations.map((reconciliation) => toReconciliationView(enrollment.patientId, reconciliation)),
    initiatingVisits: record.initiatingVisits.map(({ visitDate, practitioner, kind }) => ({ visitDate, practitionerId: practitioner.staffId, credential: practitioner.credential, kind })),
    externalServices: record.externalServices,
    version,
    record,
  };
}
