import type { RecordedEvent } from '../../event-store/event-store.port';
import { lastDayOfMonth } from '../../kernel/calendar';
import type { InitiatingVisitEvidence } from './evidence-packet';
import { eventsOfType } from './recorded-events';

/**
 * The initiating visit behind the month: the latest visit on or before the month's last day by the month's billing
 * practitioner (who must have seen the patient, ccm-rules §2 NO_INITIATING_VISIT), or, without one, the latest by
 * anyone, so the reviewer sees what there is. Null when no visit was recorded by then.
 */
export function initiatingVisitFor(events: readonly RecordedEvent[], month: string, billingPractitionerId: string): InitiatingVisitEvidence | null {
  const last = lastDayOfMonth(month);
  const visits = eventsOfType(events, 'InitiatingVisitRecorded')
    .filter(({ event }) => event.data.visitDate <= last)
    .sort((a, b) => (a.event.data.visitDate < b.event.data.visitDate ? -1 : a.event.data.visitDate > b.event.data.visitDate ? 1 : 0));
  const byBiller = visits.filter(({ event }) => event.data.practitioner.staffId === billingPractitionerId);
  const chosen = (byBiller.length > 0 ? byBiller : visits).at(-1);
  if (!chosen) return null;
  const { visitDate, kind, practitioner } = chosen.event.data;
  return { visitDate, kind, practitioner, eventId: chosen.recorded.id };
}
