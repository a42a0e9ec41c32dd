/**
 * Which minutes count (ccm-rules.md §1 and §2): a call counts in the practice-zone month of its startedAt;
 * voided entries and NON_CLINICAL time never count; corrected minutes are the entry's current minutes; minutes
 * before consent and after revocation do not count (policies.ts). Time of the billing practitioner is kept
 * apart from clinical staff time (which includes other practitioners) because 99491/99437 and 99424/99425 use
 * only the former.
 */
import { localMonthOf, parseInstant } from './calendar';
import type { ConsentAssessment } from './consent';
import type { ExclusionReason, PatientMonthFacts, TimeEntryFact } from './types';

export interface CountedEntry {
  entry: TimeEntryFact;
  startedAtMs: number;
}

export interface CountedTime {
  clinicalStaffMinutes: number;
  practitionerMinutes: number;
  counted: CountedEntry[];
  /** Every entry of the month, counted or not, voided included (a void after close is an amendment). */
  inMonth: CountedEntry[];
  excluded: { id: string; reason: ExclusionReason }[];
  /**
   * Moderate/high MDM documented on a counted entry of the billing practitioner (complex CCM, ccm-rules.md §1: the
   * decision making is the billing practitioner's; a flag on another performer's entry does not make the month complex).
   */
  complexMedicalDecisionMaking: boolean;
}

export function countTime(facts: PatientMonthFacts, consent: ConsentAssessment): CountedTime {
  const result: CountedTime = {
    clinicalStaffMinutes: 0,
    practitionerMinutes: 0,
    counted: [],
    inMonth: [],
    excluded: [],
    complexMedicalDecisionMaking: false,
  };
  for (const entry of facts.timeEntries) {
    if (!Number.isInteger(entry.minutes) || entry.minutes < 0) {
      throw new RangeError(`timeEntry ${entry.id}: minutes must be a non-negative integer, got ${entry.minutes}`);
    }
    const startedAtMs = parseInstant(entry.startedAt, `timeEntry ${entry.id} startedAt`);
    const reason = exclusionReason(entry, startedAtMs, facts, consent);
    if (reason !== 'OTHER_MONTH') result.inMonth.push({ entry, startedAtMs });
    if (reason !== null) {
      result.excluded.push({ id: entry.id, reason });
      continue;
    }
    result.counted.push({ entry, startedAtMs });
    const byBillingPractitioner = entry.performerId === facts.billingPractitionerId;
    if (byBillingPractitioner) result.practitionerMinutes += entry.minutes;
    else result.clinicalStaffMinutes += entry.minutes;
    if (entry.complexMedicalDecisionMaking && byBillingPractitioner) result.complexMedicalDecisionMaking = true;
  }
  return result;
}

function exclusionReason(
  entry: TimeEntryFact,
  startedAtMs: number,
  facts: PatientMonthFacts,
  consent: ConsentAssessment,
): ExclusionReason | null {
  if (localMonthOf(startedAtMs, facts.timeZone) !== facts.month) return 'OTHER_MONTH';
  if (entry.voided) return 'VOIDED';
  if (entry.performerCredential === 'NON_CLINICAL') return 'NON_CLINICAL';
  if (!consent.minutesCanCount) return 'NO_VALID_CONSENT';
  if (consent.countFromMs !== null && startedAtMs < consent.countFromMs) return 'BEFORE_CONSENT';
  if (consent.countBeforeMs !== null && startedAtMs >= consent.countBeforeMs) return 'AFTER_REVOCATION';
  return null;
}
