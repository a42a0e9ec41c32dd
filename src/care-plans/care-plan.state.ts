import type { PatientEvent } from '../patient-stream/patient-event';
import type { StaffSnapshot } from '../patient-stream/practice-context';
import type { CarePlanChanges, CarePlanContent, CarePlanRevised, CarePlanSharedWithPatient } from './care-plan.events';

export type CarePlanRevisionState = Omit<CarePlanRevised['data'], 'patientId' | 'practiceId' | 'changes'> & {
  /** Names of the elements the revision changed. */
  changed: string[];
};
export type CarePlanShareState = Omit<CarePlanSharedWithPatient['data'], 'patientId' | 'practiceId'>;

export type CarePlanState = CarePlanContent & {
  version: number;
  effectiveAt: string;
  createdBy: StaffSnapshot;
  /** Valid time of the latest creation or revision. */
  lastRevisedAt: string;
  revisions: CarePlanRevisionState[];
  shares: CarePlanShareState[];
};

const changedElements = (changes: CarePlanChanges) => (Object.keys(changes) as (keyof CarePlanChanges)[]).filter((element) => changes[element] !== null);

function applyChanges(content: CarePlanContent, changes: CarePlanChanges): CarePlanContent {
  const next: Record<string, unknown> = { ...content };
  for (const element of changedElements(changes)) next[element] = changes[element];
  return next as CarePlanContent;
}

export function evolveCarePlan(plan: CarePlanState | null, event: PatientEvent): CarePlanState | null {
  switch (event.type) {
    case 'CarePlanCreated': {
      const { patientId: _patient, practiceId: _practice, ...created } = event.data;
      return { ...created, lastRevisedAt: created.effectiveAt, revisions: [], shares: [] };
    }
    case 'CarePlanRevised': {
      if (!plan) return plan;
      const { version, substantial, changes, reason, effectiveAt, revisedBy } = event.data;
      return {
        ...plan,
        ...applyChanges(plan, changes),
        version,
        lastRevisedAt: effectiveAt,
        revisions: [...plan.revisions, { version, substantial, reason, effectiveAt, revisedBy, changed: changedElements(changes) }],
      };
    }
    case 'CarePlanSharedWithPatient': {
      if (!plan) return plan;
      const { version, sharedAt, channel, sharedBy } = event.data;
      return { ...plan, shares: [...plan.shares, { version, sharedAt, channel, sharedBy }] };
    }
    default:
      return plan;
  }
}
