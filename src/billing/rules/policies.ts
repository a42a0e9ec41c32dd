/**
 * CareLedger's policies: the choices made where the sources leave room or disagree (ccm-rules.md: "keep the
 * policies in one place in code so they can change"). The engine reads these values; nothing else encodes them.
 * A caller may override any of them per evaluation (EvaluationOptions.policies).
 */
import type { TrackId } from './types';

export interface BillingPolicies {
  /**
   * Tracks 99490/99439, 99491/99437 and 99487/99489 are mutually exclusive in a month (OIG 2021). Every compliant
   * track is computed, the highest expected payment is billed, and equal payments are broken in this order
   * (ccm-rules.md §1 Policy: staff, then practitioner, then complex).
   */
  trackTieOrder: readonly TrackId[];
  /**
   * Minutes started before the consent instant do not count (ccm-rules.md §2 Policy, NGS: consent documented
   * before the first counted minute). `true` would count the whole consent month.
   */
  countMinutesBeforeConsent: boolean;
  /**
   * Revocation (ccm-rules.md §2 Policy, NGS, conservative reading): the revocation month stays billable with the
   * minutes started before the revocation instant; minutes after it never count; later months are blocked with
   * CONSENT_REVOKED.
   */
  revocation: {
    countMinutesAfterRevocation: boolean;
    laterMonthsBillable: boolean;
  };
  /** "New consent is needed when the billing practitioner changes" (ccm-rules.md §2 Policy, NGS). */
  consentIsPerBillingPractitioner: boolean;
  /**
   * Without a valid consent no minute can count, so INSUFFICIENT_TIME would only repeat NO_CONSENT /
   * CONSENT_REVOKED; it is then left out to keep the blocker list about what must be fixed.
   */
  omitInsufficientTimeWhenConsentBlocks: boolean;
}

export const DEFAULT_POLICIES: BillingPolicies = {
  trackTieOrder: ['STAFF', 'PRACTITIONER', 'COMPLEX'],
  countMinutesBeforeConsent: false,
  revocation: { countMinutesAfterRevocation: false, laterMonthsBillable: false },
  consentIsPerBillingPractitioner: true,
  omitInsufficientTimeWhenConsentBlocks: true,
};

/*
 * Readings fixed in code (not switches), listed here so every policy is found in one place:
 * - Unknown amounts rank as 0 when options are compared (tracks.ts): an option never wins on a guessed figure
 *   (ccm-rules.md §3: never invent one).
 * - Eligibility: a condition counts from onset (else recording) through its resolution day; the month is
 *   eligible if on some day of it enough qualifying conditions were active together (eligibility.ts).
 * - The care plan must be in force, and shared, by the end of the month billed (care-plan.ts).
 * - Initiating visit: on or before the consent date, within the look-back before it (initiating-visit.ts).
 * - External services count in the month of their service date (external-services.ts).
 * - LATE_ENTRY measures from the end of the activity (startedAt + minutes) to its recording (warnings.ts).
 */
