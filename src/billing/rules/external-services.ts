/**
 * DUPLICATE_BILLER and CONFLICTING_SERVICE from services recorded with recordExternalService (ccm-rules.md §2;
 * the table of code families lives in the rule set). TCM, RPM and BHI are allowed next to CCM and match no
 * rule; their minutes are never CCM minutes (they are not time entries).
 */
import { assertLocalDate } from '../../kernel/calendar';
import type { RuleSet } from './rule-set';
import type { Blocker, PatientMonthFacts } from './types';

export function externalServiceBlockers(facts: PatientMonthFacts, rules: RuleSet): Blocker[] {
  const blockers = new Set<Blocker>();
  for (const service of facts.externalServices) {
    assertLocalDate(service.serviceDate, 'externalService.serviceDate');
    if (service.serviceDate.slice(0, 7) !== facts.month) continue;
    for (const rule of rules.externalServiceRules) {
      const byWhom = rule.billedBy === 'ANYONE' || service.billedByBillingPractitioner;
      if (rule.program === facts.program && byWhom && rule.codes.includes(service.cptCode.trim().toUpperCase())) {
        blockers.add(rule.blocker);
      }
    }
  }
  return [...blockers];
}
