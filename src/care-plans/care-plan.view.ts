import type { StaffCredential } from '../practice/staff-credential';
import { carePlanContentOf } from './care-plan.events';
import type { CarePlanState } from './care-plan.state';

export interface CarePlanRevisionView {
  version: number;
  effectiveAt: string;
  substantial: boolean;
  reason: string;
  revisedBy: string;
  credential: StaffCredential;
  changed: string[];
}

/** GraphQL `CarePlan`: the version in force, who created and revised it, and when the patient got a copy. */
export interface CarePlanView {
  version: number;
  problems: string[];
  expectedOutcomes: string;
  goals: string[];
  symptomManagement: string;
  interventions: string[];
  medicationManagement: string;
  communityResources: string | null;
  coordinationNotes: string | null;
  reviewBy: string;
  effectiveAt: string;
  createdBy: string;
  lastRevisedAt: string;
  sharedWithPatientAt: string | null;
  sharedVersion: number | null;
  revisions: CarePlanRevisionView[];
}

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
      version, effectiveAt, substantial, reason, revisedBy: revisedBy.staffId, credential: revisedBy.credential, changed,
    })),
  };
}
