import { CARE_ACTIVITY_EVENT_TYPES, type CareActivityEvent } from '../care-activities/care-activity.events';
import { CARE_PLAN_EVENT_TYPES, type CarePlanEvent } from '../care-plans/care-plan.events';
import { CARE_TEAM_EVENT_TYPES, type CareTeamEvent } from '../care-team/care-team.events';
import { CONSENT_EVENT_TYPES, type ConsentEvent } from '../consent/consent.events';
import { ENROLMENT_EVENT_TYPES, type EnrolmentEvent } from '../enrolment/enrolment.events';
import { MEDICATION_EVENT_TYPES, type MedicationEvent } from '../medications/medication.events';
import { PATIENT_FACT_EVENT_TYPES, type PatientFactEvent } from '../patients/patient.events';

/**
 * Every event of a `patient-<uuid>` stream. This module imports only the slices' event modules, so a slice's state
 * can fold patient events without depending on the record that folds the slices' states.
 */
export type PatientEvent = PatientFactEvent | ConsentEvent | CarePlanEvent | CareActivityEvent | MedicationEvent | CareTeamEvent | EnrolmentEvent;

export const PATIENT_EVENT_TYPES: ReadonlySet<string> = new Set<string>([
  ...PATIENT_FACT_EVENT_TYPES,
  ...CONSENT_EVENT_TYPES,
  ...CARE_PLAN_EVENT_TYPES,
  ...CARE_ACTIVITY_EVENT_TYPES,
  ...MEDICATION_EVENT_TYPES,
  ...CARE_TEAM_EVENT_TYPES,
  ...ENROLMENT_EVENT_TYPES,
]);
