import { csvField } from '../../billing/export/claims-csv';
import type { ProgramMonthMetrics } from './program-metrics';

/** The columns, in the order and with the names of ProgramMonthMetrics (README "Program metrics" defines each). */
export const PROGRAM_METRICS_COLUMNS: readonly (keyof ProgramMonthMetrics)[] = [
  'month',
  'eligible',
  'enrolled',
  'newlyEnrolled',
  'unenrolled',
  'declined',
  'enrollmentRate',
  'reachedBillableMinutes',
  'billableRate',
  'claimReady',
  'submitted',
  'expectedPaymentCents',
  'contactsPerPatient',
  'nearMisses',
  'blockedPaymentCents',
  'firstBilledMonth',
  'billedOnlyOnce',
];

/** RFC 4180 (CRLF line ends), one row per month, a header first. */
export function programMetricsCsv(months: readonly ProgramMonthMetrics[]): string {
  const line = (fields: string[]) => `${fields.map(csvField).join(',')}\r\n`;
  return line([...PROGRAM_METRICS_COLUMNS]) + months.map((month) => line(PROGRAM_METRICS_COLUMNS.map((column) => String(month[column])))).join('');
}
