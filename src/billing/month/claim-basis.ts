import { preconditionFailed } from '../../kernel/domain-error';
import type { BilledLine, ClaimBasis, PatientMonthFigures } from './billing-month.events';

const signature = (lines: readonly BilledLine[]) => lines.map((line) => `${line.cptCode}x${line.units}`).join('+');

/** Whether two evaluations bill the same codes and units (minutes may differ without changing the claim). */
export const billsTheSame = (a: PatientMonthFigures, b: PatientMonthFigures): boolean =>
  a.claimReady === b.claimReady && signature(a.lines) === signature(b.lines);

/**
 * CareLedger policy for claims of a closed month: the claim bills the month as it was closed. When the patient-month
 * was amended after the close so that it would bill differently, the claim bills whichever of the closed and the
 * amended results pays less, and only if both are claim-ready: documentation added late never raises a claim (late
 * entries are what auditors look for, ccm-rules.md §2 Warnings), documentation withdrawn late (a void, a correction)
 * always lowers it. Ties keep the closed result.
 */
export function claimBasis(closed: PatientMonthFigures, current: PatientMonthFigures): { basis: ClaimBasis; figures: PatientMonthFigures } {
  if (!closed.claimReady) {
    throw preconditionFailed(
      'NOT_CLAIM_READY',
      `The patient-month was not claim-ready when the month was closed (${closed.blockers.join(', ') || 'no billable codes'})`,
    );
  }
  if (billsTheSame(closed, current)) return { basis: 'CLOSED', figures: closed };
  if (!current.claimReady) {
    throw preconditionFailed(
      'AMENDED_NOT_CLAIM_READY',
      `The patient-month was amended after the close and is no longer claim-ready (${current.blockers.join(', ') || 'no billable codes'})`,
    );
  }
  return current.expectedPaymentCents < closed.expectedPaymentCents ? { basis: 'AMENDED', figures: current } : { basis: 'CLOSED', figures: closed };
}
