import { activityAmendedBy, activityStartedBy, attestationAfter } from '../../care-activities/care-activity.state';
import type { PatientEvent } from '../../patient-stream/patient-event';
import { monthBounds } from '../../kernel/calendar';
import { MAX_ENTRY_MINUTES } from '../../patient-stream/care-record.validation';
import type { TimeEntryFact } from '../rules';

/** An entry's minutes may fall in the month after its start (a call across midnight): read this far back. */
const LONGEST_ENTRY_MS = MAX_ENTRY_MINUTES * 60_000;

/** The start instants [fromMs, toMs) of the entries whose minutes may fall in the month. */
export function entriesWindow(month: string, timeZone: string): { fromMs: number; toMs: number } {
  const { start, end } = monthBounds(month, timeZone);
  return { fromMs: start.getTime() - LONGEST_ENTRY_MS, toMs: end.getTime() };
}

/** The instants of an entry's first and last minute: the months it touches are theirs. */
export const spannedInstants = (entry: TimeEntryFact): string[] => [
  entry.startedAt,
  new Date(Date.parse(entry.startedAt) + Math.max(0, entry.minutes * 60_000 - 1)).toISOString(),
];

/**
 * A logged call, or the minutes given with a medication reconciliation, as a time entry of the rules engine; which
 * events start one is the care-activities slice's decision (activityStartedBy), so both always agree.
 * `recordedAt` is the store's time, which the late-entry warnings compare with.
 */
export function timeEntryStartedBy(event: PatientEvent, recordedAt: string): TimeEntryFact | null {
  const activity = activityStartedBy(event);
  if (!activity) return null;
  return {
    id: activity.id,
    startedAt: activity.startedAt,
    minutes: activity.minutes,
    performerId: activity.performer.staffId,
    performerCredential: activity.performer.credential,
    voided: false,
    source: activity.source,
    recordedAt,
    amendedAt: null,
    complexMedicalDecisionMaking: activity.complexMedicalDecisionMaking,
    attestation: activity.attestation,
  };
}

/** The id of the entry a correction or void amends. */
export const amendedTimeEntryId = (event: PatientEvent): string | null => activityAmendedBy(event);

/**
 * The entry after a correction (new minutes or start), a void or an attestation (which lets its minutes count);
 * `amendedAt` feeds AMENDED_AFTER_CLOSE.
 */
export function amendTimeEntry(entry: TimeEntryFact, event: PatientEvent, recordedAt: string): TimeEntryFact {
  const attestation = attestationAfter(entry.attestation, { staffId: entry.performerId, credential: entry.performerCredential }, event);
  if (event.type === 'CallCorrected') {
    return { ...entry, minutes: event.data.minutes ?? entry.minutes, startedAt: event.data.startedAt ?? entry.startedAt, amendedAt: recordedAt, attestation };
  }
  if (event.type === 'CareActivityAttested') return { ...entry, amendedAt: recordedAt, attestation };
  if (event.type === 'CallVoided') return { ...entry, voided: true, amendedAt: recordedAt };
  return entry;
}
