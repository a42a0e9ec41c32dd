import { yearOf } from '../calendar';
import type { RuleSet } from '../rule-set';
import type { YearMonth } from '../types';
import { RULE_SET_2025 } from './2025';
import { RULE_SET_2026 } from './2026';

const RULE_SETS: ReadonlyMap<number, RuleSet> = new Map([
  [2025, RULE_SET_2025],
  [2026, RULE_SET_2026],
]);

export const SUPPORTED_SERVICE_YEARS: readonly number[] = [...RULE_SETS.keys()];

/** The rule set of a service year; throws for a year without one rather than guessing (ccm-rules.md §3). */
export function ruleSet(year: number): RuleSet {
  const found = RULE_SETS.get(year);
  if (!found) {
    throw new RangeError(`No billing rule set for service year ${year} (have ${SUPPORTED_SERVICE_YEARS.join(', ')})`);
  }
  return found;
}

export function ruleSetForMonth(month: YearMonth): RuleSet {
  return ruleSet(yearOf(month));
}
