/**
 * Test support for the rules specs: the default patient-month of ccm-rules.md §5 ("one billing practitioner
 * Dr A, established patient seen this year, ≥2 qualifying conditions, consent on file from an earlier month, care
 * plan current and shared, nothing else billed that month"), which each table row then changes.
 */
import { evaluatePatientMonth, type EvaluationOptions } from '../../src/billing/rules/evaluate';
import { ruleSetForMonth } from '../../src/billing/rules/rule-sets';
import type { BillingLine, ChronicConditionFact, PatientMonthFacts, PatientMonthResult, TimeEntryFact } from '../../src/billing/rules/types';

export const DR_A = 'dr-a';
export const DR_B = 'dr-b';
export const RN = 'rn-1';

export type EntrySpec = Partial<TimeEntryFact> & { minutes: number };

export interface FactsSpec extends Partial<Omit<PatientMonthFacts, 'timeEntries'>> {
  entries?: EntrySpec[];
}

export function condition(icd10: string, overrides: Partial<ChronicConditionFact> = {}): ChronicConditionFact {
  return {
    icd10,
    onset: '2018-06-01',
    recordedAt: '2018-06-01T15:00:00Z',
    resolvedOn: null,
    expectedDurationMonths: 120,
    placesAtSignificantRisk: true,
    ...overrides,
  };
}

/** Clinical staff (an RN) time; startedAt defaults to the 14th of the month at 10:00 New York time (see completeEntry). */
export function staff(minutes: number, overrides: Partial<TimeEntryFact> = {}): EntrySpec {
  return { minutes, ...overrides };
}

/** Dr A's own time (the billing practitioner). */
export function drA(minutes: number, overrides: Partial<TimeEntryFact> = {}): EntrySpec {
  return { minutes, performerId: DR_A, performerCredential: 'MD', ...overrides };
}

export function facts(spec: FactsSpec = {}): PatientMonthFacts {
  const { entries = [], ...rest } = spec;
  const month = rest.month ?? '2025-05';
  return {
    month,
    timeZone: 'America/New_York',
    program: 'CCM',
    qmb: false,
    billingPractitionerId: DR_A,
    conditions: [condition('E11.9'), condition('I10')],
    consent: {
      givenAt: '2025-02-10T15:00:00Z',
      method: 'VERBAL',
      disclosures: { serviceAvailability: true, costSharing: true, singlePractitionerPerMonth: true, rightToStop: true },
      documentReference: null,
      practitionerId: DR_A,
      revokedAt: null,
    },
    carePlan: {
      effectiveAt: '2025-02-12T15:00:00Z',
      creatorCredential: 'MD',
      allRequiredElementsPresent: true,
      revisions: [],
      sharedWithPatientAt: '2025-02-13T15:00:00Z',
    },
    // Care management started with a call right after the consent.
    careManagementStartedAt: '2025-02-10T16:00:00Z',
    initiatingVisits: [{ date: '2025-02-03', practitionerId: DR_A, kind: 'E/M' }],
    externalServices: [],
    monthClose: { closedAt: null, otherFactsAmendedAfterClose: false },
    ...rest,
    timeEntries: entries.map((e, i) => completeEntry(e, i, month)),
  };
}

/** Entries without a start follow each other 8 hours apart from the 14th at 10:00 New York time, so none overlap. */
function completeEntry(spec: EntrySpec, index: number, month: string): TimeEntryFact {
  const startedAt = spec.startedAt ?? new Date(Date.parse(`${month}-14T14:00:00Z`) + index * 8 * 3_600_000).toISOString();
  return {
    id: `e${index + 1}`,
    startedAt,
    performerId: RN,
    performerCredential: 'RN',
    voided: false,
    source: 'LIVE_TIMER',
    // Recorded when the timer stopped unless a row says otherwise.
    recordedAt: new Date(Date.parse(startedAt) + spec.minutes * 60_000).toISOString(),
    amendedAt: null,
    complexMedicalDecisionMaking: false,
    attestation: 'NOT_REQUIRED',
    ...spec,
  };
}

export function evaluate(spec: FactsSpec = {}, options?: EvaluationOptions): PatientMonthResult {
  const f = facts(spec);
  return evaluatePatientMonth(f, ruleSetForMonth(f.month), options);
}

/** Lines as compact strings: 99490, 99439x2. */
export function codes(lines: readonly BillingLine[]): string[] {
  return lines.map((l) => (l.units === 1 ? l.cptCode : `${l.cptCode}x${l.units}`));
}

export function alternativesOf(result: PatientMonthResult): { codes: string[]; cents: number }[] {
  return result.alternatives.map((a) => ({ codes: codes(a.lines), cents: a.expectedPaymentCents }));
}
