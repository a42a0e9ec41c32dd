import { createHash } from 'node:crypto';
import { yearOf } from '../../kernel/calendar';
import { canonicalJson } from '../../kernel/canonical-json';
import { evaluatePatientMonth, isEvaluableServiceYear, ruleSet, type FeeSchedule, type PatientMonthFacts, type PatientMonthResult } from '../rules';

/**
 * The rules engine as the application uses it: the rule set of the month's service year, or of another year for a
 * what-if, with the practice's own fee schedules (BILLING_FEE_SCHEDULE_DIR) in place of the national ones.
 */
export class BillingEvaluator {
  constructor(private readonly feeScheduleOverrides: ReadonlyMap<number, FeeSchedule> = new Map()) {}

  /** Years with rules, and later ones (evaluated provisionally until CareLedger has their rules). */
  supports(year: number): boolean {
    return isEvaluableServiceYear(year);
  }

  /** Whether the year is evaluated on provisional rules (closing or submitting it needs an acknowledgement). */
  provisional(year: number): boolean {
    return ruleSet(year).provisional;
  }

  supportsMonth(month: string): boolean {
    return this.supports(yearOf(month));
  }

  /**
   * `ruleYear` other than the month's own year asks "what would this month bill under that year's rules and
   * amounts". The engine refuses a rule set whose year is not the month's (a guard against mixing years by
   * accident), so the what-if relabels the borrowed rule set with the month's year, on purpose and only here.
   */
  evaluate(facts: PatientMonthFacts, ruleYear = yearOf(facts.month)): PatientMonthResult {
    const rules = ruleSet(ruleYear);
    const applied = rules.year === yearOf(facts.month) ? rules : { ...rules, year: yearOf(facts.month) };
    return evaluatePatientMonth(facts, applied, { feeSchedule: this.feeScheduleOverrides.get(ruleYear) });
  }

  /**
   * 0 without overrides, otherwise a number derived from their content. Stored results embed the amounts, so the
   * billing projection adds this to its version: replacing a schedule rebuilds the read model at the next start.
   */
  fingerprint(): number {
    if (this.feeScheduleOverrides.size === 0) return 0;
    const entries = [...this.feeScheduleOverrides].sort(([a], [b]) => a - b);
    const digest = createHash('sha256').update(canonicalJson(entries)).digest();
    return digest.readUInt32BE(0) + 1;
  }
}
