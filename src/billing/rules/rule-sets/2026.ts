/**
 * Service year 2026: the rules of ccm-rules.md are the same as in 2025; only the fee schedule (RVU26C and the
 * 2026 conversion factors, ccm-rules.md §3) changes.
 */
import feeSchedule2026 from '../../fee-schedules/2026.json';
import { parseFeeSchedule } from '../../fee-schedules/fee-schedule';
import type { RuleSet } from '../rule-set';
import { RULE_SET_2025 } from './2025';

export const RULE_SET_2026: RuleSet = {
  ...RULE_SET_2025,
  year: 2026,
  feeSchedule: parseFeeSchedule(feeSchedule2026, 'src/billing/fee-schedules/2026.json'),
};
