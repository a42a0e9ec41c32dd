/**
 * Service year 2025. Every figure cites the source ccm-rules.md names for it.
 */
import feeSchedule2025 from '../../fee-schedules/2025.json';
import { parseFeeSchedule } from '../../fee-schedules/fee-schedule';
import { INITIATING_VISIT_KINDS } from '../../../patients/patient.events';
import { PRACTITIONER_CREDENTIALS } from '../../../practice/staff-credential';
import type { ExternalServiceRule, RuleSet, TimeTrackRule } from '../rule-set';

export const CCM_CODES = ['99490', '99439', '99491', '99437', '99487', '99489'] as const;
export const PCM_CODES = ['99424', '99425', '99426', '99427'] as const;
export const APCM_CODES = ['G0556', 'G0557', 'G0558'] as const;
export const TCM_CODES = ['99495', '99496'] as const;
/** Home-health / hospice care plan oversight and ESRD monthly services (90951–90970). */
export const OVERSIGHT_AND_ESRD_CODES: readonly string[] = ['G0181', 'G0182', ...Array.from({ length: 20 }, (_, i) => String(90951 + i))];

const CCM_TRACKS: readonly TimeTrackRule[] = [
  {
    track: 'STAFF',
    minutesFrom: 'POOLED',
    baseCode: '99490',
    baseMinutes: 20,
    addOnCode: '99439',
    addOnIncrementMinutes: 20,
    defaultAddOnCap: 2,
    requiresComplexity: false,
    source: 'ccm-rules.md §1: 99490 ≥ 20 min, 99439 each further full 20 min, at most 2; practitioner time pooled (CMS FAQ 2017)',
  },
  {
    track: 'PRACTITIONER',
    minutesFrom: 'BILLING_PRACTITIONER',
    baseCode: '99491',
    baseMinutes: 30,
    addOnCode: '99437',
    addOnIncrementMinutes: 30,
    defaultAddOnCap: 2,
    requiresComplexity: false,
    source: 'ccm-rules.md §1: 99491 ≥ 30 min of the billing practitioner, 99437 each further full 30 min, default cap 2',
  },
  {
    track: 'COMPLEX',
    minutesFrom: 'POOLED',
    baseCode: '99487',
    baseMinutes: 60,
    addOnCode: '99489',
    addOnIncrementMinutes: 30,
    defaultAddOnCap: 10,
    requiresComplexity: true,
    source:
      'ccm-rules.md §1: 99487 ≥ 60 min with moderate/high MDM by the billing practitioner and a care plan established, implemented, revised or monitored (CPT descriptor since 2021, adopted by CMS); 99489 each further full 30 min, default cap 10 (practitioner MUE as secondary sources report it; confirm against the CMS MUE table)',
  },
];

const PCM_TRACKS: readonly TimeTrackRule[] = [
  {
    track: 'STAFF',
    minutesFrom: 'POOLED',
    baseCode: '99426',
    baseMinutes: 30,
    addOnCode: '99427',
    addOnIncrementMinutes: 30,
    defaultAddOnCap: 2,
    requiresComplexity: false,
    source: 'ccm-rules.md §1: 99426 ≥ 30 min staff pool, 99427 each further full 30 min, default cap 2',
  },
  {
    track: 'PRACTITIONER',
    minutesFrom: 'BILLING_PRACTITIONER',
    baseCode: '99424',
    baseMinutes: 30,
    addOnCode: '99425',
    addOnIncrementMinutes: 30,
    defaultAddOnCap: 2,
    requiresComplexity: false,
    source:
      'ccm-rules.md §1: 99424 ≥ 30 min of the billing practitioner, 99425 each further full 30 min, default cap 2 (reported practitioner MUE; confirm against the CMS MUE table)',
  },
];

const DUPLICATE = 'ccm-rules.md §2 DUPLICATE_BILLER (OIG 2019 and 2021): one biller per month';
const DUPLICATE_APCM = `${DUPLICATE}; applied to APCM by the same reading`;
const PCM_OWN_DUPLICATE =
  "ccm-rules.md §2 DUPLICATE_BILLER: the one-biller rule is CCM's; PCM by different practitioners for different conditions is allowed, so only the same practitioner billing PCM again duplicates ours";
const CONFLICT_OVERSIGHT =
  'ccm-rules.md §2 CONFLICTING_SERVICE (CMS FAQ 2015; OIG 2019): care plan oversight G0181/G0182 or ESRD 90951–90970 by the same practitioner';
const CONFLICT_APCM = 'ccm-rules.md §2 CONFLICTING_SERVICE (AAFP on APCM): APCM with CCM/PCM/TCM for the same practitioner';

/**
 * The external-service rules of a year, given its APCM code family (2026 adds the behavioural-health add-ons, which
 * only the APCM biller may bill, so they count as APCM wherever APCM does).
 */
export function externalServiceRules(apcmCodes: readonly string[]): readonly ExternalServiceRule[] {
  return [
    { program: 'CCM', codes: CCM_CODES, billedBy: 'ANYONE', blocker: 'DUPLICATE_BILLER', source: DUPLICATE },
    { program: 'CCM', codes: PCM_CODES, billedBy: 'BILLING_PRACTITIONER', blocker: 'DUPLICATE_BILLER', source: DUPLICATE },
    { program: 'CCM', codes: apcmCodes, billedBy: 'BILLING_PRACTITIONER', blocker: 'CONFLICTING_SERVICE', source: CONFLICT_APCM },
    { program: 'CCM', codes: OVERSIGHT_AND_ESRD_CODES, billedBy: 'BILLING_PRACTITIONER', blocker: 'CONFLICTING_SERVICE', source: CONFLICT_OVERSIGHT },
    { program: 'PCM', codes: PCM_CODES, billedBy: 'BILLING_PRACTITIONER', blocker: 'DUPLICATE_BILLER', source: PCM_OWN_DUPLICATE },
    { program: 'PCM', codes: CCM_CODES, billedBy: 'BILLING_PRACTITIONER', blocker: 'DUPLICATE_BILLER', source: DUPLICATE },
    { program: 'PCM', codes: apcmCodes, billedBy: 'BILLING_PRACTITIONER', blocker: 'CONFLICTING_SERVICE', source: CONFLICT_APCM },
    { program: 'PCM', codes: OVERSIGHT_AND_ESRD_CODES, billedBy: 'BILLING_PRACTITIONER', blocker: 'CONFLICTING_SERVICE', source: CONFLICT_OVERSIGHT },
    { program: 'APCM', codes: apcmCodes, billedBy: 'ANYONE', blocker: 'DUPLICATE_BILLER', source: DUPLICATE_APCM },
    {
      program: 'APCM',
      codes: [...CCM_CODES, ...PCM_CODES, ...TCM_CODES],
      billedBy: 'BILLING_PRACTITIONER',
      blocker: 'CONFLICTING_SERVICE',
      source: CONFLICT_APCM,
    },
    { program: 'APCM', codes: OVERSIGHT_AND_ESRD_CODES, billedBy: 'BILLING_PRACTITIONER', blocker: 'CONFLICTING_SERVICE', source: CONFLICT_OVERSIGHT },
  ];
}

const codeRange = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
/** Office/outpatient and home E/M visits, AWV (G0438/G0439) and IPPE (G0402): billed face to face that day. */
export const FACE_TO_FACE_VISIT_CODES: readonly string[] = [
  ...codeRange(99202, 99205),
  ...codeRange(99211, 99215),
  ...codeRange(99341, 99350),
  'G0402',
  'G0438',
  'G0439',
];
/** Hospital inpatient or observation care (99221–99239) and nursing facility care (99304–99316). */
export const INPATIENT_STAY_CODES: readonly string[] = [...codeRange(99221, 99239), ...codeRange(99304, 99316)];

const MULTIPLE_CHRONIC_CONDITIONS = {
  minConditions: 2,
  maxConditions: null,
  minExpectedDurationMonths: 12,
  source:
    'ccm-rules.md §2 NOT_ELIGIBLE: ≥2 chronic conditions expected to last ≥12 months (or until death), significant risk (CPT descriptor adopted by CMS; MAC NGS)',
};

export const RULE_SET_2025: RuleSet = {
  year: 2025,
  provisional: false,
  timeTracks: { CCM: CCM_TRACKS, PCM: PCM_TRACKS },
  apcm: {
    singleConditionCode: 'G0556',
    multipleConditionsCode: 'G0557',
    multipleConditionsQmbCode: 'G0558',
    multipleConditions: MULTIPLE_CHRONIC_CONDITIONS,
    behaviouralHealthAddOns: null,
    source: 'ccm-rules.md §1: APCM from 2025, no time threshold; G0556 ≤1 condition, G0557 ≥2, G0558 ≥2 and QMB',
  },
  eligibility: {
    CCM: MULTIPLE_CHRONIC_CONDITIONS,
    PCM: {
      minConditions: 1,
      // Comorbidities are expected and do not bar PCM: it focuses on one complex chronic condition.
      maxConditions: null,
      minExpectedDurationMonths: 3,
      source:
        'ccm-rules.md §2 NOT_ELIGIBLE: PCM needs at least one complex chronic condition expected to last ≥3 months, which it focuses on; other conditions do not make the patient ineligible (CPT descriptor adopted by CMS; MAC NGS; CY 2020 PFS)',
    },
  },
  consent: {
    source:
      'ccm-rules.md §2 NO_CONSENT: verbal or written, before the first counted minute, four disclosures, written needs a document (MAC NGS, Noridian Q&A 2017)',
  },
  carePlan: {
    creatorCredentials: PRACTITIONER_CREDENTIALS,
    source:
      'ccm-rules.md §2 NO_CARE_PLAN / CARE_PLAN_NOT_SHARED: created by a practitioner with every element, copy given to the patient (CMS MLN909188; Noridian Q&A 2017; MAC NGS)',
  },
  initiatingVisit: {
    kinds: INITIATING_VISIT_KINDS,
    lookBackMonths: { CCM: 12, PCM: 12, APCM: 36 },
    source:
      'ccm-rules.md §2 NO_INITIATING_VISIT: billing practitioner saw the patient within 12 months (APCM 3 years) before care management started (CMS since 2017; Noridian)',
  },
  externalServiceRules: externalServiceRules(APCM_CODES),
  setApart: {
    faceToFaceVisitCodes: FACE_TO_FACE_VISIT_CODES,
    inpatientStayCodes: INPATIENT_STAY_CODES,
    source:
      'ccm-rules.md §1 "a minute counts once" (CMS FAQ 2015 No. 6): time during a face-to-face visit billed that day and while the patient is a hospital or SNF inpatient does not count',
  },
  warnings: {
    lateEntryAfterDays: 7,
    manualShareAbove: 0.5,
    source: 'ccm-rules.md §2 Warnings: LATE_ENTRY after 7 days or after close, MANUAL_TIME above half, AMENDED_AFTER_CLOSE',
  },
  coverageVerification: {
    validForDays: 365,
    source:
      'CareLedger policy: CMS expects Medicare eligibility (Part B, Medicare Advantage, secondary payer) checked before services are billed (HETS 270/271); coverage changes at least yearly (annual election period), so a verification counts for 365 days',
  },
  coinsuranceRate: 0.2,
  feeSchedule: parseFeeSchedule(feeSchedule2025, 'src/billing/fee-schedules/2025.json'),
};
