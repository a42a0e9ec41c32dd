import type { ConsentState } from './consent.state';

/** GraphQL `Consent`. */
export type ConsentView = Pick<
  ConsentState,
  'method' | 'givenAt' | 'recordedBy' | 'revokedAt' | 'revocationReason' | 'documentReference' | 'billingPractitionerId'
> & {
  /** In force now: not revoked, the latest, and for the patient's current billing practitioner. */
  given: boolean;
};

/**
 * A consent covers the patient only while it is the latest, unrevoked, and given for the current billing
 * practitioner (ccm-rules §2 Policy: a new billing practitioner needs a new consent).
 */
export function consentCovers(consents: readonly ConsentState[], consent: ConsentState, billingPractitionerId: string): boolean {
  return consent === consents[consents.length - 1] && consent.revokedAt === null && consent.billingPractitionerId === billingPractitionerId;
}

export function toConsentViews(consents: readonly ConsentState[], billingPractitionerId: string): ConsentView[] {
  return consents.map((consent) => ({
    given: consentCovers(consents, consent, billingPractitionerId),
    method: consent.method,
    givenAt: consent.givenAt,
    recordedBy: consent.recordedBy,
    revokedAt: consent.revokedAt,
    revocationReason: consent.revocationReason,
    documentReference: consent.documentReference,
    billingPractitionerId: consent.billingPractitionerId,
  }));
}
