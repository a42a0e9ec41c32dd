import { carePlanContentOf } from '../../care-plans/care-plan.events';
import { evolveCarePlan, type CarePlanState } from '../../care-plans/care-plan.state';
import type { RecordedEvent } from '../../event-store/event-store.port';
import type { PatientEvent } from '../../patient-stream/patient-event';
import type { CarePlanEvidence } from './evidence-packet';
import { eventsOfType } from './recorded-events';

/** Valid time of a care-plan event: when the plan (or revision) took effect, or when the copy was given. */
function validTimeOf(event: Extract<PatientEvent, { type: 'CarePlanCreated' | 'CarePlanRevised' | 'CarePlanSharedWithPatient' }>): number {
  return Date.parse(event.type === 'CarePlanSharedWithPatient' ? event.data.sharedAt : event.data.effectiveAt);
}

/**
 * The care plan in force at the end of the month: the care-plan slice's fold of the creations, revisions and shares
 * that had taken effect by then (valid time), so a revision agreed in April does not show in March's evidence even
 * though it is in the record now. Each revision and share keeps the event it came from.
 */
export function carePlanInForce(events: readonly RecordedEvent[], monthEnd: Date): CarePlanEvidence | null {
  let plan: CarePlanState | null = null;
  let created: RecordedEvent | null = null;
  let revisionEvents: RecordedEvent[] = [];
  let shareEvents: RecordedEvent[] = [];
  for (const { recorded, event } of eventsOfType(events, 'CarePlanCreated', 'CarePlanRevised', 'CarePlanSharedWithPatient')) {
    if (validTimeOf(event) >= monthEnd.getTime()) continue;
    if (event.type === 'CarePlanCreated') [created, revisionEvents, shareEvents] = [recorded, [], []];
    // evolveCarePlan ignores revisions and shares of a plan that does not exist (yet).
    else if (plan && event.type === 'CarePlanRevised') revisionEvents.push(recorded);
    else if (plan) shareEvents.push(recorded);
    plan = evolveCarePlan(plan, event);
  }
  if (!plan || !created) return null;
  return {
    version: plan.version,
    ...carePlanContentOf(plan),
    effectiveAt: plan.effectiveAt,
    lastRevisedAt: plan.lastRevisedAt,
    createdBy: plan.createdBy,
    revisions: plan.revisions.map((revision, index) => ({
      version: revision.version,
      effectiveAt: revision.effectiveAt,
      substantial: revision.substantial,
      reason: revision.reason,
      revisedBy: revision.revisedBy,
      changed: revision.changed,
      eventId: revisionEvents[index].id,
    })),
    shares: plan.shares.map((share, index) => ({ ...share, eventId: shareEvents[index].id })),
    eventIds: [created, ...revisionEvents, ...shareEvents].map((event) => event.id),
  };
}
