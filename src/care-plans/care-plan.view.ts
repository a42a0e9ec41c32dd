import type { StaffCredential } from '../practice/staff-credential';
import { carePlanContentOf, type CarePlanContent } from './care-plan.events';
import type { CarePlanRevisionState, CarePlanShareState, CarePlanState } from './care-plan.state';

/** A revision as recorded, with its author shown by id and credential. */
export type CarePlanRevisionView = Omit<CarePlanRevisionState, 'revisedBy'> & { revisedBy: string; credential: StaffCredential };

/** GraphQL `CarePlan`: the version in force, who created and revised it, and when the patient got a copy. */
export type CarePlanView = CarePlanContent &
  Pick<CarePlanState, 'version' | 'effectiveAt' | 'lastRevisedAt'> & {
    createdBy: string;
    sharedWithPatientAt: CarePlanShareState['sharedAt'] | null;
    sharedVersion: CarePlanShareState['version'] | null;
    revisions: CarePlanRevisionView[];
  };

export function toCarePlanView(plan: CarePlanState | null): CarePlanView | null {
  if (!plan) return null;
  const lastShare = plan.shares[plan.shares.length - 1];
  return {
    version: plan.version,
    ...carePlanContentOf(plan),
    effectiveAt: plan.effectiveAt,
    createdBy: plan.createdBy.staffId,
    lastRevisedAt: plan.lastRevisedAt,
    sharedWithPatientAt: lastShare?.sharedAt ?? null,
    sharedVersion: lastShare?.version ?? null,
    revisions: plan.revisions.map(({ version, effectiveAt, substantial, reason, revisedBy, changed }) => ({
      version,
      effectiveAt,
      substantial,
      reason,
      revisedBy: revisedBy.staffId,
      credential: revisedBy.credential,
      changed,
    })),
  };
}
