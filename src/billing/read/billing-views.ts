import type { BilledLine, PatientMonthFigures } from '../month/billing-month.events';
import type { PatientMonthRow, SubmittedClaim } from '../projection/billing-read-model';
import type { BillingOption } from '../rules';

/**
 * Status of a patient-month (PatientBillingMonth.status):
 * - OPEN: the month is not closed; figures change as care is documented;
 * - CLOSED: closed, and nothing of the month was recorded since that changed it;
 * - AMENDED_AFTER_CLOSE: closed, then an entry of the month arrived (or another fact changed its outcome); the
 *   closed figures are in `closedResult`, the amended ones in the main fields;
 * - SUBMITTED: a claim was recorded for it (`claim`); later amendments still show in `warnings`.
 */
export type BillingStatus = 'OPEN' | 'CLOSED' | 'AMENDED_AFTER_CLOSE' | 'SUBMITTED';

export interface BillingLineView {
  cptCode: string;
  units: number;
  /** 0 when the amount is unknown (the contract's field cannot be null); amountKnown tells which. */
  amountCents: number;
  amountKnown: boolean;
  unitAmountCents: number | null;
}

export const billingLineView = (line: BilledLine): BillingLineView => ({
  cptCode: line.cptCode,
  units: line.units,
  amountCents: line.amountCents ?? 0,
  amountKnown: line.amountCents !== null,
  unitAmountCents: line.unitAmountCents,
});

const optionView = (option: BillingOption) => ({
  track: option.track,
  lines: option.lines.map(billingLineView),
  expectedPaymentCents: option.expectedPaymentCents,
  amountUnknown: option.amountUnknown,
});

const closedResultView = (figures: PatientMonthFigures) => {
  const { patientId: _patientId, lines, ...rest } = figures;
  return { ...rest, lines: lines.map(billingLineView) };
};

const claimView = (claim: SubmittedClaim) => ({
  payerId: claim.payerId,
  submittedAt: claim.submittedAt,
  dateOfService: claim.dateOfService,
  basis: claim.basis,
  lines: claim.lines.map(billingLineView),
  expectedPaymentCents: claim.expectedPaymentCents,
  patientCoinsuranceCents: claim.patientCoinsuranceCents,
  diagnoses: claim.diagnoses,
  renderingNpi: claim.renderingNpi,
  billingNpi: claim.billingNpi,
  placeOfService: claim.placeOfService ?? null,
});

export function statusOf(row: PatientMonthRow, monthClosed: boolean): BillingStatus {
  if (row.claim) return 'SUBMITTED';
  if (!monthClosed) return 'OPEN';
  return row.amendedAfterClose ? 'AMENDED_AFTER_CLOSE' : 'CLOSED';
}

export interface MonthContext {
  closedAt: string | null;
  /** The service year whose rules and amounts evaluated the rows (a what-if may differ from the month's). */
  ruleYear: number;
}

export function patientBillingMonthView(row: PatientMonthRow, context: MonthContext) {
  const { result } = row;
  return {
    patientId: row.patientId,
    month: result.month,
    program: result.program,
    ruleYear: context.ruleYear,
    clinicalStaffMinutes: result.clinicalStaffMinutes,
    practitionerMinutes: result.practitionerMinutes,
    complex: result.complex,
    lines: result.lines.map(billingLineView),
    expectedPaymentCents: result.expectedPaymentCents,
    amountUnknown: result.amountUnknown,
    patientCoinsuranceCents: result.patientCoinsuranceCents,
    claimReady: result.claimReady,
    blockers: result.blockers,
    minutesToNextCode: result.minutesToNextCode,
    alternatives: result.alternatives.map(optionView),
    warnings: result.warnings,
    notes: result.notes,
    excludedTimeEntries: result.excludedTimeEntries.map(({ id, reason, minutes, explanation }) => ({ activityId: id, reason, minutes, explanation })),
    status: statusOf(row, context.closedAt !== null),
    /** Amended after the close, whatever the status says since (a submitted claim keeps SUBMITTED). */
    amendedAfterClose: row.amendedAfterClose,
    closedAt: context.closedAt,
    closedResult: row.closedFigures && closedResultView(row.closedFigures),
    claim: row.claim && claimView(row.claim),
  };
}

export type PatientBillingMonthView = ReturnType<typeof patientBillingMonthView>;

export function billingMonthView(practiceId: string, month: string, patients: PatientBillingMonthView[], context: MonthContext) {
  const ready = patients.filter((patient) => patient.claimReady);
  return {
    month,
    practiceId,
    ruleYear: context.ruleYear,
    patients,
    patientCount: patients.length,
    claimReadyCount: ready.length,
    totalExpectedPaymentCents: ready.reduce((sum, patient) => sum + patient.expectedPaymentCents, 0),
    amountUnknown: ready.some((patient) => patient.amountUnknown),
    submittedCount: patients.filter((patient) => patient.status === 'SUBMITTED').length,
    // Every patient-month amended after the close, submitted ones included (their status stays SUBMITTED).
    amendedAfterCloseCount: patients.filter((patient) => patient.amendedAfterClose).length,
    closed: context.closedAt !== null,
    closedAt: context.closedAt,
  };
}

export type BillingMonthView = ReturnType<typeof billingMonthView>;
