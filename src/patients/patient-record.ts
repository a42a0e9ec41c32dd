import { CARE_ACTIVITY_EVENT_TYPES, type CareActivityEvent } from '../care-activities/care-activity.events';
import { evolveCareActivities, type CareActivityState } from '../care-activities/care-activity.state';
import { CARE_PLAN_EVENT_TYPES, type CarePlanEvent } from '../care-plans/care-plan.events';
import { evolveCarePlan, type CarePlanState } from '../care-plans/care-plan.state';
import { CONSENT_EVENT_TYPES, type ConsentEvent } from '../consent/consent.events';
import { evolveConsents, type ConsentState } from '../consent/consent.state';
import { MEDICATION_EVENT_TYPES, type MedicationEvent } from '../medications/medication.events';
import { evolveMedicationReconciliations, type MedicationReconciliationState } from '../medications/medication.state';
import { PATIENT_FACT_EVENT_TYPES, type PatientFactEvent } from './patient.events';
import {
  evolveConditions,
  evolveEnrollment,
  evolveExternalServices,
  evolveInitiatingVisits,
  type ConditionState,
  type EnrollmentState,
  type ExternalServiceState,
  type InitiatingVisitState,
} from './patient.state';

/** Every event of a `patient-<uuid>` stream. */
export type PatientEvent = PatientFactEvent | ConsentEvent | CarePlanEvent | CareActivityEvent | MedicationEvent;

export const PATIENT_EVENT_TYPES: ReadonlySet<string> = new Set<string>([
  ...PATIENT_FACT_EVENT_TYPES,
  ...CONSENT_EVENT_TYPES,
  ...CARE_PLAN_EVENT_TYPES,
  ...CARE_ACTIVITY_EVENT_TYPES,
  ...MEDICATION_EVENT_TYPES,
]);

/**
 * The one state of a patient's stream, folded by every slice's decider and stored as JSON by the patients read
 * model. Plain JSON values only (no Maps, Dates or undefined), so the stored copy equals the fold and a record
 * "as of" an instant can be rebuilt with this same code. Each part belongs to the slice that evolves it.
 */
export type PatientRecord = {
  /** null until PatientEnrolled; it names the patient and the practice (tenant) the record belongs to. */
  enrollment: EnrollmentState | null;
  conditions: ConditionState[];
  initiatingVisits: InitiatingVisitState[];
  externalServices: ExternalServiceState[];
  consents: ConsentState[];
  carePlan: CarePlanState | null;
  activities: CareActivityState[];
  medicationReconciliations: MedicationReconciliationState[];
};

export const initialPatientRecord = (): PatientRecord => ({
  enrollment: null,
  conditions: [],
  initiatingVisits: [],
  externalServices: [],
  consents: [],
  carePlan: null,
  activities: [],
  medicationReconciliations: [],
});

export function evolvePatientRecord(state: PatientRecord, event: PatientEvent): PatientRecord {
  if (!PATIENT_EVENT_TYPES.has(event.type)) return state;
  return {
    enrollment: evolveEnrollment(state.enrollment, event),
    conditions: evolveConditions(state.conditions, event),
    initiatingVisits: evolveInitiatingVisits(state.initiatingVisits, event),
    externalServices: evolveExternalServices(state.externalServices, event),
    consents: evolveConsents(state.consents, event),
    carePlan: evolveCarePlan(state.carePlan, event),
    activities: evolveCareActivities(state.activities, event),
    medicationReconciliations: evolveMedicationReconciliations(state.medicationReconciliations, event),
  };
}
