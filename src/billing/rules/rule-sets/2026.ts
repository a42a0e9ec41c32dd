/**
 * Service year 2026: the rules of 2025, the fee schedule of RVU26C and the 2026 conversion factors (ccm-rules.md
 * §3), and the APCM behavioural-health add-ons G0568–G0570 (ccm-rules.md §1; CY 2026 PFS final rule, 90 FR 49266).
 */
import feeSchedule2026 from '../../fee-schedules/2026.json';
import { parseFeeSchedule } from '../../fee-schedules/fee-schedule';
import type { BehaviouralHealthAddOnRule, RuleSet } from '../rule-set';
import { APCM_CODES, externalServiceRules, RULE_SET_2025 } from './2025';

const BEHAVIOURAL_HEALTH_ADD_ONS: BehaviouralHealthAddOnRule = {
  collaborativeCareInitialMonthCode: 'G0568',
  collaborativeCareSubsequentMonthCode: 'G0569',
  generalBehaviouralHealthCode: 'G0570',
  standaloneCodes: ['99484', '99492', '99493', '99494'],
  source:
    'ccm-rules.md §1 G0568/G0569/G0570 (CY 2026 PFS final rule, 90 FR 49266): behavioural health integration (CoCM first month, CoCM later months, general BHI) billed with APCM by the same practitioner in the same month, without the time thresholds of 99492/99493/99484, and not together with those codes',
};

export const APCM_CODES_2026: readonly string[] = [
  ...APCM_CODES,
  BEHAVIOURAL_HEALTH_ADD_ONS.collaborativeCareInitialMonthCode,
  BEHAVIOURAL_HEALTH_ADD_ONS.collaborativeCareSubsequentMonthCode,
  BEHAVIOURAL_HEALTH_ADD_ONS.generalBehaviouralHealthCode,
];

export const RULE_SET_2026: RuleSet = {
  ...RULE_SET_2025,
  year: 2026,
  apcm: { ...RULE_SET_2025.apcm, behaviouralHealthAddOns: BEHAVIOURAL_HEALTH_ADD_ONS },
  externalServiceRules: externalServiceRules(APCM_CODES_2026),
  feeSchedule: parseFeeSchedule(feeSchedule2026, 'src/billing/fee-schedules/2026.json'),
};
