/**
 * Money (ccm-rules.md §3): expected payment = Σ units × the service year's national amount (non-facility unless
 * the practice bills in a facility); coinsurance = 20 % of it, 0 for QMB patients. The Part B deductible is
 * unknown to CareLedger and ignored, which the result says in its notes.
 */
import { unitAmountCents, type FeeSchedule, type PricingSetting } from '../fee-schedules/fee-schedule';
import type { BillingLine, BillingOption } from './types';

/** Unit amount of a code in cents, or null when the schedule has no verified figure. */
export type Pricer = (code: string) => number | null;

export function pricerFor(schedule: FeeSchedule, setting: PricingSetting): Pricer {
  // Memoised: minutesToNextCode prices the same few codes many times per evaluation.
  const cache = new Map<string, number | null>();
  return (code) => {
    if (!cache.has(code)) cache.set(code, unitAmountCents(schedule, code, setting));
    return cache.get(code) ?? null;
  };
}

export function billingLine(code: string, units: number, price: Pricer): BillingLine {
  const unit = price(code);
  return { cptCode: code, units, unitAmountCents: unit, amountCents: unit === null ? null : unit * units };
}

export function billingOption(track: BillingOption['track'], lines: BillingLine[]): BillingOption {
  return {
    track,
    lines,
    // Unknown amounts add nothing (never a guessed figure) and are flagged instead.
    expectedPaymentCents: lines.reduce((sum, line) => sum + (line.amountCents ?? 0), 0),
    amountUnknown: lines.some((line) => line.amountCents === null),
  };
}

export function coinsuranceCents(expectedPaymentCents: number, rate: number, qmb: boolean): number {
  return qmb ? 0 : Math.round(expectedPaymentCents * rate);
}

export const DEDUCTIBLE_NOTE = 'Patient coinsurance is 20 % of the expected payment; the Part B deductible is unknown to CareLedger and ignored.';
export const UNKNOWN_AMOUNT_NOTE = 'At least one billed code has no verified amount in the fee schedule; the expected payment counts only known amounts.';
