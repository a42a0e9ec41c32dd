/**
 * NO_INITIATING_VISIT (ccm-rules.md §2; CMS since 2017, Noridian): before care management starts (the consent),
 * the billing practitioner must have seen the patient within the prior 12 months (APCM: 3 years) in an E/M, AWV,
 * IPPE or TCM visit. Later months need no new visit while the same practitioner bills, so the look-back is
 * anchored on the consent date, not on the month. Without a usable consent the month's last day is the anchor
 * (the month is blocked by NO_CONSENT anyway; this only tells whether a visit exists at all).
 */
import { assertLocalDate, lastDayOf, localDateOf, subtractMonths } from './calendar';
import type { RuleSet } from './rule-set';
import type { PatientMonthFacts } from './types';

export function hasInitiatingVisit(facts: PatientMonthFacts, rules: RuleSet, consentGivenAtMs: number | null): boolean {
  const anchor = consentGivenAtMs === null ? lastDayOf(facts.month) : localDateOf(consentGivenAtMs, facts.timeZone);
  const earliest = subtractMonths(anchor, rules.initiatingVisit.lookBackMonths[facts.program]);
  const kinds: readonly string[] = rules.initiatingVisit.kinds;
  return facts.initiatingVisits.some((visit) => {
    assertLocalDate(visit.date, 'initiatingVisit.date');
    return (
      visit.practitionerId === facts.billingPractitionerId &&
      kinds.includes(visit.kind) &&
      visit.date >= earliest &&
      visit.date <= anchor
    );
  });
}
