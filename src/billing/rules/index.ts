/** Public API of the billing rules engine. */
export { evaluatePatientMonth, type EvaluationOptions } from './evaluate';
export { isEvaluableServiceYear, ruleSet, ruleSetForMonth, SUPPORTED_SERVICE_YEARS } from './rule-sets';
export type { RuleSet, TimeTrackRule, EligibilityRule, ExternalServiceRule } from './rule-set';
export { DEFAULT_POLICIES, type BillingPolicies } from './policies';
export { loadFeeSchedule, parseFeeSchedule, unitAmountCents, FeeScheduleError, type FeeSchedule, type PricingSetting } from '../fee-schedules/fee-schedule';
export * from './types';
