/**
 * NO_CONSENT and CONSENT_REVOKED (ccm-rules.md §2; MAC NGS, Noridian Q&A 2017), and the window of instants in
 * which minutes may count (policies.ts: before consent no, after revocation no).
 */
import { localDate, monthOf, parseInstant, startOfLocalDay, subtractMonths } from '../../kernel/calendar';
import type { BillingPolicies } from './policies';
import type { ConsentFact, PatientMonthFacts } from './types';

export interface ConsentAssessment {
  blocker: 'NO_CONSENT' | 'CONSENT_REVOKED' | null;
  /** Minutes count only when a usable consent exists (NO_CONSENT means none can). */
  minutesCanCount: boolean;
  /** Minutes started before this instant do not count; null = no lower bound. */
  countFromMs: number | null;
  /** Minutes started at or after this instant do not count; null = no upper bound. */
  countBeforeMs: number | null;
  /** Epoch ms when consent was given, the anchor of the initiating-visit look-back; null without consent. */
  givenAtMs: number | null;
  /** When the consent lapses under the practice's renewal period; null without one. */
  lapsesAtMs: number | null;
  /** A revocation takes effect in or before this month, so no minute added later can count. */
  closedForFurtherMinutes: boolean;
}

const NONE: ConsentAssessment = {
  blocker: 'NO_CONSENT',
  minutesCanCount: false,
  countFromMs: null,
  countBeforeMs: null,
  givenAtMs: null,
  lapsesAtMs: null,
  closedForFurtherMinutes: false,
};

export function assessConsent(facts: PatientMonthFacts, policies: BillingPolicies): ConsentAssessment {
  const consent = facts.consent;
  if (!consent || !isDocumented(consent)) return NONE;
  // A new billing practitioner needs a new consent (ccm-rules.md §2 Policy).
  if (policies.consentIsPerBillingPractitioner && consent.practitionerId !== facts.billingPractitionerId) return NONE;

  const givenAtMs = parseInstant(consent.givenAt, 'consent.givenAt');
  // A consent given after the month does not cover it.
  if (monthOf(givenAtMs, facts.timeZone) > facts.month) return NONE;

  // A practice that renews consent yearly (policies.ts): the consent lapses on its anniversary, like a revocation,
  // and later months need a new one.
  const renewalMonths = facts.consentRenewalMonths ?? null;
  const lapsesAtMs =
    renewalMonths === null ? null : startOfLocalDay(subtractMonths(localDate(givenAtMs, facts.timeZone), -renewalMonths), facts.timeZone).getTime();
  if (lapsesAtMs !== null && monthOf(lapsesAtMs, facts.timeZone) < facts.month) return NONE;

  const revokedAtMs = consent.revokedAt === null ? null : parseInstant(consent.revokedAt, 'consent.revokedAt');
  const revocationMonth = revokedAtMs === null ? null : monthOf(revokedAtMs, facts.timeZone);
  const blocked = revocationMonth !== null && revocationMonth < facts.month && !policies.revocation.laterMonthsBillable;
  const revocationEndsMs = policies.revocation.countMinutesAfterRevocation ? null : revokedAtMs;
  const ends = [revocationEndsMs, lapsesAtMs].filter((end): end is number => end !== null);
  const countBeforeMs = ends.length === 0 ? null : Math.min(...ends);
  return {
    blocker: blocked ? 'CONSENT_REVOKED' : null,
    minutesCanCount: !blocked,
    countFromMs: policies.countMinutesBeforeConsent ? null : givenAtMs,
    countBeforeMs,
    givenAtMs,
    lapsesAtMs,
    closedForFurtherMinutes: blocked || (countBeforeMs !== null && monthOf(countBeforeMs, facts.timeZone) <= facts.month),
  };
}

/** Verbal or written, with all four disclosures; written consent needs a document reference. */
function isDocumented(consent: ConsentFact): boolean {
  const d = consent.disclosures;
  const disclosed = d.serviceAvailability && d.costSharing && d.singlePractitionerPerMonth && d.rightToStop;
  const documented = consent.method !== 'WRITTEN' || (consent.documentReference ?? '').trim() !== '';
  return disclosed && documented;
}
