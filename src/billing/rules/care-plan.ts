/**
 * NO_CARE_PLAN and CARE_PLAN_NOT_SHARED (ccm-rules.md §2; CMS MLN909188, Noridian Q&A 2017, MAC NGS), and the
 * care-plan half of complex CCM: a comprehensive care plan established, implemented, revised or monitored that month
 * (ccm-rules.md §1; CPT descriptor since 2021, adopted by CMS). A valid plan in force for the month is the plan the
 * month's care management implements and monitors (policies.ts), so no revision is needed.
 */
import { monthOf, parseInstant } from '../../kernel/calendar';
import type { RuleSet } from './rule-set';
import type { Blocker, PatientMonthFacts } from './types';

export interface CarePlanAssessment {
  blockers: Blocker[];
  /** A valid comprehensive plan is in force for the month: it is implemented and monitored by its care management. */
  inForceForMonth: boolean;
}

export function assessCarePlan(facts: PatientMonthFacts, rules: RuleSet): CarePlanAssessment {
  const plan = facts.carePlan;
  if (!plan) return { blockers: ['NO_CARE_PLAN'], inForceForMonth: false };
  const monthOfInstant = (instant: string, field: string) => monthOf(parseInstant(instant, field), facts.timeZone);

  const effectiveMonth = monthOfInstant(plan.effectiveAt, 'carePlan.effectiveAt');
  // In force by the end of the month, created by a practitioner (nurses may revise, not create), complete.
  const valid = effectiveMonth <= facts.month && rules.carePlan.creatorCredentials.includes(plan.creatorCredential) && plan.allRequiredElementsPresent;
  // A copy given to the patient by the end of the month.
  const shared = plan.sharedWithPatientAt !== null && monthOfInstant(plan.sharedWithPatientAt, 'carePlan.sharedWithPatientAt') <= facts.month;

  const blockers: Blocker[] = [];
  if (!valid) blockers.push('NO_CARE_PLAN');
  if (!shared) blockers.push('CARE_PLAN_NOT_SHARED');
  for (const revision of plan.revisions) monthOfInstant(revision.effectiveAt, 'carePlan.revisions.effectiveAt');
  return { blockers, inForceForMonth: valid };
}
