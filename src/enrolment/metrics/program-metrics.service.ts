import { teamDuring } from '../../care-team/care-team.state';
import { Injectable } from '@nestjs/common';
import { BillingRepository } from '../../billing/read/billing.repository';
import { isValidYearMonth, localDate, monthBounds, monthOf, nextMonth } from '../../kernel/calendar';
import { badInput } from '../../kernel/domain-error';
import type { PatientRecord } from '../../patient-stream/patient-record';
import { PatientRepository } from '../../patients/patient.repository';
import { monthsBetween, programMetrics, type MetricsBillingMonth, type MetricsPatient, type ProgramMonthMetrics } from './program-metrics';

/** At most three years in one request: each month evaluates every enrolled patient's billing. */
export const MAX_METRICS_MONTHS = 36;
const CONTACT_KINDS = new Set(['PATIENT_CALL', 'SECURE_MESSAGE']);

/** A record as the metrics read it, in the practice's zone. */
function metricsPatient(record: PatientRecord, timeZone: string): MetricsPatient | null {
  const { enrollment, intake } = record;
  const identity = enrollment ?? intake.registration;
  if (!identity) return null;
  const knownFrom = [intake.registration?.registeredOn, enrollment?.enrolledOn].filter((date): date is string => Boolean(date)).sort()[0];
  return {
    patientId: identity.patientId,
    knownFrom,
    program: enrollment?.program ?? 'CCM',
    qmb: enrollment?.qmb ?? false,
    enrolledOn: enrollment?.enrolledOn ?? null,
    unenrolledFrom: enrollment ? (intake.unenrolment?.effectiveOn ?? null) : null,
    declinedOn: intake.declines.map((decline) => localDate(new Date(decline.declinedAt), timeZone)),
    conditions: record.conditions,
    contactMonths: record.activities
      .filter((activity) => CONTACT_KINDS.has(activity.kind) && activity.status !== 'VOIDED')
      .map((activity) => monthOf(new Date(activity.startedAt), timeZone)),
  };
}

/**
 * Gathers the program's facts from the patients and billing read models and hands them to programMetrics.
 * `careManagerId` selects the patients that staff member was the dedicated care manager of at some time in the
 * range (assignCareManager), so a reassigned patient counts for both care managers of that month.
 */
@Injectable()
export class ProgramMetricsService {
  constructor(
    private readonly patients: PatientRepository,
    private readonly billing: BillingRepository,
  ) {}

  metrics(practiceId: string, from: string, to: string, careManagerId?: string | null): ProgramMonthMetrics[] {
    if (!isValidYearMonth(from)) throw badInput('from', 'must be a month such as 2026-03');
    if (!isValidYearMonth(to)) throw badInput('to', 'must be a month such as 2026-03');
    if (from > to) throw badInput('to', 'must not be before from');
    if (monthsBetween(from, to).length > MAX_METRICS_MONTHS) throw badInput('to', `at most ${MAX_METRICS_MONTHS} months from from`);
    const practice = this.billing.practice(practiceId);
    const range = { start: monthBounds(from, practice.timeZone).start, end: monthBounds(to, practice.timeZone).end };
    const records = this.patients
      .records(practiceId)
      .filter(
        (record) =>
          !careManagerId || teamDuring(record.careTeam, range.start, range.end).careManagers.some((period) => period.careManager.staffId === careManagerId),
      );
    const patients = records.map((record) => metricsPatient(record, practice.timeZone)).filter((patient): patient is MetricsPatient => patient !== null);
    const ids = new Set(patients.map((patient) => patient.patientId));
    // First billed months lie in the whole history: from the first enrolment to the month after `to`.
    const firstEnrolled = patients
      .map((patient) => patient.enrolledOn?.slice(0, 7))
      .filter((month): month is string => Boolean(month))
      .sort()[0];
    const historyFrom = firstEnrolled && firstEnrolled < from ? firstEnrolled : from;
    const billing: MetricsBillingMonth[] = [];
    if (ids.size > 0) {
      for (const month of monthsBetween(historyFrom, nextMonth(to))) {
        for (const row of this.billing.monthRows(practice, month, Number(month.slice(0, 4)))) {
          if (!ids.has(row.patientId)) continue;
          const { result } = row;
          billing.push({
            patientId: row.patientId,
            month,
            claimReady: result.claimReady,
            insufficientTime: result.blockers.includes('INSUFFICIENT_TIME'),
            minutesToNextCode: result.minutesToNextCode,
            expectedPaymentCents: result.expectedPaymentCents,
            paymentIfUnblockedCents: result.paymentIfUnblockedCents ?? 0,
            submitted: row.claim !== null,
          });
        }
      }
    }
    return programMetrics(from, to, patients, billing);
  }
}
