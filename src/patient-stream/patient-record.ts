import { evolveCareActivities, type CareActivityState } from '../care-activities/care-activity.state';
import { evolveCarePlan, type CarePlanState } from '../care-plans/care-plan.state';
import { evolveConsents, type ConsentState } from '../consent/consent.state';
import { evolveCareTeam, initialCareTeam, type CareTeamState } from '../care-team/care-team.state';
import { evolveIntake, initialIntake, type IntakeState } from '../enrolment/enrolment.state';
import { evolveMedicationReconciliations, type MedicationReconciliationState } from '../medications/medication.state';
import { PATIENT_EVENT_TYPES, type PatientEvent } from './patient-event';
import {
  evolveConditions,
  evolveEnrollment,
  evolveExternalServices,
  evolveInitiatingVisits,
  type ConditionState,
  type EnrollmentState,
  type ExternalServiceState,
  type InitiatingVisitState,
} from '../patients/patient.state';

/**
 * The one state of a patient's stream, folded by every slice's decider and stored as JSON by the patients read
 * model. Plain JSON values only (no Maps, Dates or undefined), so the stored copy equals the fold and a record
 * "as of" an instant can be rebuilt with this same code. Each part belongs to the slice that evolves it.
 */
export type PatientRecord = {
  /**
   * null until PatientEnrolled; it names the patient and the practice (tenant) the record belongs to. A patient
   * registered before enrolment is named by `intake.registration` until then.
   */
  enrollment: EnrollmentState | null;
  conditions: ConditionState[];
  initiatingVisits: InitiatingVisitState[];
  externalServices: ExternalServiceState[];
  consents: ConsentState[];
  carePlan: CarePlanState | null;
  activities: CareActivityState[];
  medicationReconciliations: MedicationReconciliationState[];
  careTeam: CareTeamState;
  /** Registration before enrolment, coverage, declines, unenrolment and what the EHR sent (enrolment slice). */
  intake: IntakeState;
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
  careTeam: initialCareTeam(),
  intake: initialIntake(),
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
    careTeam: evolveCareTeam(state.careTeam, event),
    intake: evolveIntake(state.intake, event),
  };
}
