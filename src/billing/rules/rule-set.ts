/**
 * A rule set is everything that changes with the service year: codes, thresholds, caps, look-backs, conflicting
 * codes and the fee schedule. Pick one with `ruleSet(year)` (architecture decision 12).
 */
import type { FeeSchedule } from '../fee-schedules/fee-schedule';
import type { Blocker, InitiatingVisitKind, Program, StaffCredential, TrackId } from './types';

/** One time-based track: a base code and its add-on (ccm-rules.md §1). */
export interface TimeTrackRule {
  track: TrackId;
  /** POOLED: clinical staff plus the billing practitioner; BILLING_PRACTITIONER: his or her own time only. */
  minutesFrom: 'POOLED' | 'BILLING_PRACTITIONER';
  baseCode: string;
  baseMinutes: number;
  addOnCode: string;
  addOnIncrementMinutes: number;
  /** Most add-on units per month; null = no cap. Overridable per evaluation (EvaluationOptions.addOnCaps). */
  defaultAddOnCap: number | null;
  /** Complex CCM: the billing practitioner's moderate/high MDM and a care plan established, implemented, revised or monitored this month. */
  requiresComplexity: boolean;
  source: string;
}

export interface EligibilityRule {
  minConditions: number;
  /** null = no upper bound. */
  maxConditions: number | null;
  minExpectedDurationMonths: number;
  source: string;
}

/** An external service of a code family in the month, billed by whom, blocks a program with a blocker. */
export interface ExternalServiceRule {
  program: Program;
  codes: readonly string[];
  billedBy: 'ANYONE' | 'BILLING_PRACTITIONER';
  blocker: Extract<Blocker, 'DUPLICATE_BILLER' | 'CONFLICTING_SERVICE'>;
  source: string;
}

export interface RuleSet {
  year: number;
  /**
   * True for a service year CareLedger has no published rules for yet (CMS publishes each year's fee schedule late in
   * the year before): the latest year's code definitions apply, provisionally, and amounts stay unknown until a fee
   * schedule for the year is loaded (BILLING_FEE_SCHEDULE_DIR). Closing or submitting on them needs an acknowledgement.
   */
  provisional: boolean;
  timeTracks: { CCM: readonly TimeTrackRule[]; PCM: readonly TimeTrackRule[] };
  apcm: {
    /** Codes by tier: ≤1 qualifying condition, ≥2, ≥2 and QMB. */
    singleConditionCode: string;
    multipleConditionsCode: string;
    multipleConditionsQmbCode: string;
    /** Conditions that make the ≥2 tiers (same test as CCM). */
    multipleConditions: EligibilityRule;
    source: string;
  };
  eligibility: { CCM: EligibilityRule; PCM: EligibilityRule };
  consent: { source: string };
  carePlan: { creatorCredentials: readonly StaffCredential[]; source: string };
  initiatingVisit: {
    kinds: readonly InitiatingVisitKind[];
    lookBackMonths: Record<Program, number>;
    source: string;
  };
  externalServiceRules: readonly ExternalServiceRule[];
  /**
   * A minute counts once (ccm-rules.md §1; CMS FAQ 2015 No. 6): time inside a face-to-face visit billed that day, or
   * while the patient is a hospital or SNF inpatient, is not care-management time. Recorded as external services.
   */
  setApart: {
    faceToFaceVisitCodes: readonly string[];
    inpatientStayCodes: readonly string[];
    source: string;
  };
  warnings: {
    lateEntryAfterDays: number;
    /** MANUAL_TIME when the manual share of counted minutes is strictly above this fraction. */
    manualShareAbove: number;
    source: string;
  };
  /**
   * COVERAGE_NOT_VERIFIED when no coverage verification was recorded by the month's end, or the latest one is older
   * than this many days then (a warning, never a blocker: the claim is the practice's call).
   */
  coverageVerification: { validForDays: number; source: string };
  /** Part B coinsurance as a fraction (0.2); QMB patients pay none (ccm-rules.md §3). */
  coinsuranceRate: number;
  feeSchedule: FeeSchedule;
}
