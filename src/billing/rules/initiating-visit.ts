/**
 * NO_INITIATING_VISIT (ccm-rules.md §2; CMS since 2017, Noridian): before care management starts (its first
 * counted minute; a phone consent may come before the visit), the billing practitioner must have seen the patient
 * within the prior 12 months (APCM: 3 years) in an E/M, AWV, IPPE or TCM visit (policies.ts: which visits count).
 * Later months need no new visit while the same practitioner bills, so the look-back is anchored on the start of
 * care management, not on the month. Without a known start the first counted minute of the month, then the consent,
 * then the month's last day is the anchor (a month without minutes or consent is blocked anyway; this only tells
 * whether a visit exists at all).
 */
import { assertLocalDate, lastDayOfMonth, localDate, parseInstant, subtractMonths } from '../../kernel/calendar';
import type { RuleSet } from './rule-set';
import type { CountedTime } from './time-entries';
import type { PatientMonthFacts } from './types';

export function hasInitiatingVisit(facts: PatientMonthFacts, rules: RuleSet, consentGivenAtMs: number | null, time: CountedTime): boolean {
  const firstCountedMs = time.counted.reduce<number | null>((first, { startedAtMs }) => (first === null || startedAtMs < first ? startedAtMs : first), null);
  const startedMs = facts.careManagementStartedAt
    ? parseInstant(facts.careManagementStartedAt, 'careManagementStartedAt')
    : (firstCountedMs ?? consentGivenAtMs);
  const anchor = startedMs === null ? lastDayOfMonth(facts.month) : localDate(startedMs, facts.timeZone);
  const earliest = subtractMonths(anchor, rules.initiatingVisit.lookBackMonths[facts.program]);
  const kinds: readonly string[] = rules.initiatingVisit.kinds;
  return facts.initiatingVisits.some((visit) => {
    assertLocalDate(visit.date, 'initiatingVisit.date');
    return visit.practitionerId === facts.billingPractitionerId && kinds.includes(visit.kind) && visit.date >= earliest && visit.date <= anchor;
  });
}
