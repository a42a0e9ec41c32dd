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

/**
 * Place of service on a claim (CMS-1500 box 24B) when neither the claim nor the practice names one. CMS: for care
 * management, the place where the billing practitioner would normally see the patient face to face; for a practice
 * that has not said, that is its office (11). A practice sets its own (configurePractice placeOfService, e.g. 22
 * for a hospital outpatient department), and a claim may override it (submitClaim placeOfService).
 */
export const CLAIM_PLACE_OF_SERVICE_DEFAULT = '11';

/*
 * Readings fixed in code (not switches), listed here so every policy is found in one place:
 * - Unknown amounts rank as 0 when options are compared (tracks.ts): an option never wins on a guessed figure
 *   (ccm-rules.md §3: never invent one).
 * - Eligibility: a condition counts from onset (else recording) through its resolution day; the month is
 *   eligible if on some day of it enough qualifying conditions were active together (eligibility.ts).
 * - The care plan must be in force, and shared, by the end of the month billed (care-plan.ts).
 * - Initiating visit: before care management starts (its first counted minute), within the look-back before it; a
 *   phone consent may come first (initiating-visit.ts, ccm-rules.md §2 NO_INITIATING_VISIT).
 * - Initiating visit kinds: an E/M visit of any level, AWV, IPPE or TCM. CMS names "a face-to-face visit" (E/M,
 *   AWV or IPPE; TCM too) without a minimum level, so CareLedger records the kind, not the level; the visit must be
 *   the billing practitioner's own (initiating-visit.ts).
 * - External services count in the month of their service date (external-services.ts).
 * - LATE_ENTRY measures from the end of the activity (startedAt + minutes) to its recording (warnings.ts).
 * - APCM in a month without any contact: billed. APCM has no time threshold and CMS describes it as the practice
 *   being available for the patient's care management that month (24/7 access, continuity, a care plan), not as a
 *   count of contacts; CareLedger bills the month when every other precondition holds, and the month's contacts are
 *   in the evidence packet for the reviewer (evaluate.ts apcmOption).
 * - APCM and the care plan for G0556 patients (one or no qualifying condition): CMS requires "a comprehensive care
 *   plan" as an APCM element without narrowing it for the lowest tier, so G0556 months need the same care plan as
 *   G0557/G0558 (care-plan.ts, NO_CARE_PLAN), the conservative reading.
 * - APCM behavioural-health add-ons (G0568–G0570, 2026): the practice's model (configurePractice
 *   apcmBehaviouralHealth) applies to an APCM patient in a month in which a behavioural-health diagnosis (ICD-10-CM
 *   F01–F99) is active; collaborative care's first month is the earliest such month since enrolment
 *   (billing/facts/patient-month-facts.ts). None when the billing practitioner billed 99484 or 99492–99494 that month.
 * - Annual consent renewal: not required. CMS asks for consent once, before the first counted minute, and a new one
 *   when the billing practitioner changes (NGS); a consent stays in force until revoked. A practice that renews
 *   (configurePractice consentRenewalMonths, e.g. 12) has its consents lapse on their anniversary: minutes from then
 *   on do not count (NO_VALID_CONSENT, "lapsed") and later months show NO_CONSENT until a new consent (consent.ts).
 * - RHC and FQHC billing is out of scope: those clinics bill care management on institutional claims (G0511 until
 *   2024, then the practitioner codes under their own payment rules), which CareLedger does not produce.
 */
