import { monthOf } from '../kernel/calendar';
import type { PatientEvent } from '../patient-stream/patient-event';
import type { ConsentGiven } from './consent.events';

export type ConsentState = Omit<ConsentGiven['data'], 'patientId' | 'practiceId'> & {
  revokedAt: string | null;
  revocationReason: string | null;
  revokedBy: string | null;
};

/** Every consent ever given, oldest first; a revocation marks the one in force and erases nothing. */
export function evolveConsents(consents: ConsentState[], event: PatientEvent): ConsentState[] {
  switch (event.type) {
    case 'ConsentGiven': {
      const { patientId: _patient, practiceId: _practice, ...given } = event.data;
      return [...consents, { ...given, revokedAt: null, revocationReason: null, revokedBy: null }];
    }
    case 'ConsentRevoked': {
      const last = consents[consents.length - 1];
      if (!last || last.revokedAt !== null) return consents;
      const { revokedAt, reason, recordedBy } = event.data;
      return [...consents.slice(0, -1), { ...last, revokedAt, revocationReason: reason, revokedBy: recordedBy }];
    }
    default:
      return consents;
  }
}

export const latestConsent = (consents: readonly ConsentState[]): ConsentState | null => consents[consents.length - 1] ?? null;

export const consentInForce = (consents: readonly ConsentState[]): ConsentState | null => {
  const latest = latestConsent(consents);
  return latest && latest.revokedAt === null ? latest : null;
};

/**
 * The consent that covers a month (ccm-rules §2 NO_CONSENT): the latest one given by the end of the month in valid
 * time (the practice's zone), with its revocation if any; a consent given after a revocation replaces it. Billing
 * evaluates the month with it and the evidence packet shows it: one choice for both.
 */
export function consentCoveringMonth(consents: readonly ConsentState[], month: string, timeZone: string): ConsentState | null {
  let chosen: ConsentState | null = null;
  for (const consent of consents) {
    if (monthOf(new Date(consent.givenAt), timeZone) > month) continue;
    if (!chosen || Date.parse(consent.givenAt) >= Date.parse(chosen.givenAt)) chosen = consent;
  }
  return chosen;
}
