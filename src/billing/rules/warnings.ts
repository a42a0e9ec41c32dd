/**
 * Warnings never block; they are shown to auditors (ccm-rules.md §2 "Warnings"):
 * LATE_ENTRY: counted minutes recorded more than 7 days after they happened, or after the month was closed;
 * MANUAL_TIME: manually entered minutes are more than half of the month's counted minutes;
 * AMENDED_AFTER_CLOSE: an entry of the month was corrected or voided, or another fact recorded, after close;
 * OVERLAPPING_ENTRIES: one performer's entries overlap, so the overlap counted once (ccm-rules.md §1; the notes name
 * both entries);
 * UNATTESTED_TIME: a practitioner's time of the month documented by someone else awaits their attestation, so it
 * does not count yet (ccm-rules.md §1, attestation.ts).
 * COVERAGE_NOT_VERIFIED: no coverage verification by the month's end, or one older than the rule set allows.
 */
import { monthBounds, parseInstant } from '../../kernel/calendar';
import { MINUTE_MS } from './spans';
import type { RuleSet } from './rule-set';
import type { CountedTime } from './time-entries';
import { WARNING_ORDER, type PatientMonthFacts, type Warning } from './types';

const DAY_MS = 86_400_000;

/**
 * Whether a coverage verification made at `verifiedAt` still stands at `atMs` (ccm-rules: verify coverage before
 * billing; RuleSet.coverageVerification). The one definition: billing warns with it, the worklist lists it.
 */
export function coverageVerificationCurrent(verifiedAt: string | null, atMs: number, rules: Pick<RuleSet, 'coverageVerification'>): boolean {
  if (verifiedAt === null) return false;
  const verifiedAtMs = Date.parse(verifiedAt);
  return verifiedAtMs <= atMs && atMs - verifiedAtMs <= rules.coverageVerification.validForDays * DAY_MS;
}

export function monthWarnings(facts: PatientMonthFacts, time: CountedTime, rules: RuleSet): Warning[] {
  const closedAtMs = facts.monthClose.closedAt === null ? null : parseInstant(facts.monthClose.closedAt, 'monthClose.closedAt');
  const found = new Set<Warning>();

  let manualMinutes = 0;
  for (const { entry, startedAtMs, minutes } of time.counted) {
    const recordedAtMs = parseInstant(entry.recordedAt, `timeEntry ${entry.id} recordedAt`);
    // "After they happened": measured from the end of the activity.
    const lag = recordedAtMs - (startedAtMs + entry.minutes * MINUTE_MS);
    if (lag > rules.warnings.lateEntryAfterDays * DAY_MS || (closedAtMs !== null && recordedAtMs > closedAtMs)) {
      found.add('LATE_ENTRY');
    }
    if (entry.source === 'MANUAL_ENTRY') manualMinutes += minutes;
  }

  const total = time.clinicalStaffMinutes + time.practitionerMinutes;
  if (total > 0 && manualMinutes / total > rules.warnings.manualShareAbove) found.add('MANUAL_TIME');

  if (closedAtMs !== null) {
    const amended = time.inMonth.some(({ entry }) => entry.amendedAt !== null && parseInstant(entry.amendedAt, `timeEntry ${entry.id} amendedAt`) > closedAtMs);
    if (amended || facts.monthClose.otherFactsAmendedAfterClose) found.add('AMENDED_AFTER_CLOSE');
  }
  if (time.overlaps.length > 0) found.add('OVERLAPPING_ENTRIES');
  if (rules.provisional) found.add('PROVISIONAL_RULES');
  if (time.inMonth.some(({ entry }) => !entry.voided && entry.attestation === 'AWAITING_ATTESTATION')) found.add('UNATTESTED_TIME');
  if (
    facts.coverageVerifiedAt !== undefined &&
    !coverageVerificationCurrent(facts.coverageVerifiedAt, monthBounds(facts.month, facts.timeZone).end.getTime(), rules)
  ) {
    found.add('COVERAGE_NOT_VERIFIED');
  }
  return WARNING_ORDER.filter((w) => found.has(w));
}
