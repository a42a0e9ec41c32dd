import { consentCoveringMonth, evolveConsents, type ConsentState } from '../../consent/consent.state';
import type { RecordedEvent } from '../../event-store/event-store.port';
import { monthOf } from '../../kernel/calendar';
import type { ConsentEvidence } from './evidence-packet';
import { eventsOfType } from './recorded-events';

/**
 * The consent that covers the month, chosen as billing chooses it (consent.state.ts consentCoveringMonth), with its
 * revocation. It is evidence for the month when it was given for the
 * month's billing practitioner and not revoked before the month began (a revocation takes effect at the end of its
 * month, ccm-rules §2). Consents are folded by the consent slice; the fold here keeps each one's events.
 */
export function consentForMonth(events: readonly RecordedEvent[], month: string, timeZone: string, billingPractitionerId: string): ConsentEvidence | null {
  let consents: ConsentState[] = [];
  const eventIds: string[][] = [];
  for (const { recorded, event } of eventsOfType(events, 'ConsentGiven', 'ConsentRevoked')) {
    if (event.type === 'ConsentGiven') eventIds.push([recorded.id]);
    // evolveConsents applies a revocation to the latest consent only while it is not revoked yet.
    else if (consents.length > 0 && consents[consents.length - 1].revokedAt === null) eventIds[eventIds.length - 1].push(recorded.id);
    consents = evolveConsents(consents, event);
  }
  const consent = consentCoveringMonth(consents, month, timeZone);
  if (!consent) return null;
  const revokedBeforeMonth = consent.revokedAt !== null && monthOf(new Date(consent.revokedAt), timeZone) < month;
  return {
    coversMonth: consent.billingPractitionerId === billingPractitionerId && !revokedBeforeMonth,
    method: consent.method,
    givenAt: consent.givenAt,
    recordedBy: consent.recordedBy,
    disclosures: consent.disclosures,
    documentReference: consent.documentReference,
    billingPractitionerId: consent.billingPractitionerId,
    revokedAt: consent.revokedAt,
    revocationReason: consent.revocationReason,
    revokedBy: consent.revokedBy,
    eventIds: eventIds[consents.indexOf(consent)],
  };
}
