import { ruleSet, SUPPORTED_SERVICE_YEARS, type EligibilityRule } from '../billing/rules';
import type { Program } from './patient.events';
import type { ConditionState } from './patient.state';

/**
 * Whether the patient's conditions qualify for the enrolled program (ccm-rules §2, NOT_ELIGIBLE; CPT descriptors
 * adopted by CMS; MAC NGS). Derived from the record, never typed in. `reasons` explains a no and names the
 * qualifying diagnoses of a yes, so a reviewer sees why without recomputing.
 *
 * This answers "now" (active, unresolved conditions); the billing engine applies the same thresholds per month in
 * valid time (a condition counts from its onset until resolved).
 */
export interface Eligibility {
  eligible: boolean;
  program: Program;
  reasons: string[];
}

export type EligibilityCondition = Pick<ConditionState, 'icd10' | 'active' | 'expectedDurationMonths' | 'placesAtSignificantRisk' | 'resolvedOn'>;

/** The thresholds are the billing rules' own (one rule, one place), taken from the latest service year CareLedger has. */
type ConditionRule = Pick<EligibilityRule, 'minConditions' | 'maxConditions' | 'minExpectedDurationMonths'> & { description: string };

const CURRENT_RULES = ruleSet(Math.max(...SUPPORTED_SERVICE_YEARS));

/** Chronic conditions expected to last at least 12 months (or until death) that place the patient at significant risk. */
const MULTIPLE_CHRONIC_CONDITIONS: ConditionRule = {
  ...CURRENT_RULES.eligibility.CCM,
  description: `at least ${CURRENT_RULES.eligibility.CCM.minConditions} active chronic conditions expected to last at least ${CURRENT_RULES.eligibility.CCM.minExpectedDurationMonths} months that place the patient at significant risk`,
};

const RULES: Record<Exclude<Program, 'APCM'>, ConditionRule> = {
  CCM: MULTIPLE_CHRONIC_CONDITIONS,
  // PCM (CPT 99424-99427) focuses on one complex chronic condition; comorbidities are expected and do not bar it.
  PCM: {
    ...CURRENT_RULES.eligibility.PCM,
    description: `at least one active chronic condition expected to last at least ${CURRENT_RULES.eligibility.PCM.minExpectedDurationMonths} months that places the patient at significant risk, which the PCM focuses on`,
  },
};

/** APCM (G0556-G0558, from 2025) has no threshold: the count of qualifying conditions and QMB status pick the level. */
const APCM_LEVELS = {
  single: 'APCM level 1 (G0556): at most one qualifying chronic condition',
  multiple: 'APCM level 2 (G0557): at least 2 qualifying chronic conditions',
  multipleQmb: 'APCM level 3 (G0558): at least 2 qualifying chronic conditions and a Qualified Medicare Beneficiary',
};

const qualifies = (condition: EligibilityCondition, rule: ConditionRule) =>
  condition.active && condition.placesAtSignificantRisk && condition.expectedDurationMonths >= rule.minExpectedDurationMonths;

const listed = (codes: string[]) => (codes.length === 0 ? 'none' : codes.join(', '));

/** Why each condition that does not qualify does not. */
function exclusions(conditions: readonly EligibilityCondition[], rule: ConditionRule): string[] {
  return conditions.flatMap((condition) => {
    if (!condition.active) return [`${condition.icd10} was resolved on ${condition.resolvedOn}`];
    const why: string[] = [];
    if (condition.expectedDurationMonths < rule.minExpectedDurationMonths) {
      why.push(`${condition.icd10} is expected to last ${condition.expectedDurationMonths} months, fewer than ${rule.minExpectedDurationMonths}`);
    }
    if (!condition.placesAtSignificantRisk) why.push(`${condition.icd10} does not place the patient at significant risk`);
    return why;
  });
}

export function eligibilityOf(program: Program, qmb: boolean, conditions: readonly EligibilityCondition[]): Eligibility {
  const rule = program === 'APCM' ? MULTIPLE_CHRONIC_CONDITIONS : RULES[program];
  const qualifying = conditions.filter((condition) => qualifies(condition, rule)).map((condition) => condition.icd10);
  const count = qualifying.length;
  const notes = exclusions(conditions, rule);

  if (program === 'APCM') {
    const level = count < 2 ? APCM_LEVELS.single : qmb ? APCM_LEVELS.multipleQmb : APCM_LEVELS.multiple;
    return { eligible: true, program, reasons: [`${level}: ${listed(qualifying)}`, ...notes] };
  }

  const eligible = count >= rule.minConditions && (rule.maxConditions === null || count <= rule.maxConditions);
  if (eligible) return { eligible, program, reasons: [`${program} needs ${rule.description}: ${listed(qualifying)}`, ...notes] };
  const found = count === 0 ? 'none qualifies' : `${count} ${count === 1 ? 'qualifies' : 'qualify'} (${listed(qualifying)})`;
  return { eligible, program, reasons: [`${program} needs ${rule.description}; ${found}`, ...notes] };
}
