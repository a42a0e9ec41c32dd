import { activityAmendedBy, activityStartedBy, amendActivity, type CareActivityState } from '../../care-activities/care-activity.state';
import type { RecordedEvent } from '../../event-store/event-store.port';
import type { ExcludedTimeEntryEvidence, TimeEntryEvidence } from './evidence-packet';
import { asPatientEvent, recordedAtOf, recorderOf } from './recorded-events';

interface Traced {
  activity: CareActivityState;
  recorded: RecordedEvent;
  amendedBy: RecordedEvent[];
}

/**
 * Every time entry of the month with the events behind it. Entries are folded with the care-activities slice's own
 * functions (which event starts an entry, how a correction or void amends it), so the packet and the care record
 * never disagree; the fold here only keeps, next to each entry, the events that made it.
 *
 * `excluded` is the billing evaluation's verdict (activity id → exclusion) for entries whose minutes did not count,
 * in full or in part. `month` null keeps the entries of every month.
 */
export function timeEntriesOf(
  events: readonly RecordedEvent[],
  month: string | null,
  excluded: ReadonlyMap<string, ExcludedTimeEntryEvidence>,
): TimeEntryEvidence[] {
  const entries = new Map<string, Traced>();
  for (const recorded of events) {
    const event = asPatientEvent(recorded);
    const started = activityStartedBy(event);
    if (started) {
      entries.set(started.id, { activity: started, recorded, amendedBy: [] });
      continue;
    }
    const amendedId = activityAmendedBy(event);
    const entry = amendedId === null ? undefined : entries.get(amendedId);
    if (entry) entries.set(entry.activity.id, { ...entry, activity: amendActivity(entry.activity, event), amendedBy: [...entry.amendedBy, recorded] });
  }
  return [...entries.values()]
    .filter(({ activity }) => month === null || activity.month === month)
    .sort((a, b) => Date.parse(a.activity.startedAt) - Date.parse(b.activity.startedAt) || (a.activity.id < b.activity.id ? -1 : 1))
    .map(({ activity, recorded, amendedBy }) => toEvidence(activity, recorded, amendedBy, excluded.get(activity.id) ?? null));
}

function toEvidence(
  activity: CareActivityState,
  recorded: RecordedEvent,
  amendedBy: RecordedEvent[],
  exclusion: ExcludedTimeEntryEvidence | null,
): TimeEntryEvidence {
  // Who typed it in is the recording command's actor (recordedBy), not the state's snapshot.
  const { documentedBy: _documentedBy, amendments, afterHours, ...entry } = activity;
  return {
    ...entry,
    recordedAt: recordedAtOf(recorded),
    recordedBy: recorderOf(recorded),
    counted: exclusion === null || exclusion.minutes < entry.minutes,
    exclusionReason: exclusion?.reason ?? null,
    ...(exclusion && { excludedMinutes: exclusion.minutes, exclusionExplanation: exclusion.explanation }),
    // Only on after-hours contacts, so the packets of every other entry read (and hash) as before.
    ...(afterHours && { afterHours }),
    eventId: recorded.id,
    // amendActivity appends one amendment per correcting, voiding or attesting event, in log order.
    amendments: amendments.map((amendment, index) => ({ ...amendment, recordedAt: recordedAtOf(amendedBy[index]), eventId: amendedBy[index].id })),
  };
}
