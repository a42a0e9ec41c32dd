import type { BillingPatient } from '../facts/billing-patient';
import { patientMonthFacts } from '../facts/patient-month-facts';
import { entriesWindow } from '../facts/time-entry';
import type { BillingPractice, BillingReadModel } from '../projection/billing-read-model';
import type { PatientMonthFacts, PatientMonthResult, TimeEntryFact } from '../rules';
import type { BillingEvaluator } from './billing-evaluator';

export interface EvaluationRequest {
  /** Another service year's rules and amounts (what-if); default the month's own year. */
  ruleYear?: number;
  /** The month's entries when the caller already has them (a whole month is read in one query). */
  timeEntries?: TimeEntryFact[];
}

/**
 * Evaluates one patient-month from the stored facts: the projection stores the result, queries use it for what-ifs
 * and for months the projection has not reached. Returns null for a service year CareLedger has no rules for.
 */
export class PatientMonthEvaluation {
  /** Month boundaries by month and zone: Intl is slow and a whole month of patients shares them. */
  private readonly windowByMonth = new Map<string, { fromMs: number; toMs: number }>();

  constructor(
    private readonly readModel: BillingReadModel,
    private readonly evaluator: BillingEvaluator,
  ) {}

  evaluate(practice: BillingPractice, patient: BillingPatient, month: string, request: EvaluationRequest = {}): PatientMonthResult | null {
    const ruleYear = request.ruleYear ?? Number(month.slice(0, 4));
    if (!this.evaluator.supports(ruleYear)) return null;
    return this.evaluator.evaluate(this.facts(practice, patient, month, request.timeEntries), ruleYear);
  }

  /** What the rules engine is given for the patient-month. */
  facts(practice: BillingPractice, patient: BillingPatient, month: string, timeEntries?: TimeEntryFact[]): PatientMonthFacts {
    const { fromMs, toMs } = this.window(month, practice.timeZone);
    const facts = patientMonthFacts({
      patient,
      month,
      timeZone: practice.timeZone,
      apcmBehaviouralHealth: practice.apcmBehaviouralHealth,
      timeEntries: timeEntries ?? this.readModel.timeEntriesBetween(patient.practiceId, patient.patientId, fromMs, toMs),
      closedAt: this.readModel.monthClose(practice.practiceId, month)?.closedAt ?? null,
      amendedAfterClose: this.readModel.amendedAfterClose(practice.practiceId, month, patient.patientId),
    });
    // Care management starts with the first counted minute under the consent (the initiating visit must precede it).
    const careManagementStartedAt =
      facts.consent && this.readModel.firstClinicalEntryFrom(patient.practiceId, patient.patientId, Date.parse(facts.consent.givenAt));
    return { ...facts, careManagementStartedAt: careManagementStartedAt ?? null, consentRenewalMonths: practice.consentRenewalMonths };
  }

  private window(month: string, timeZone: string): { fromMs: number; toMs: number } {
    const key = `${month} ${timeZone}`;
    let window = this.windowByMonth.get(key);
    if (!window) this.windowByMonth.set(key, (window = entriesWindow(month, timeZone)));
    return window;
  }
}
