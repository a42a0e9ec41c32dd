/**
 * A realistic March 2026 of one CCM patient in New York, as recorded events: the month's evidence must show the
 * complex track, a voided and a corrected call, a non-clinical call that does not count, a reconciliation with
 * minutes, a care plan substantially revised in March (and again in April, which March must not show), an old
 * resolved condition, and an April call. Used by the packet, PDF and FHIR unit specs.
 */
import { BillingEvaluator } from '../../src/billing/evaluation/billing-evaluator';
import { figuresOf } from '../../src/billing/evaluation/figures';
import { totalsOf } from '../../src/billing/month/billing-month.decider';
import type { BillingMonthClosed, ClaimSubmitted, PatientMonthFigures } from '../../src/billing/month/billing-month.events';
import { billingStream } from '../../src/billing/month/billing-month.events';
import { patientBillingMonthView } from '../../src/billing/read/billing-views';
import { billingPractitionerIn } from '../../src/billing/facts/billing-patient';
import { claimDiagnoses } from '../../src/billing/facts/patient-month-facts';
import { ruleSet } from '../../src/billing/rules';
import type { RecordedEvent } from '../../src/event-store/event-store.port';
import type { PacketSources } from '../../src/evidence/packet/assemble-packet';
import { BillingProjectionHarness, practiceConfigured } from './billing-projection-harness';
import { callCorrected, callVoided, carePlanRevised, carePlanShared, initiatingVisit, medicationReconciled } from './billing-care-events';
import { callLogged, carePlanCreated, conditionRecorded, consentGiven, enrolled, PATIENT_ID, snapshot, STAFF } from './care-record-events';
import { recordForBilling, sealedStream, type StreamEntry } from './evidence-recorded-stream';

export const MARCH = '2026-03';
export const PAYER = 'payer-1';
export const ACTIVITY = {
  complexCall: '11111111-1111-4111-8111-111111111111',
  coordination: '22222222-2222-4222-8222-222222222222',
  voided: '33333333-3333-4333-8333-333333333333',
  corrected: '44444444-4444-4444-8444-444444444444',
  nonClinical: '55555555-5555-4555-8555-555555555555',
  april: '66666666-6666-4666-8666-666666666666',
  reconciliation: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a',
};

const at = (occurredAt: string, event: StreamEntry['event'], recordedAt?: string): StreamEntry => ({ event, occurredAt, recordedAt });

export const MARCH_ENTRIES: StreamEntry[] = [
  at('2026-03-01T14:00:00.000Z', enrolled({ payerId: PAYER })),
  at('2026-03-01T14:05:00.000Z', conditionRecorded('E11.9', { description: 'Type 2 diabetes mellitus without complications' })),
  at('2026-03-01T14:06:00.000Z', conditionRecorded('I10', { description: 'Essential (primary) hypertension' })),
  at('2026-03-01T14:07:00.000Z', conditionRecorded('J45.909', { description: 'Unspecified asthma', onset: '2010-01-01' })),
  at('2026-03-01T14:08:00.000Z', {
    type: 'ChronicConditionResolved',
    data: { patientId: PATIENT_ID, practiceId: 'p1', icd10: 'J45.909', resolvedOn: '2025-12-31', reason: 'No symptoms for two years' },
  }),
  at('2026-02-10T15:00:00.000Z', initiatingVisit(PATIENT_ID), '2026-03-01T15:00:00.000Z'),
  at('2026-03-02T14:00:00.000Z', consentGiven({ method: 'WRITTEN', documentReference: 'scan-2026-0302-17' })),
  at('2026-03-03T15:00:00.000Z', carePlanCreated()),
  at('2026-03-04T15:00:00.000Z', carePlanShared(PATIENT_ID)),
  at('2026-03-12T14:00:00.000Z', carePlanRevised(PATIENT_ID)),
  at(
    '2026-03-13T14:50:00.000Z',
    callLogged({
      activityId: ACTIVITY.complexCall,
      performer: snapshot(STAFF.drA),
      startedAt: '2026-03-13T14:00:00.000Z',
      minutes: 50,
      complexMedicalDecisionMaking: true,
      source: 'LIVE_TIMER',
      summary: 'Hyperglycaemia follow-up; insulin started',
    }),
  ),
  at('2026-03-16T14:00:00.000Z', medicationReconciled(PATIENT_ID, { discrepancies: ['Patient stopped atorvastatin on her own'] })),
  at(
    '2026-03-20T14:45:00.000Z',
    callLogged({
      activityId: ACTIVITY.coordination,
      kind: 'CARE_COORDINATION',
      direction: null,
      startedAt: '2026-03-20T14:00:00.000Z',
      minutes: 45,
      source: 'LIVE_TIMER',
      summary: 'Endocrinology referral arranged',
    }),
  ),
  at('2026-03-21T14:10:00.000Z', callLogged({ activityId: ACTIVITY.voided, startedAt: '2026-03-21T14:00:00.000Z', minutes: 10 })),
  at('2026-03-21T15:00:00.000Z', callVoided(ACTIVITY.voided)),
  at('2026-03-22T14:30:00.000Z', callLogged({ activityId: ACTIVITY.corrected, startedAt: '2026-03-22T14:00:00.000Z', minutes: 25 })),
  at('2026-03-23T15:00:00.000Z', callCorrected(ACTIVITY.corrected, { minutes: 15, reason: 'Timer left running' })),
  at(
    '2026-03-24T14:20:00.000Z',
    callLogged({
      activityId: ACTIVITY.nonClinical,
      performer: snapshot(STAFF.deskD),
      startedAt: '2026-03-24T14:00:00.000Z',
      minutes: 20,
      summary: 'Scheduled the endocrinology appointment',
    }),
  ),
  at(
    '2026-04-02T14:00:00.000Z',
    carePlanRevised(PATIENT_ID, { version: 3, substantial: false, reason: 'Quarterly review', effectiveAt: '2026-04-02T14:00:00.000Z' }),
  ),
  at('2026-04-03T14:20:00.000Z', callLogged({ activityId: ACTIVITY.april, startedAt: '2026-04-03T14:00:00.000Z', minutes: 20, month: '2026-04' })),
];

export const PRACTICE = { practiceId: 'p1', name: 'Maple Family Medicine', timeZone: 'America/New_York', npi: '1245319599', taxId: '12-3456789' };

/** The close of March and its claim as submitClaim records them (copied lines and parties), in the practice's billing stream. */
function marchBillingEvents(figures: PatientMonthFigures): [BillingMonthClosed, ClaimSubmitted] {
  const { lines } = figures;
  const claim: ClaimSubmitted['data'] = {
    practiceId: 'p1',
    month: MARCH,
    patientId: PATIENT_ID,
    payerId: PAYER,
    dateOfService: '2026-03-31',
    basis: 'CLOSED',
    lines,
    expectedPaymentCents: figures.expectedPaymentCents,
    patientCoinsuranceCents: figures.patientCoinsuranceCents,
    amountUnknown: false,
    medicareId: '1EG4TE5MK73',
    diagnoses: ['E11.9', 'I10'],
    renderingNpi: STAFF.drA.npi!,
    billingNpi: PRACTICE.npi,
    taxId: PRACTICE.taxId,
  };
  return [
    {
      type: 'BillingMonthClosed',
      data: { practiceId: 'p1', month: MARCH, timeZone: PRACTICE.timeZone, ruleYear: 2026, totals: totalsOf([figures]), patients: [figures] },
    },
    { type: 'ClaimSubmitted', data: claim },
  ];
}

export const CLOSED_AT = '2026-04-01T13:00:00.000Z';
export const SUBMITTED_AT = '2026-04-02T13:00:00.000Z';

export interface MarchOptions {
  /** Close March (on 1 April). */
  closed?: boolean;
  /** Close March and submit its claim (on what the entries before it bill). */
  claim?: boolean;
  entries?: StreamEntry[];
  /** Entries recorded after the claim was submitted. */
  afterClaim?: StreamEntry[];
}

/**
 * The packet's sources for March, with billing's real evaluation of the same events: the billing projection sees
 * the entries, then (with a claim) the close and the submission, then the entries recorded after the claim.
 */
export function marchSources(options: MarchOptions = {}): PacketSources {
  const entries = [...(options.entries ?? MARCH_ENTRIES), ...(options.afterClaim ?? [])];
  const beforeClaim = entries.length - (options.afterClaim?.length ?? 0);
  const evaluator = new BillingEvaluator();
  const harness = new BillingProjectionHarness(evaluator);
  try {
    harness.record(practiceConfigured({ npi: PRACTICE.npi }), { occurredAt: '2026-02-01T00:00:00.000Z' });
    recordForBilling(harness, entries.slice(0, beforeClaim));
    let claim: RecordedEvent | null = null;
    let monthClose: RecordedEvent | null = null;
    if (options.claim || options.closed) {
      const billingEvents = marchBillingEvents(figuresOf(PATIENT_ID, harness.result(PATIENT_ID, MARCH)!));
      const recorded = options.claim ? billingEvents : billingEvents.slice(0, 1);
      for (const [index, event] of recorded.entries()) harness.record(event, { occurredAt: [CLOSED_AT, SUBMITTED_AT][index] });
      [monthClose, claim = null] = sealedStream(
        billingStream('p1', MARCH),
        recorded.map((event, index) => ({ event, occurredAt: [CLOSED_AT, SUBMITTED_AT][index] })),
        BigInt(beforeClaim + 1),
      );
    }
    recordForBilling(harness, entries.slice(beforeClaim));
    const model = harness.projection.readModel;
    const patient = model.patient('p1', PATIENT_ID)!;
    const billing = patientBillingMonthView(model.row('p1', MARCH, PATIENT_ID)!, { closedAt: model.monthClose('p1', MARCH)?.closedAt ?? null, ruleYear: 2026 });
    // Positions in the log: the patient's events, the claim right after those recorded before it, then the rest.
    const patientEvents = sealedStream(`patient-${PATIENT_ID}`, entries).map((event, index) =>
      index < beforeClaim ? event : { ...event, position: event.position + 2n },
    );
    return {
      patientId: PATIENT_ID,
      month: MARCH,
      practice: PRACTICE,
      billingSettings: { apcmBehaviouralHealth: null, consentRenewalMonths: null },
      patientEvents,
      billingPractitioner: billingPractitionerIn(patient, MARCH),
      qualifyingDiagnoses: claimDiagnoses(patient, MARCH, ruleSet(2026)),
      billing,
      claim,
      monthClose,
      evaluate: (facts, ruleYear) => evaluator.evaluate(facts, ruleYear),
    };
  } finally {
    harness.close();
  }
}
