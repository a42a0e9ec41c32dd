import type { DomainEvent } from '../kernel/decider';
import type { StaffSnapshot } from '../patient-stream/practice-context';

/**
 * The elements of a comprehensive care plan (ccm-rules §2 NO_CARE_PLAN; CMS MLN909188). Community resources and
 * coordination notes may be empty when there is nothing to coordinate; every other element is required.
 */
export type CarePlanContent = {
  problems: string[];
  expectedOutcomes: string;
  goals: string[];
  symptomManagement: string;
  interventions: string[];
  medicationManagement: string;
  communityResources: string | null;
  coordinationNotes: string | null;
  reviewBy: string;
};

export const CARE_PLAN_ELEMENTS: readonly (keyof CarePlanContent)[] = [
  'problems',
  'expectedOutcomes',
  'goals',
  'symptomManagement',
  'interventions',
  'medicationManagement',
  'communityResources',
  'coordinationNotes',
  'reviewBy',
];

/** The elements a plan must fill to count as comprehensive (billing reads them for NO_CARE_PLAN). */
export const REQUIRED_CARE_PLAN_ELEMENTS: readonly (keyof CarePlanContent)[] = CARE_PLAN_ELEMENTS.filter(
  (element) => element !== 'communityResources' && element !== 'coordinationNotes',
);

/** Just the plan's elements, e.g. to show them beside other facts of the plan. */
export const carePlanContentOf = (plan: CarePlanContent): CarePlanContent =>
  Object.fromEntries(CARE_PLAN_ELEMENTS.map((element) => [element, plan[element]])) as CarePlanContent;

/** What a revision changes; null leaves an element as it was. */
export type CarePlanChanges = { [Element in keyof CarePlanContent]: CarePlanContent[Element] | null };

export type CarePlanCreated = DomainEvent<
  'CarePlanCreated',
  {
    patientId: string;
    practiceId: string;
    version: number;
    effectiveAt: string;
    /** Only a practitioner may create the plan; the credential is copied as it was then. */
    createdBy: StaffSnapshot;
  } & CarePlanContent
>;

export type CarePlanRevised = DomainEvent<
  'CarePlanRevised',
  {
    patientId: string;
    practiceId: string;
    version: number;
    /** A substantial revision counts toward complex CCM (99487) in its month. */
    substantial: boolean;
    changes: CarePlanChanges;
    reason: string;
    effectiveAt: string;
    revisedBy: StaffSnapshot;
  }
>;

export type CarePlanSharedWithPatient = DomainEvent<
  'CarePlanSharedWithPatient',
  {
    patientId: string;
    practiceId: string;
    /** The version the patient received. */
    version: number;
    sharedAt: string;
    channel: string;
    sharedBy: string;
  }
>;

export type CarePlanEvent = CarePlanCreated | CarePlanRevised | CarePlanSharedWithPatient;
export const CARE_PLAN_EVENT_TYPES: CarePlanEvent['type'][] = ['CarePlanCreated', 'CarePlanRevised', 'CarePlanSharedWithPatient'];
