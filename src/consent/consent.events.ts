import type { DomainEvent } from '../kernel/decider';

export const CONSENT_METHODS = ['VERBAL', 'WRITTEN'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

/**
 * The four disclosures CMS requires before CCM starts (ccm-rules §2; MAC NGS, Noridian Q&A 2017). Service
 * availability is not a separate input: consenting to the service is itself the record that it was offered.
 */
export type ConsentDisclosures = {
  serviceAvailability: boolean;
  costSharing: boolean;
  singlePractitionerPerMonth: boolean;
  rightToStop: boolean;
};

export type ConsentGiven = DomainEvent<
  'ConsentGiven',
  {
    patientId: string;
    practiceId: string;
    method: ConsentMethod;
    givenAt: string;
    /** Who documented it (the token subject). */
    recordedBy: string;
    disclosures: ConsentDisclosures;
    documentReference: string | null;
    /** A consent covers one billing practitioner; a new one needs a new consent (ccm-rules §2 Policy). */
    billingPractitionerId: string;
  }
>;

export type ConsentRevoked = DomainEvent<
  'ConsentRevoked',
  {
    patientId: string;
    practiceId: string;
    revokedAt: string;
    reason: string;
    recordedBy: string;
  }
>;

export type ConsentEvent = ConsentGiven | ConsentRevoked;
export const CONSENT_EVENT_TYPES: ConsentEvent['type'][] = ['ConsentGiven', 'ConsentRevoked'];
