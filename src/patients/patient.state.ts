import type { ExternalServiceRecorded, InitiatingVisitRecorded, PatientEnrolled } from './patient.events';
import type { PatientEvent } from '../patient-stream/patient-event';

/** The patients slice's parts of the PatientRecord, with their evolve functions. Plain JSON, no Maps or Dates. */

type WithoutIds<T> = Omit<T, 'patientId' | 'practiceId'>;

export type EnrollmentState = PatientEnrolled['data'];

export type ConditionState = {
  icd10: string;
  description: string;
  onset: string | null;
  expectedDurationMonths: number;
  placesAtSignificantRisk: boolean;
  recordedOn: string;
  active: boolean;
  resolvedOn: string | null;
  resolutionReason: string | null;
};

export type InitiatingVisitState = WithoutIds<InitiatingVisitRecorded['data']>;
export type ExternalServiceState = WithoutIds<ExternalServiceRecorded['data']>;

export function evolveEnrollment(enrollment: EnrollmentState | null, event: PatientEvent): EnrollmentState | null {
  switch (event.type) {
    case 'PatientEnrolled':
      return event.data;
    case 'BillingPractitionerChanged':
      return enrollment && { ...enrollment, billingPractitioner: event.data.billingPractitioner };
    case 'PatientDetailsUpdated': {
      // The EHR corrected the identity of an enrolled patient (enrolment slice).
      const { name, birthDate, medicareId } = event.data;
      return enrollment && { ...enrollment, name, birthDate, medicareId };
    }
    default:
      return enrollment;
  }
}

/** Oldest first; a condition resolved and later recorded again appears twice (two episodes). */
export function evolveConditions(conditions: ConditionState[], event: PatientEvent): ConditionState[] {
  switch (event.type) {
    case 'ChronicConditionRecorded': {
      const { icd10, description, onset, expectedDurationMonths, placesAtSignificantRisk, recordedOn } = event.data;
      const recorded: ConditionState = {
        icd10,
        description,
        onset,
        expectedDurationMonths,
        placesAtSignificantRisk,
        recordedOn,
        active: true,
        resolvedOn: null,
        resolutionReason: null,
      };
      return [...conditions, recorded];
    }
    case 'ChronicConditionResolved': {
      const { icd10, resolvedOn, reason } = event.data;
      return conditions.map((condition) =>
        condition.active && condition.icd10 === icd10 ? { ...condition, active: false, resolvedOn, resolutionReason: reason } : condition,
      );
    }
    default:
      return conditions;
  }
}

export const activeCondition = (conditions: readonly ConditionState[], icd10: string): ConditionState | undefined =>
  conditions.find((condition) => condition.active && condition.icd10 === icd10);

export function evolveInitiatingVisits(visits: InitiatingVisitState[], event: PatientEvent): InitiatingVisitState[] {
  if (event.type !== 'InitiatingVisitRecorded') return visits;
  const { visitDate, practitioner, kind } = event.data;
  return [...visits, { visitDate, practitioner, kind }];
}

export function evolveExternalServices(services: ExternalServiceState[], event: PatientEvent): ExternalServiceState[] {
  if (event.type !== 'ExternalServiceRecorded') return services;
  const { patientId: _patient, practiceId: _practice, ...service } = event.data;
  return [...services, service];
}
