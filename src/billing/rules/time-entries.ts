/**
 * Which minutes count (ccm-rules.md §1 and §2), each minute once:
 * - an entry counts in the practice-zone month of its minutes: a call that crosses midnight at the end of a month is
 *   split between the two months;
 * - voided entries, NON_CLINICAL time, time dated before the enrolment, before the consent or after its revocation
 *   never count (policies.ts); corrected minutes are the entry's current minutes;
 * - a practitioner's time documented or corrected by someone else counts only once the practitioner attests it
 *   (attestation.ts);
 * - minutes inside a face-to-face visit billed that day or an inpatient stay (external services) do not count;
 * - one performer's overlapping entries count once: the earlier entry keeps the shared minutes, the later one loses
 *   them, and the month carries OVERLAPPING_ENTRIES with a note naming both.
 * Time of the billing practitioner is kept apart from clinical staff time (which includes other practitioners)
 * because 99491/99437 and 99424/99425 use only the former.
 */
import { localDate, monthBounds, parseInstant, startOfLocalDay } from '../../kernel/calendar';
import type { ConsentAssessment } from './consent';
import type { RuleSet } from './rule-set';
import { lengthMs, MINUTE_MS, overlapMs, subtract, type Span } from './spans';
import type { ExcludedTimeEntry, ExclusionReason, ExternalServiceFact, PatientMonthFacts, TimeEntryFact } from './types';

export interface CountedEntry {
  entry: TimeEntryFact;
  startedAtMs: number;
  /** The entry's minutes that count this month (fewer than its minutes when some were set apart). */
  minutes: number;
}

export interface CountedTime {
  clinicalStaffMinutes: number;
  practitionerMinutes: number;
  counted: CountedEntry[];
  /** Every entry of the month, counted or not, voided included (a void after close is an amendment). */
  inMonth: CountedEntry[];
  excluded: ExcludedTimeEntry[];
  /**
   * Moderate/high MDM documented on a counted entry of the billing practitioner (complex CCM, ccm-rules.md §1: the
   * decision making is the billing practitioner's; a flag on another performer's entry does not make the month complex).
   */
  complexMedicalDecisionMaking: boolean;
  /** Pairs of one performer's entries that overlap, for the OVERLAPPING_ENTRIES warning and its note. */
  overlaps: { earlierId: string; laterId: string; minutes: number }[];
}

/** A span of the month in which no care-management minute counts, and why. */
interface SetApartSpan extends Span {
  reason: Extract<ExclusionReason, 'DURING_FACE_TO_FACE_VISIT' | 'DURING_INPATIENT_STAY'>;
  label: string;
}

export function countTime(facts: PatientMonthFacts, consent: ConsentAssessment, rules: RuleSet): CountedTime {
  const result: CountedTime = {
    clinicalStaffMinutes: 0,
    practitionerMinutes: 0,
    counted: [],
    inMonth: [],
    excluded: [],
    complexMedicalDecisionMaking: false,
    overlaps: [],
  };
  const bounds = monthBounds(facts.month, facts.timeZone);
  const month: Span = { fromMs: bounds.start.getTime(), toMs: bounds.end.getTime() };
  const setApart = setApartSpans(facts, rules);
  const enrolledFromMs = facts.enrolledOn ? startOfLocalDay(facts.enrolledOn, facts.timeZone).getTime() : null;
  const unenrolledFromMs = facts.unenrolledFrom ? startOfLocalDay(facts.unenrolledFrom, facts.timeZone).getTime() : null;
  /** Spans already counted, by performer: a later overlapping entry of the same performer loses them. */
  const countedSpans = new Map<string, (Span & { id: string })[]>();

  for (const { entry, startedAtMs } of chronological(facts.timeEntries)) {
    const endMs = startedAtMs + entry.minutes * MINUTE_MS;
    const inThisMonth = entry.minutes === 0 ? startedAtMs >= month.fromMs && startedAtMs < month.toMs : startedAtMs < month.toMs && endMs > month.fromMs;
    if (!inThisMonth) {
      result.excluded.push(excludedWhole(entry, 'OTHER_MONTH', `Dated in another month than ${facts.month}.`));
      continue;
    }
    result.inMonth.push({ entry, startedAtMs, minutes: entry.minutes });
    const whole = wholeEntryExclusion(entry, startedAtMs, { enrolledFromMs, unenrolledFromMs }, consent);
    if (whole) {
      result.excluded.push(excludedWhole(entry, whole.reason, whole.explanation));
      continue;
    }

    // What is left of the entry's span, cut piece by piece; each cut remembers its minutes and why.
    let pieces: Span[] = [{ fromMs: Math.max(startedAtMs, month.fromMs), toMs: Math.min(endMs, month.toMs) }];
    const cuts: { reason: ExclusionReason; ms: number; explanation: string }[] = [];
    const outsideMs = entry.minutes * MINUTE_MS - lengthMs(pieces);
    if (outsideMs > 0) {
      cuts.push({
        reason: 'OTHER_MONTH',
        ms: outsideMs,
        explanation: `${minutesOf(outsideMs)} min fall in another month (the call crosses midnight at the month's end).`,
      });
    }
    for (const span of setApart) {
      const ms = overlapMs(pieces, span);
      if (ms === 0) continue;
      pieces = subtract(pieces, span);
      cuts.push({ reason: span.reason, ms, explanation: `${minutesOf(ms)} min fall inside ${span.label}; that time is not care management.` });
    }
    const own = countedSpans.get(entry.performerId) ?? [];
    for (const earlier of own) {
      const ms = overlapMs(pieces, earlier);
      if (ms === 0) continue;
      pieces = subtract(pieces, earlier);
      result.overlaps.push({ earlierId: earlier.id, laterId: entry.id, minutes: minutesOf(ms) });
      cuts.push({
        reason: 'OVERLAPS_OWN_ENTRY',
        ms,
        explanation: `${minutesOf(ms)} min overlap entry ${earlier.id} of the same performer; a minute counts once, and entry ${earlier.id} counted it.`,
      });
    }
    countedSpans.set(entry.performerId, [...own, ...pieces.map((piece) => ({ ...piece, id: entry.id }))]);

    const minutes = entry.minutes === 0 ? 0 : minutesOf(lengthMs(pieces));
    if (cuts.length > 0) {
      const main = cuts.reduce((largest, cut) => (cut.ms > largest.ms ? cut : largest));
      result.excluded.push({ id: entry.id, reason: main.reason, minutes: entry.minutes - minutes, explanation: cuts.map((cut) => cut.explanation).join(' ') });
    }
    if (minutes === 0 && entry.minutes > 0) continue;
    result.counted.push({ entry, startedAtMs, minutes });
    const byBillingPractitioner = entry.performerId === facts.billingPractitionerId;
    if (byBillingPractitioner) result.practitionerMinutes += minutes;
    else result.clinicalStaffMinutes += minutes;
    if (entry.complexMedicalDecisionMaking && byBillingPractitioner) result.complexMedicalDecisionMaking = true;
  }
  return result;
}

/** Entries in the order their minutes happened (ties by id), so "the earlier entry keeps the minute" is stable. */
function chronological(entries: readonly TimeEntryFact[]): { entry: TimeEntryFact; startedAtMs: number }[] {
  return entries
    .map((entry) => {
      if (!Number.isInteger(entry.minutes) || entry.minutes < 0) {
        throw new RangeError(`timeEntry ${entry.id}: minutes must be a non-negative integer, got ${entry.minutes}`);
      }
      return { entry, startedAtMs: parseInstant(entry.startedAt, `timeEntry ${entry.id} startedAt`) };
    })
    .sort((a, b) => a.startedAtMs - b.startedAtMs || (a.entry.id < b.entry.id ? -1 : a.entry.id > b.entry.id ? 1 : 0));
}

const minutesOf = (ms: number) => Math.floor(ms / MINUTE_MS);

const excludedWhole = (entry: TimeEntryFact, reason: ExclusionReason, explanation: string): ExcludedTimeEntry => ({
  id: entry.id,
  reason,
  minutes: entry.minutes,
  explanation,
});

/** Reasons that exclude an entry's every minute, in the order they are checked. */
function wholeEntryExclusion(
  entry: TimeEntryFact,
  startedAtMs: number,
  { enrolledFromMs, unenrolledFromMs }: { enrolledFromMs: number | null; unenrolledFromMs: number | null },
  consent: ConsentAssessment,
): { reason: ExclusionReason; explanation: string } | null {
  if (entry.voided) return { reason: 'VOIDED', explanation: 'The entry was voided.' };
  if (entry.attestation === 'AWAITING_ATTESTATION') {
    return { reason: 'AWAITING_ATTESTATION', explanation: "A practitioner's time documented by someone else: it counts once the practitioner attests it." };
  }
  if (entry.performerCredential === 'NON_CLINICAL') {
    return { reason: 'NON_CLINICAL', explanation: 'Done by non-clinical staff: recorded, never counted toward care-management codes.' };
  }
  if (enrolledFromMs !== null && startedAtMs < enrolledFromMs) {
    return { reason: 'BEFORE_ENROLMENT', explanation: 'Dated before the patient was enrolled in the program.' };
  }
  // Unenrolment ends the program from its effective day: the month's earlier minutes still count, later ones do not.
  if (unenrolledFromMs !== null && startedAtMs >= unenrolledFromMs) {
    return { reason: 'AFTER_UNENROLMENT', explanation: "Dated on or after the effective date of the patient's unenrolment." };
  }
  if (consent.blocker === 'CONSENT_REVOKED') {
    return { reason: 'CONSENT_REVOKED', explanation: 'The patient revoked consent in an earlier month; no later month is billed (conservative policy).' };
  }
  if (!consent.minutesCanCount) return { reason: 'NO_VALID_CONSENT', explanation: 'No documented consent covers this month.' };
  if (consent.countFromMs !== null && startedAtMs < consent.countFromMs) {
    return { reason: 'BEFORE_CONSENT', explanation: 'Dated before the patient gave consent; care management starts with the consent.' };
  }
  if (consent.countBeforeMs !== null && startedAtMs >= consent.countBeforeMs) {
    if (consent.countBeforeMs === consent.lapsesAtMs) {
      return {
        reason: 'NO_VALID_CONSENT',
        explanation: 'Dated after the consent lapsed: the practice renews consent periodically and no renewal was recorded.',
      };
    }
    return { reason: 'CONSENT_REVOKED', explanation: 'Dated after the patient revoked consent; minutes after a revocation do not count.' };
  }
  return null;
}

/**
 * Face-to-face visits and inpatient stays of the month, recorded as external services. A service with its start and
 * end sets that span apart; with a start and minutes, those minutes; with neither, its whole service date (policies.ts).
 */
function setApartSpans(facts: PatientMonthFacts, rules: RuleSet): SetApartSpan[] {
  const { faceToFaceVisitCodes, inpatientStayCodes } = rules.setApart;
  return facts.externalServices.flatMap((service): SetApartSpan[] => {
    const code = service.cptCode.trim().toUpperCase();
    const reason = faceToFaceVisitCodes.includes(code) ? 'DURING_FACE_TO_FACE_VISIT' : inpatientStayCodes.includes(code) ? 'DURING_INPATIENT_STAY' : null;
    if (!reason) return [];
    const span = serviceSpan(service, facts.timeZone);
    const what = reason === 'DURING_FACE_TO_FACE_VISIT' ? `the face-to-face visit ${code}` : `the inpatient stay ${code}`;
    const when = service.startedAt ? `from ${service.startedAt}${service.endedAt ? ` to ${service.endedAt}` : ''}` : `on ${service.serviceDate}`;
    return [{ ...span, reason, label: `${what} billed ${when}` }];
  });
}

function serviceSpan(service: ExternalServiceFact, timeZone: string): Span {
  if (service.startedAt) {
    const fromMs = parseInstant(service.startedAt, 'externalService.startedAt');
    if (service.endedAt) return { fromMs, toMs: parseInstant(service.endedAt, 'externalService.endedAt') };
    if (service.minutes) return { fromMs, toMs: fromMs + service.minutes * MINUTE_MS };
  }
  const fromMs = startOfLocalDay(service.serviceDate, timeZone).getTime();
  // The next local day's first instant: 23 or 25 hours on a DST change.
  const nextDay = localDate(fromMs + 36 * 3_600_000, timeZone);
  return { fromMs, toMs: startOfLocalDay(nextDay, timeZone).getTime() };
}
