/**
 * NOT_ELIGIBLE (ccm-rules.md §2; CPT descriptor adopted by CMS; MAC NGS): CCM and APCM's upper tiers need ≥2
 * chronic conditions expected to last ≥12 months (or until death) that put the patient at significant risk;
 * PCM needs exactly one high-risk condition expected to last ≥3 months.
 *
 * Valid time: a condition counts from its onset date (without one, from the day it was recorded) through the day
 * it was resolved. The month qualifies if on some day of it the number of qualifying conditions active together
 * is within the rule's bounds (policies.ts, fixed readings).
 */
import { assertLocalDate, firstDayOfMonth, lastDayOfMonth, localDate, parseInstant } from '../../kernel/calendar';
import type { EligibilityRule } from './rule-set';
import type { ChronicConditionFact, LocalDate, YearMonth } from './types';

interface ActiveSpan {
  from: LocalDate;
  /** Inclusive; null while unresolved. */
  through: LocalDate | null;
}

export function isEligible(conditions: readonly ChronicConditionFact[], rule: EligibilityRule, month: YearMonth, timeZone: string): boolean {
  return activeCountsInMonth(conditions, rule, month, timeZone).some(
    (count) => count >= rule.minConditions && (rule.maxConditions === null || count <= rule.maxConditions),
  );
}

/** The distinct numbers of qualifying conditions active together on the days of the month. */
export function activeCountsInMonth(conditions: readonly ChronicConditionFact[], rule: EligibilityRule, month: YearMonth, timeZone: string): number[] {
  const spans = conditions.filter((c) => qualifies(c, rule)).map((c) => spanOf(c, timeZone));
  const first = firstDayOfMonth(month);
  const last = lastDayOfMonth(month);
  // The count only changes on a start day or the day after a resolution, so those days (and the 1st) suffice.
  const candidates = new Set<LocalDate>([first]);
  for (const span of spans) {
    candidates.add(span.from);
    if (span.through !== null) candidates.add(nextDay(span.through));
  }
  const counts = new Set<number>();
  for (const day of candidates) {
    if (day < first || day > last) continue;
    counts.add(spans.filter((s) => s.from <= day && (s.through === null || day <= s.through)).length);
  }
  return [...counts];
}

function qualifies(condition: ChronicConditionFact, rule: EligibilityRule): boolean {
  const lastsLongEnough = condition.lastsUntilDeath === true || condition.expectedDurationMonths >= rule.minExpectedDurationMonths;
  return condition.placesAtSignificantRisk && lastsLongEnough;
}

function spanOf(condition: ChronicConditionFact, timeZone: string): ActiveSpan {
  if (condition.onset !== null) assertLocalDate(condition.onset, `condition ${condition.icd10} onset`);
  if (condition.resolvedOn !== null) assertLocalDate(condition.resolvedOn, `condition ${condition.icd10} resolvedOn`);
  const from = condition.onset ?? localDate(parseInstant(condition.recordedAt, `condition ${condition.icd10} recordedAt`), timeZone);
  return { from, through: condition.resolvedOn };
}

function nextDay(date: LocalDate): LocalDate {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}
