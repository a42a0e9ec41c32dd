import { timeSourceOf } from '../../care-activities/care-activity.state';
import type { EventMetadata } from '../../event-store/envelope';
import type { RecordedEvent } from '../../event-store/event-store.port';
import type { PatientEvent } from '../../patient-stream/patient-event';

/**
 * ccm-rules.md §2 LATE_ENTRY: minutes recorded more than 7 days after they happened. The billing rule sets carry the
 * same figure (warnings.lateEntryAfterDays) and, like them, the lag is measured from the end of the activity
 * (occurredAt + minutes), so an auditor sees the flag on exactly the entries that raise the billing warning.
 */
const LATE_ENTRY_AFTER_MS = 7 * 86_400_000;
const MINUTE_MS = 60_000;

export interface TimeEntryFlags {
  /** A time entry recorded more than 7 days after the activity ended. */
  lateEntry: boolean;
  /** Minutes typed in by hand rather than measured by a live timer (timeSourceOf, as the activity and packet say). */
  manualEntry: boolean;
}

/** A time entry is any event whose data carries minutes (CallLogged, CallCorrected, MedicationReconciled with minutes…). */
export function timeEntryFlags(event: RecordedEvent): TimeEntryFlags {
  const { minutes } = event.data;
  const manualEntry = timeSourceOf({ type: event.type, data: event.data } as PatientEvent) === 'MANUAL_ENTRY';
  const occurredAt = Date.parse(String((event.metadata as Partial<EventMetadata>).occurredAt));
  if (typeof minutes !== 'number' || Number.isNaN(occurredAt)) return { lateEntry: false, manualEntry };
  const endedAt = occurredAt + minutes * MINUTE_MS;
  return { lateEntry: event.recordedAt.getTime() - endedAt > LATE_ENTRY_AFTER_MS, manualEntry };
}
