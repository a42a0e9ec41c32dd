import type { PatientMonthFigures } from '../month/billing-month.events';
import type { PatientMonthResult } from '../rules';

/** The part of an evaluation that a close freezes and a claim copies. */
export const figuresOf = (patientId: string, result: PatientMonthResult): PatientMonthFigures => ({
  patientId,
  claimReady: result.claimReady,
  lines: result.lines.map(({ cptCode, units, unitAmountCents, amountCents }) => ({ cptCode, units, unitAmountCents, amountCents })),
  expectedPaymentCents: result.expectedPaymentCents,
  amountUnknown: result.amountUnknown,
  patientCoinsuranceCents: result.patientCoinsuranceCents,
  clinicalStaffMinutes: result.clinicalStaffMinutes,
  practitionerMinutes: result.practitionerMinutes,
  blockers: [...result.blockers],
  warnings: [...result.warnings],
});
