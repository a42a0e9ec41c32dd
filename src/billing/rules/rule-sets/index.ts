import { yearOf } from '../../../kernel/calendar';
import type { FeeSchedule } from '../../fee-schedules/fee-schedule';
import type { RuleSet } from '../rule-set';
import type { YearMonth } from '../types';
import { RULE_SET_2025 } from './2025';
import { RULE_SET_2026 } from './2026';

const RULE_SETS: ReadonlyMap<number, RuleSet> = new Map([
  [2025, RULE_SET_2025],
  [2026, RULE_SET_2026],
]);

/** Service years with published rules in CareLedger. */
export const SUPPORTED_SERVICE_YEARS: readonly number[] = [...RULE_SETS.keys()];
const LATEST_YEAR = Math.max(...SUPPORTED_SERVICE_YEARS);

/** A year CareLedger can evaluate: one with rules, or a later one (provisionally, see `ruleSet`). */
export const isEvaluableServiceYear = (year: number): boolean => Number.isInteger(year) && year >= Math.min(...SUPPORTED_SERVICE_YEARS);

/**
 * The rule set of a service year. A later year than CareLedger has rules for is evaluated under the latest year's code
 * definitions, marked provisional, with every amount unknown (never a guessed figure, ccm-rules.md §3) until a fee
 * schedule for it is loaded; an earlier year is refused.
 */
export function ruleSet(year: number): RuleSet {
  const found = RULE_SETS.get(year);
  if (found) return found;
  if (!isEvaluableServiceYear(year)) {
    throw new RangeError(`No billing rule set for service year ${year} (have ${SUPPORTED_SERVICE_YEARS.join(', ')})`);
  }
  const latest = RULE_SETS.get(LATEST_YEAR)!;
  return { ...latest, year, provisional: true, feeSchedule: unknownAmounts(latest.feeSchedule, year) };
}

/** The latest schedule's codes with no verified figure: every amount of a provisional year is unknown. */
function unknownAmounts(latest: FeeSchedule, year: number): FeeSchedule {
  const unknown = { value: null, source: `No ${year} figure in CareLedger yet: load a ${year}.json fee schedule from BILLING_FEE_SCHEDULE_DIR` };
  return {
    year,
    conversionFactors: { standard: unknown },
    codes: Object.fromEntries(
      Object.entries(latest.codes).map(([code, entry]) => [code, { description: entry.description, nonFacilityRvu: unknown, facilityRvu: unknown }]),
    ),
  };
}

export function ruleSetForMonth(month: YearMonth): RuleSet {
  return ruleSet(yearOf(month));
}
