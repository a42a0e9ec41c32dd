/**
 * evaluatePatientMonth: the pure billing rules engine for one patient and one calendar month.
 * No clock, no I/O: the same facts and rule set always give the same result.
 *
 * G0506 (comprehensive assessment at the initiating visit) is out of scope: it is billed once per patient on the
 * initiating visit's claim, not on a care-management month, so it is priced in the fee schedules but never
 * produced here.
 */
import { DEFAULT_PRICING, type FeeSchedule, type PricingSetting } from '../fee-schedules/fee-schedule';
import { assertYearMonth, localDate, yearOf } from '../../kernel/calendar';
import { assessCarePlan } from './care-plan';
import { assessConsent } from './consent';
import { activeCountsInMonth, isEligible } from './eligibility';
import { externalServiceBlockers } from './external-services';
import { hasInitiatingVisit } from './initiating-visit';
import { billingLine, billingOption, coinsuranceCents, DEDUCTIBLE_NOTE, pricerFor, UNKNOWN_AMOUNT_NOTE, type Pricer } from './money';
import { DEFAULT_POLICIES, type BillingPolicies } from './policies';
import type { RuleSet } from './rule-set';
import { countTime, type CountedTime } from './time-entries';
import { nextCode as nextCodeOf, rankedTimeOptions, type AddOnCaps, type TrackMinutes } from './tracks';
import { BLOCKER_ORDER, type Blocker, type BillingOption, type PatientMonthFacts, type PatientMonthResult } from './types';
import { monthWarnings } from './warnings';

export interface EvaluationOptions {
  /** Add-on caps by add-on code (99439, 99437, 99489, 99425, 99427); null = no cap. Defaults: ccm-rules.md §1. */
  addOnCaps?: AddOnCaps;
  /** Facility setting and qualifying-APM conversion factor (ccm-rules.md §3); default non-facility, standard. */
  pricing?: Partial<PricingSetting>;
  /** A practice's own schedule (loadFeeSchedule) instead of the rule set's national one. */
  feeSchedule?: FeeSchedule;
  /** Overrides of policies.ts. */
  policies?: Partial<BillingPolicies>;
}

export function evaluatePatientMonth(facts: PatientMonthFacts, rules: RuleSet, options: EvaluationOptions = {}): PatientMonthResult {
  assertYearMonth(facts.month);
  if (yearOf(facts.month) !== rules.year) {
    throw new RangeError(`Month ${facts.month} evaluated with the ${rules.year} rule set; use ruleSet(${yearOf(facts.month)})`);
  }
  localDate(0, facts.timeZone); // fails fast on an unknown IANA zone
  const policies = mergePolicies(options.policies);
  const price = pricerFor(options.feeSchedule ?? rules.feeSchedule, { ...DEFAULT_PRICING, ...options.pricing });
  const caps = options.addOnCaps ?? {};

  const blockers = new Set<Blocker>();
  // APCM has no NOT_ELIGIBLE: its tiers start at "one or fewer conditions" (ccm-rules.md §1).
  if (facts.program !== 'APCM' && !isEligible(facts.conditions, rules.eligibility[facts.program], facts.month, facts.timeZone)) {
    blockers.add('NOT_ELIGIBLE');
  }
  const consent = assessConsent(facts, policies);
  if (consent.blocker) blockers.add(consent.blocker);
  const carePlan = assessCarePlan(facts, rules);
  carePlan.blockers.forEach((b) => blockers.add(b));
  externalServiceBlockers(facts, rules).forEach((b) => blockers.add(b));

  const time = countTime(facts, consent, rules);
  if (!hasInitiatingVisit(facts, rules, consent.givenAtMs, time)) blockers.add('NO_INITIATING_VISIT');
  // Complex CCM: the billing practitioner's moderate/high MDM and a plan established, implemented, revised or
  // monitored this month (ccm-rules.md §1).
  const complex = facts.program === 'CCM' && time.complexMedicalDecisionMaking && carePlan.inForceForMonth;
  const minutes: TrackMinutes = {
    pooled: time.clinicalStaffMinutes + time.practitionerMinutes,
    practitioner: time.practitionerMinutes,
    complex,
  };

  let ranked: BillingOption[];
  let next: ReturnType<typeof nextCodeOf> = null;
  if (facts.program === 'APCM') {
    // APCM has no time threshold (ccm-rules.md §1), so neither INSUFFICIENT_TIME nor minutesToNextCode applies.
    ranked = [apcmOption(facts, rules, price)];
  } else {
    const tracks = rules.timeTracks[facts.program];
    ranked = rankedTimeOptions(tracks, minutes, caps, price, policies.trackTieOrder);
    if (!consent.closedForFurtherMinutes) {
      next = nextCodeOf(tracks, minutes, caps, price, policies.trackTieOrder);
    }
    const consentExplainsIt = policies.omitInsufficientTimeWhenConsentBlocks && consent.blocker !== null;
    if (ranked.length === 0 && !consentExplainsIt) blockers.add('INSUFFICIENT_TIME');
  }

  const orderedBlockers = BLOCKER_ORDER.filter((b) => blockers.has(b));
  const claimReady = orderedBlockers.length === 0 && ranked.length > 0;
  const [chosen, ...alternatives] = claimReady ? ranked : [];
  const expectedPaymentCents = chosen?.expectedPaymentCents ?? 0;
  const amountUnknown = chosen?.amountUnknown ?? false;
  const patientCoinsuranceCents = coinsuranceCents(expectedPaymentCents, rules.coinsuranceRate, facts.qmb);

  const notes: string[] = rules.provisional ? [provisionalNote(rules.year, options.feeSchedule !== undefined)] : [];
  if (patientCoinsuranceCents > 0) notes.push(DEDUCTIBLE_NOTE);
  if (amountUnknown) notes.push(UNKNOWN_AMOUNT_NOTE);
  notes.push(...overlapNotes(time));

  return {
    month: facts.month,
    program: facts.program,
    clinicalStaffMinutes: time.clinicalStaffMinutes,
    practitionerMinutes: time.practitionerMinutes,
    complex,
    lines: chosen?.lines ?? [],
    expectedPaymentCents,
    amountUnknown,
    patientCoinsuranceCents,
    claimReady,
    blockers: orderedBlockers,
    paymentIfUnblockedCents: claimReady ? 0 : (ranked[0]?.expectedPaymentCents ?? 0),
    warnings: monthWarnings(facts, time, rules),
    minutesToNextCode: next?.minutes ?? null,
    nextCode: next?.cptCode ?? null,
    alternatives,
    notes,
    excludedTimeEntries: time.excluded,
  };
}

function provisionalNote(year: number, scheduleLoaded: boolean): string {
  const amounts = scheduleLoaded
    ? `amounts from the ${year} fee schedule loaded from BILLING_FEE_SCHEDULE_DIR`
    : `amounts unknown until a ${year} fee schedule is loaded from BILLING_FEE_SCHEDULE_DIR`;
  return `Provisional: CareLedger has no billing rules for service year ${year} yet; evaluated under the latest year's code definitions, ${amounts}.`;
}

/** One note per overlap, naming both entries (issue 12 item 7: a warning naming both). */
function overlapNotes(time: CountedTime): string[] {
  return time.overlaps.map(
    ({ earlierId, laterId, minutes }) =>
      `Entries ${earlierId} and ${laterId} of the same performer overlap by ${minutes} min; the overlap counts once (ccm-rules.md §1).`,
  );
}

/**
 * G0556 with one or fewer qualifying conditions, G0557 with two or more, G0558 with two or more and QMB; from 2026
 * with the behavioural-health add-on the month's integration earns (behaviouralHealthAddOn).
 */
function apcmOption(facts: PatientMonthFacts, rules: RuleSet, price: Pricer): BillingOption {
  const counts = activeCountsInMonth(facts.conditions, rules.apcm.multipleConditions, facts.month, facts.timeZone);
  const multiple = counts.some((count) => count >= rules.apcm.multipleConditions.minConditions);
  const code = !multiple ? rules.apcm.singleConditionCode : facts.qmb ? rules.apcm.multipleConditionsQmbCode : rules.apcm.multipleConditionsCode;
  const addOn = behaviouralHealthAddOn(facts, rules);
  return billingOption('APCM', [billingLine(code, 1, price), ...(addOn ? [billingLine(addOn, 1, price)] : [])]);
}

/**
 * The APCM behavioural-health add-on of the month (ccm-rules.md §1): G0568 in the patient's first month of
 * collaborative care, G0569 in later ones, G0570 for general BHI. None in a year without add-ons, without
 * integration this month, or when the billing practitioner billed the time-based BHI/CoCM codes this month
 * (the add-on and those codes are one service; recorded with recordExternalService).
 */
function behaviouralHealthAddOn(facts: PatientMonthFacts, rules: RuleSet): string | null {
  const addOns = rules.apcm.behaviouralHealthAddOns;
  const integration = facts.behaviouralHealth;
  if (!addOns || !integration) return null;
  const billedStandalone = facts.externalServices.some(
    (service) =>
      service.billedByBillingPractitioner &&
      service.serviceDate.slice(0, 7) === facts.month &&
      addOns.standaloneCodes.includes(service.cptCode.trim().toUpperCase()),
  );
  if (billedStandalone) return null;
  if (integration.model === 'GENERAL_BHI') return addOns.generalBehaviouralHealthCode;
  return integration.firstMonth ? addOns.collaborativeCareInitialMonthCode : addOns.collaborativeCareSubsequentMonthCode;
}

function mergePolicies(overrides: Partial<BillingPolicies> | undefined): BillingPolicies {
  return {
    ...DEFAULT_POLICIES,
    ...overrides,
    revocation: { ...DEFAULT_POLICIES.revocation, ...overrides?.revocation },
  };
}
