import { REQUIRED_CARE_PLAN_ELEMENTS, type CarePlanContent } from '../../care-plans/care-plan.events';
import { evolveConsents, type ConsentState } from '../../consent/consent.state';
import type { PatientEvent } from '../../patient-stream/patient-event';
import type { PatientEnrolled, Program } from '../../patients/patient.events';
import {
  evolveConditions,
  evolveExternalServices,
  evolveInitiatingVisits,
  type ConditionState,
  type ExternalServiceState,
  type InitiatingVisitState,
} from '../../patients/patient.state';
import type { StaffSnapshot } from '../../patient-stream/practice-context';
import type { StaffCredential } from '../../practice/staff-credential';
import type { ClaimPatient } from '../month/billing-month.events';

/** From which month (valid time, practice zone) a practitioner bills for the patient. */
export type BillingPractitionerPeriod = { fromMonth: string; practitioner: StaffSnapshot };

/**
 * The care plan as billing needs it: when it was agreed, by whom, whether it is complete, its revisions and when it
 * was shared. The plan's text stays in the care record; billing keeps no copy of it.
 */
export type BillingCarePlan = {
  effectiveAt: string;
  creatorCredential: StaffCredential;
  /** CMS elements that are empty (MLN909188); the plan counts only when none is. */
  missingElements: string[];
  revisions: { effectiveAt: string; substantial: boolean }[];
  /** Valid times at which a copy was given to the patient. */
  sharedAt: string[];
};

/**
 * Everything about one patient that billing needs and that does not belong to a single month: enrollment, the
 * billing practitioners over time, conditions, visits, external services, consents and the care plan. Time entries
 * are kept apart (they are many, and each belongs to one month). Plain JSON: it is stored as such.
 */
export type BillingPatient = {
  patientId: string;
  practiceId: string;
  program: Program;
  qmb: boolean;
  medicareId: string | null;
  payerId: string | null;
  enrolledOn: string;
  billingPractitioners: BillingPractitionerPeriod[];
  conditions: ConditionState[];
  initiatingVisits: InitiatingVisitState[];
  externalServices: ExternalServiceState[];
  consents: ConsentState[];
  carePlan: BillingCarePlan | null;
  /** Who the claims name (CMS-1500 boxes 2, 3, 5); absent in facts stored before claims carried it. */
  claimant?: ClaimPatient;
  /** First day no longer enrolled (unenrolment); absent in facts stored before unenrolment existed. */
  unenrolledFrom?: string | null;
  /** Instants of the coverage verifications, oldest first (absent in facts stored before they existed). */
  coverageVerifications?: string[];
};

const isFilled = (value: unknown) => (Array.isArray(value) ? value.length > 0 : typeof value === 'string' && value.trim() !== '');

function missingAfter(missing: readonly string[], content: Partial<Record<keyof CarePlanContent, unknown>>): string[] {
  const stillMissing = new Set(missing);
  for (const element of REQUIRED_CARE_PLAN_ELEMENTS) {
    const value = content[element];
    // null in a revision leaves the element as it was.
    if (value === null || value === undefined) continue;
    if (isFilled(value)) stillMissing.delete(element);
    else stillMissing.add(element);
  }
  return REQUIRED_CARE_PLAN_ELEMENTS.filter((element) => stillMissing.has(element));
}

export function enrolledPatient(event: PatientEnrolled, coverageVerifications: string[] = []): BillingPatient {
  const { patientId, practiceId, program, qmb, medicareId, payerId, enrolledOn, billingPractitioner, name, birthDate, sex, address } = event.data;
  return {
    patientId,
    practiceId,
    program,
    qmb,
    medicareId,
    payerId,
    enrolledOn,
    billingPractitioners: [{ fromMonth: enrolledOn.slice(0, 7), practitioner: billingPractitioner }],
    conditions: [],
    initiatingVisits: [],
    externalServices: [],
    consents: [],
    carePlan: null,
    claimant: { name, birthDate, sex: sex ?? null, address: address ?? null },
    unenrolledFrom: null,
    coverageVerifications,
  };
}

function evolveCarePlan(plan: BillingCarePlan | null, event: PatientEvent): BillingCarePlan | null {
  switch (event.type) {
    case 'CarePlanCreated':
      return {
        effectiveAt: event.data.effectiveAt,
        creatorCredential: event.data.createdBy.credential,
        missingElements: missingAfter([...REQUIRED_CARE_PLAN_ELEMENTS], event.data),
        revisions: [],
        sharedAt: [],
      };
    case 'CarePlanRevised':
      return (
        plan && {
          ...plan,
          missingElements: missingAfter(plan.missingElements, event.data.changes),
          revisions: [...plan.revisions, { effectiveAt: event.data.effectiveAt, substantial: event.data.substantial }],
        }
      );
    case 'CarePlanSharedWithPatient':
      return plan && { ...plan, sharedAt: [...plan.sharedAt, event.data.sharedAt] };
    default:
      return plan;
  }
}

/**
 * Folds one care-record event into the patient's billing facts. `validMonth` is the month (practice zone) in which
 * the event's fact happened, from its occurredAt: a change of billing practitioner applies from then on.
 * Conditions, visits, external services and consents fold exactly as the care record folds them.
 */
export function evolveBillingPatient(patient: BillingPatient, event: PatientEvent, validMonth: string): BillingPatient {
  switch (event.type) {
    case 'BillingPractitionerChanged':
      return { ...patient, billingPractitioners: [...patient.billingPractitioners, { fromMonth: validMonth, practitioner: event.data.billingPractitioner }] };
    case 'ChronicConditionRecorded':
    case 'ChronicConditionResolved':
      return { ...patient, conditions: evolveConditions(patient.conditions, event) };
    case 'InitiatingVisitRecorded':
      return { ...patient, initiatingVisits: evolveInitiatingVisits(patient.initiatingVisits, event) };
    case 'ExternalServiceRecorded':
      return { ...patient, externalServices: evolveExternalServices(patient.externalServices, event) };
    case 'ConsentGiven':
    case 'ConsentRevoked':
      return { ...patient, consents: evolveConsents(patient.consents, event) };
    case 'CarePlanCreated':
    case 'CarePlanRevised':
    case 'CarePlanSharedWithPatient':
      return { ...patient, carePlan: evolveCarePlan(patient.carePlan, event) };
    case 'PatientUnenrolled':
      return { ...patient, unenrolledFrom: event.data.effectiveOn };
    case 'CoverageVerified':
      return { ...patient, coverageVerifications: [...(patient.coverageVerifications ?? []), event.data.verifiedAt] };
    default:
      return patient;
  }
}

/** The practitioner billing for the patient in a month: the last one whose period started by then. */
export function billingPractitionerIn(patient: BillingPatient, month: string): StaffSnapshot {
  let current = patient.billingPractitioners[0];
  for (const period of patient.billingPractitioners) if (period.fromMonth <= month) current = period;
  return current.practitioner;
}
