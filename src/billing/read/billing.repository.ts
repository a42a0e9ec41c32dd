import { Injectable } from '@nestjs/common';
import { badInput, notFound, preconditionFailed } from '../../kernel/domain-error';
import { isUuid } from '../../kernel/ids';
import { BillingEvaluator } from '../evaluation/billing-evaluator';
import type { EvaluationRequest } from '../evaluation/patient-month-evaluation';
import type { BillingPatient } from '../facts/billing-patient';
import { entriesWindow } from '../facts/time-entry';
import type { BillingPractice, PatientMonthRow, SubmittedClaim } from '../projection/billing-read-model';
import { BillingProjection } from '../projection/billing.projection';
import { billingMonthView, patientBillingMonthView, type BillingMonthView, type PatientBillingMonthView } from './billing-views';

/**
 * Billing queries, every one scoped by the caller's practice. Stored rows answer whole months without evaluating
 * anything; a what-if (`ruleYear`) and a month the projection has not reached yet are evaluated from the stored facts.
 */
@Injectable()
export class BillingRepository {
  constructor(
    private readonly projection: BillingProjection,
    private readonly evaluator: BillingEvaluator,
  ) {}

  private get model() {
    return this.projection.readModel;
  }

  private get evaluation() {
    return this.projection.evaluation;
  }

  practice(practiceId: string): BillingPractice {
    const practice = this.model.practice(practiceId);
    if (!practice) throw preconditionFailed('PRACTICE_NOT_CONFIGURED', 'Configure the practice (its time zone) first');
    return practice;
  }

  /** The practice's patient; another practice's patient is answered exactly like an unknown id. */
  patient(practiceId: string, patientId: string): BillingPatient {
    const patient = isUuid(patientId) ? this.model.patient(practiceId, patientId.toLowerCase()) : undefined;
    if (!patient) throw notFound('Patient');
    return patient;
  }

  /** The rule year that evaluates the month; refuses a year CareLedger has no rules for. */
  ruleYearFor(month: string, ruleYear?: number | null): number {
    const year = ruleYear ?? Number(month.slice(0, 4));
    if (!this.evaluator.supports(year)) {
      throw badInput(ruleYear === undefined || ruleYear === null ? 'month' : 'ruleYear', `CareLedger has no billing rules for service year ${year}`);
    }
    return year;
  }

  /** Whether the service year is evaluated on provisional rules. */
  provisional(ruleYear: number): boolean {
    return this.evaluator.provisional(ruleYear);
  }

  monthView(practiceId: string, month: string, ruleYear?: number | null): BillingMonthView {
    const practice = this.practice(practiceId);
    const year = this.ruleYearFor(month, ruleYear);
    const context = { closedAt: this.model.monthClose(practiceId, month)?.closedAt ?? null, ruleYear: year };
    const rows = this.monthRows(practice, month, year);
    return billingMonthView(
      practiceId,
      month,
      rows.map((row) => patientBillingMonthView(row, context)),
      context,
    );
  }

  patientMonthView(practiceId: string, patientId: string, month: string, ruleYear?: number | null): PatientBillingMonthView {
    const practice = this.practice(practiceId);
    const patient = this.patient(practiceId, patientId);
    const year = this.ruleYearFor(month, ruleYear);
    const closedAt = this.model.monthClose(practiceId, month)?.closedAt ?? null;
    return patientBillingMonthView(this.patientRow(practice, patient, month, year), { closedAt, ruleYear: year });
  }

  /** Every patient enrolled by the end of the month, in patient id order. */
  monthRows(practice: BillingPractice, month: string, ruleYear: number): PatientMonthRow[] {
    const stored = this.model.monthRows(practice.practiceId, month);
    if (ruleYear === Number(month.slice(0, 4))) {
      const missing = this.model.patientsWithoutRow(practice.practiceId, month);
      if (missing.length === 0) return stored;
      const evaluated = missing.map((patient) => this.evaluated(practice, patient, month, {}));
      return [...stored, ...evaluated].sort((a, b) => (a.patientId < b.patientId ? -1 : a.patientId > b.patientId ? 1 : 0));
    }
    // What-if: every patient evaluated under the other year; the month's entries read in one query.
    const storedById = new Map(stored.map((row) => [row.patientId, row]));
    const { fromMs, toMs } = entriesWindow(month, practice.timeZone);
    const entries = this.model.practiceTimeEntriesBetween(practice.practiceId, fromMs, toMs);
    return this.model
      .patientsEnrolledBy(practice.practiceId, month)
      .map((patient) =>
        this.evaluated(practice, patient, month, { ruleYear, timeEntries: entries.get(patient.patientId) ?? [] }, storedById.get(patient.patientId)),
      );
  }

  patientRow(practice: BillingPractice, patient: BillingPatient, month: string, ruleYear: number): PatientMonthRow {
    const stored = this.model.row(practice.practiceId, month, patient.patientId);
    if (stored && ruleYear === Number(month.slice(0, 4))) return stored;
    return this.evaluated(practice, patient, month, { ruleYear }, stored);
  }

  claims(practiceId: string, month: string): SubmittedClaim[] {
    return this.model.claims(practiceId, month);
  }

  /** Evaluated now, with what the billing stream says about the patient-month (close, amendment, claim). */
  private evaluated(practice: BillingPractice, patient: BillingPatient, month: string, request: EvaluationRequest, stored?: PatientMonthRow): PatientMonthRow {
    const { practiceId } = practice;
    const { patientId } = patient;
    return {
      patientId,
      result: this.evaluation.evaluate(practice, patient, month, request)!,
      amendedAfterClose: stored?.amendedAfterClose ?? this.model.amendedAfterClose(practiceId, month, patientId),
      closedFigures: stored ? stored.closedFigures : this.model.closedFigures(practiceId, month, patientId),
      claim: stored ? stored.claim : null,
    };
  }
}
