import { nextMonth } from '../../kernel/calendar';
import { eligibilityOf } from '../../patients/eligibility';
import type { Program } from '../../patients/patient.events';
import type { ConditionState } from '../../patients/patient.state';

/**
 * The figures a practice tracks its CCM program by, month by month (issue #15). Each figure is defined here and only
 * here; README "Program metrics" gives the same formulas in words. Months are calendar months of the practice's
 * time zone; dates are local dates there. Pure: the facts come in, the figures go out.
 */

/** What the metrics need of one patient known to the practice. */
export interface MetricsPatient {
  patientId: string;
  /** The day the practice first knew the patient: registered, or enrolled when never registered. */
  knownFrom: string;
  program: Program;
  qmb: boolean;
  enrolledOn: string | null;
  /** First day no longer enrolled. */
  unenrolledFrom: string | null;
  /** Local dates of the declines. */
  declinedOn: string[];
  conditions: readonly ConditionState[];
  /** Local months of the patient's contacts (calls and messages with the patient, not voided), one entry per contact. */
  contactMonths: string[];
}

/** One evaluated patient-month of billing (as billingMonth shows it). */
export interface MetricsBillingMonth {
  patientId: string;
  month: string;
  claimReady: boolean;
  insufficientTime: boolean;
  minutesToNextCode: number | null;
  expectedPaymentCents: number;
  paymentIfUnblockedCents: number;
  submitted: boolean;
}

export interface ProgramMonthMetrics {
  month: string;
  eligible: number;
  enrolled: number;
  newlyEnrolled: number;
  unenrolled: number;
  declined: number;
  enrollmentRate: number;
  reachedBillableMinutes: number;
  billableRate: number;
  claimReady: number;
  submitted: number;
  expectedPaymentCents: number;
  contactsPerPatient: number;
  nearMisses: number;
  blockedPaymentCents: number;
  firstBilledMonth: number;
  billedOnlyOnce: number;
}

/** A near miss: the month ended less than this many minutes below a threshold (a base code or an add-on). */
export const NEAR_MISS_MINUTES = 5;

const lastDayOf = (month: string) => {
  const [year, m] = month.split('-').map(Number);
  return `${month}-${String(new Date(Date.UTC(year, m, 0)).getUTCDate()).padStart(2, '0')}`;
};
const inMonth = (date: string | null, month: string) => date !== null && date.slice(0, 7) === month;
const ratio = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000);

/** Enrolled at some time in the month: enrolled by its last day and not unenrolled before its first. */
const enrolledIn = (patient: MetricsPatient, month: string) =>
  patient.enrolledOn !== null && patient.enrolledOn <= lastDayOf(month) && (patient.unenrolledFrom === null || patient.unenrolledFrom > `${month}-01`);

/**
 * Eligible at the end of the month: known by then, and its conditions as they stood that day (from onset, or from
 * being recorded, until resolved) qualify for its program (CCM for a patient not enrolled), ccm-rules §2.
 */
export function eligibleAtEndOf(patient: MetricsPatient, month: string): boolean {
  const end = lastDayOf(month);
  if (patient.knownFrom > end) return false;
  const conditions = patient.conditions
    .filter((condition) => (condition.onset ?? condition.recordedOn) <= end)
    .map((condition) => ({ ...condition, active: condition.resolvedOn === null || condition.resolvedOn > end }));
  return eligibilityOf(patient.program, patient.qmb, conditions).eligible;
}

/** Billed: the patient-month is claim-ready (it meets every rule; submission is the practice's next step). */
const billed = (row: MetricsBillingMonth | undefined) => row?.claimReady === true;

/** Every month from `from` to `to`, both included. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let month = from; month <= to; month = nextMonth(month)) months.push(month);
  return months;
}

/**
 * The figures of each month from `from` to `to`. `billing` may hold earlier months too (first billed months are
 * found in the whole history) and the month after `to` (billed only once).
 */
export function programMetrics(from: string, to: string, patients: readonly MetricsPatient[], billing: readonly MetricsBillingMonth[]): ProgramMonthMetrics[] {
  const rows = new Map(billing.map((row) => [`${row.patientId}/${row.month}`, row]));
  const firstBilled = new Map<string, string>();
  for (const row of billing)
    if (billed(row) && (!firstBilled.has(row.patientId) || row.month < firstBilled.get(row.patientId)!)) firstBilled.set(row.patientId, row.month);

  return monthsBetween(from, to).map((month) => {
    const enrolled = patients.filter((patient) => enrolledIn(patient, month));
    const monthRows = enrolled.map((patient) => rows.get(`${patient.patientId}/${month}`)).filter((row): row is MetricsBillingMonth => row !== undefined);
    const eligible = patients.filter((patient) => eligibleAtEndOf(patient, month)).length;
    const reachedBillableMinutes = monthRows.filter((row) => !row.insufficientTime).length;
    const contacts = enrolled.reduce((sum, patient) => sum + patient.contactMonths.filter((contact) => contact === month).length, 0);
    const firstBilledHere = enrolled.filter((patient) => firstBilled.get(patient.patientId) === month);
    const following = nextMonth(month);
    return {
      month,
      eligible,
      enrolled: enrolled.length,
      newlyEnrolled: patients.filter((patient) => inMonth(patient.enrolledOn, month)).length,
      unenrolled: patients.filter((patient) => inMonth(patient.unenrolledFrom, month)).length,
      declined: patients.filter((patient) => patient.declinedOn.some((date) => inMonth(date, month))).length,
      enrollmentRate: ratio(enrolled.length, eligible),
      reachedBillableMinutes,
      billableRate: ratio(reachedBillableMinutes, enrolled.length),
      claimReady: monthRows.filter((row) => row.claimReady).length,
      submitted: monthRows.filter((row) => row.submitted).length,
      expectedPaymentCents: monthRows.reduce((sum, row) => sum + (row.claimReady ? row.expectedPaymentCents : 0), 0),
      contactsPerPatient: ratio(contacts, enrolled.length),
      nearMisses: monthRows.filter((row) => row.minutesToNextCode !== null && row.minutesToNextCode > 0 && row.minutesToNextCode < NEAR_MISS_MINUTES).length,
      blockedPaymentCents: monthRows.reduce((sum, row) => sum + (row.claimReady ? 0 : row.paymentIfUnblockedCents), 0),
      firstBilledMonth: firstBilledHere.length,
      billedOnlyOnce: firstBilledHere.filter((patient) => !billed(rows.get(`${patient.patientId}/${following}`))).length,
    };
  });
}
