import type { RecordedEvent } from '../../event-store/event-store.port';
import type { ReconciliationEvidence } from './evidence-packet';
import { eventsOfType, recordedAtOf } from './recorded-events';

/** The medication reconciliations done in the month (practice zone), oldest first, each with its complete list. */
export function reconciliationsIn(events: readonly RecordedEvent[], month: string): ReconciliationEvidence[] {
  return eventsOfType(events, 'MedicationReconciled')
    .filter(({ event }) => event.data.month === month)
    .sort((a, b) => Date.parse(a.event.data.reconciledAt) - Date.parse(b.event.data.reconciledAt))
    .map(({ recorded, event }) => {
      const { reconciliationId, reconciledAt, performer, medications, discrepancies, minutes } = event.data;
      return { id: reconciliationId, reconciledAt, performer, medications, discrepancies, minutes, recordedAt: recordedAtOf(recorded), eventId: recorded.id };
    });
}
