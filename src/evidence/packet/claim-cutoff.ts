import type { EventMetadata } from '../../event-store/envelope';
import type { RecordedEvent } from '../../event-store/event-store.port';
import { enrolledPatient, evolveBillingPatient, type BillingPatient } from '../../billing/facts/billing-patient';
import { patientMonthFacts } from '../../billing/facts/patient-month-facts';
import { amendedTimeEntryId, amendTimeEntry, timeEntryStartedBy } from '../../billing/facts/time-entry';
import { patientBillingMonthView, type PatientBillingMonthView } from '../../billing/read/billing-views';
import type { BillingPractice } from '../../billing/projection/billing-read-model';
import type { PatientMonthFacts, PatientMonthResult, TimeEntryFact } from '../../billing/rules';
import { monthOf } from '../../kernel/calendar';
import type { ClaimEvidence } from './evidence-packet';
import { asPatientEvent, recordedAtOf } from './recorded-events';

/** The rules engine as billing runs it (BillingEvaluator.evaluate): the service year's rules and fee schedule. */
export type EvaluateMonth = (facts: PatientMonthFacts, ruleYear: number) => PatientMonthResult;

/**
 * The instant a submitted claim's figures were taken at (billing/month/claim-basis.ts): the close for a claim on the
 * CLOSED basis (it bills the closed snapshot), the submission for an AMENDED one (it bills the month as then).
 */
export function claimCutoffInstant(claim: ClaimEvidence, closedAt: string | null): string {
  return claim.basis === 'CLOSED' && closedAt !== null ? closedAt : claim.submittedAt;
}

/** Recorded at or before the cutoff: billing's own test for "after the close" (Date.parse(recordedAt) > closedAt). */
export const recordedNoLaterThan = (cutoff: string) => (event: RecordedEvent) => event.recordedAt.getTime() <= Date.parse(cutoff);

/**
 * Billing's facts of the patient as the events give them: the same functions, in the same order, as the billing
 * projection applies when it reaches each event (enrolment, then a time entry, its amendment, or another fact).
 */
function billingFactsOf(events: readonly RecordedEvent[], timeZone: string): { patient: BillingPatient | null; entries: TimeEntryFact[] } {
  let patient: BillingPatient | null = null;
  const entries = new Map<string, TimeEntryFact>();
  for (const recorded of events) {
    const event = asPatientEvent(recorded);
    const recordedAt = recordedAtOf(recorded);
    if (event.type === 'PatientEnrolled') {
      patient = enrolledPatient(event);
      continue;
    }
    if (!patient) continue;
    const started = timeEntryStartedBy(event, recordedAt);
    const amendedId = amendedTimeEntryId(event);
    if (started) entries.set(started.id, started);
    else if (amendedId !== null) {
      const before = entries.get(amendedId);
      if (before) entries.set(amendedId, amendTimeEntry(before, event, recordedAt));
    } else {
      const occurredAt = (recorded.metadata as Partial<EventMetadata>).occurredAt ?? recordedAt;
      patient = evolveBillingPatient(patient, event, monthOf(new Date(occurredAt), timeZone));
    }
  }
  return { patient, entries: [...entries.values()] };
}

/** The practice's settings that change an evaluation (billing's read model holds them). */
export type BillingSettings = Pick<BillingPractice, 'apcmBehaviouralHealth' | 'consentRenewalMonths'>;

/**
 * The patient-month as billing evaluated it from the record as it stood at the claim's cutoff: the events recorded
 * by then, through billing's facts and the rules engine. `current` is billing's view now; the month's status and
 * close stay those of now.
 */
export function evaluationAtCutoff(
  eventsByCutoff: readonly RecordedEvent[],
  current: PatientBillingMonthView,
  claim: ClaimEvidence,
  timeZone: string,
  evaluate: EvaluateMonth,
  settings: BillingSettings,
): PatientBillingMonthView {
  const { patient, entries } = billingFactsOf(eventsByCutoff, timeZone);
  if (!patient) throw new Error('evaluationAtCutoff: the record had no PatientEnrolled event by the cutoff');
  const { month } = current;
  const facts = patientMonthFacts({
    patient,
    month,
    timeZone,
    apcmBehaviouralHealth: settings.apcmBehaviouralHealth,
    timeEntries: entries.filter((entry) => monthOf(new Date(entry.startedAt), timeZone) === month),
    closedAt: current.closedAt,
    // A claim on the AMENDED basis billed a month changed after its close.
    amendedAfterClose: claim.basis === 'AMENDED',
  });
  const result = evaluate({ ...facts, consentRenewalMonths: settings.consentRenewalMonths }, current.ruleYear);
  const view = patientBillingMonthView(
    { patientId: current.patientId, result, amendedAfterClose: false, closedFigures: null, claim: null },
    { closedAt: current.closedAt, ruleYear: current.ruleYear },
  );
  return { ...view, status: current.status };
}

const billedCodes = (lines: readonly { cptCode: string; units: number }[]) => lines.map((line) => `${line.cptCode}x${line.units}`).join('+');

/** Whether an evaluation bills exactly the claim's codes and units. */
export const reproducesClaim = (evaluation: PatientBillingMonthView, claim: ClaimEvidence): boolean =>
  evaluation.claimReady && billedCodes(evaluation.lines) === billedCodes(claim.lines);
