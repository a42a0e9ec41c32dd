import { PATIENT_ID, consentGiven, enrolled, patientCommand, snapshot, STAFF } from '../../test/support/care-record-events';
import { given } from '../../test/support/decider-specification';
import type { BillingPractitionerChanged } from '../patients/patient.events';
import { consentDecider, consentValidTime } from './consent.decider';
import type { ConsentRevoked } from './consent.events';

const ids = { patientId: PATIENT_ID, practiceId: 'p1' };
const give = (overrides: Record<string, unknown> = {}) =>
  patientCommand('GiveConsent', {
    method: 'VERBAL' as const,
    givenAt: '2026-03-02T14:00:00.000Z',
    explainedCostSharing: true,
    explainedRightToStop: true,
    explainedSinglePractitioner: true,
    documentReference: null,
    ...overrides,
  });
const revoke = (overrides: Record<string, unknown> = {}) =>
  patientCommand('RevokeConsent', { revokedAt: '2026-03-12T10:00:00.000Z', reason: 'Patient moved to another clinic', ...overrides });
const revoked: ConsentRevoked = { type: 'ConsentRevoked', data: { ...ids, revokedAt: '2026-03-12T10:00:00.000Z', reason: 'moved', recordedBy: 'rn-b' } };
const practitionerChanged: BillingPractitionerChanged = {
  type: 'BillingPractitionerChanged',
  data: { ...ids, billingPractitioner: snapshot(STAFF.npC), previousBillingPractitionerId: 'dr-a', reason: 'Dr A retires' },
};

describe('consent decider', () => {
  describe('GiveConsent', () => {
    it('records a verbal consent with the four disclosures, who recorded it and for which billing practitioner', () =>
      given(consentDecider, [enrolled()]).when(give()).then([consentGiven()]));

    it('records a written consent with its document reference', () =>
      given(consentDecider, [enrolled()])
        .when(give({ method: 'WRITTEN', documentReference: 'scan-2026-0311' }))
        .then([consentGiven({ method: 'WRITTEN', documentReference: 'scan-2026-0311' })]));

    it('refuses a written consent without a document reference', () =>
      given(consentDecider, [enrolled()])
        .when(give({ method: 'WRITTEN' }))
        .thenThrows('BAD_USER_INPUT', /documentReference/));

    it.each(['explainedCostSharing', 'explainedRightToStop', 'explainedSinglePractitioner'])('refuses a consent without %s', (flag) =>
      given(consentDecider, [enrolled()])
        .when(give({ [flag]: false }))
        .thenThrows('BAD_USER_INPUT', new RegExp(`^${flag}: must be true`)),
    );

    it('refuses a consent given in the future (beyond 5 minutes of clock skew)', () =>
      given(consentDecider, [enrolled()])
        .when(give({ givenAt: '2026-03-15T12:06:00.000Z' }))
        .thenThrows('BAD_USER_INPUT', /givenAt/));

    it('accepts a consent a few minutes ahead of the server clock (skew)', () =>
      given(consentDecider, [enrolled()])
        .when(give({ givenAt: '2026-03-15T12:04:00.000Z' }))
        .then([consentGiven({ givenAt: '2026-03-15T12:04:00.000Z' })]));

    it('refuses a second consent while one is in force for the same billing practitioner', () =>
      given(consentDecider, [enrolled(), consentGiven()])
        .when(give({ givenAt: '2026-03-05T10:00:00.000Z' }))
        .thenThrows('PRECONDITION_FAILED', /already in force/));

    it('records a new consent when the billing practitioner changed', () =>
      given(consentDecider, [enrolled(), consentGiven(), practitionerChanged])
        .when(give({ givenAt: '2026-03-05T10:00:00.000Z' }))
        .then([consentGiven({ givenAt: '2026-03-05T10:00:00.000Z', billingPractitionerId: 'np-c' })]));

    it('records a new consent after a revocation', () =>
      given(consentDecider, [enrolled(), consentGiven(), revoked])
        .when(give({ givenAt: '2026-03-14T10:00:00.000Z' }))
        .then([consentGiven({ givenAt: '2026-03-14T10:00:00.000Z' })]));

    it('refuses a new consent dated before the previous revocation', () =>
      given(consentDecider, [enrolled(), consentGiven(), revoked])
        .when(give({ givenAt: '2026-03-10T10:00:00.000Z' }))
        .thenThrows('BAD_USER_INPUT', /givenAt/));

    it('answers NOT_FOUND for an unknown patient', () => given(consentDecider).when(give()).thenThrows('NOT_FOUND'));
    it("answers NOT_FOUND for another practice's patient", () =>
      given(consentDecider, [enrolled({ practiceId: 'p2' })])
        .when(give())
        .thenThrows('NOT_FOUND', /^Patient not found$/));
  });

  describe('RevokeConsent', () => {
    it('records the revocation with its reason and who recorded it', () =>
      given(consentDecider, [enrolled(), consentGiven()])
        .when(revoke())
        .then([
          {
            type: 'ConsentRevoked',
            data: { ...ids, revokedAt: '2026-03-12T10:00:00.000Z', reason: 'Patient moved to another clinic', recordedBy: 'rn-b' },
          },
        ]));

    it('keeps the history: the revoked consent stays in the record with its revocation', () => {
      const { state } = given(consentDecider, [enrolled(), consentGiven(), revoked]);
      expect(state.consents).toEqual([
        expect.objectContaining({ givenAt: '2026-03-02T14:00:00.000Z', revokedAt: '2026-03-12T10:00:00.000Z', revocationReason: 'moved' }),
      ]);
    });

    it('refuses when no consent was given', () =>
      given(consentDecider, [enrolled()])
        .when(revoke())
        .thenThrows('PRECONDITION_FAILED', /no consent in force/));
    it('refuses when the consent is already revoked', () =>
      given(consentDecider, [enrolled(), consentGiven(), revoked])
        .when(revoke())
        .thenThrows('PRECONDITION_FAILED', /no consent in force/));
    it('refuses a revocation before the consent', () =>
      given(consentDecider, [enrolled(), consentGiven()])
        .when(revoke({ revokedAt: '2026-03-01T10:00:00.000Z' }))
        .thenThrows('BAD_USER_INPUT', /revokedAt/));
    it('refuses a revocation in the future', () =>
      given(consentDecider, [enrolled(), consentGiven()])
        .when(revoke({ revokedAt: '2026-03-16T10:00:00.000Z' }))
        .thenThrows('BAD_USER_INPUT', /revokedAt/));
    it('answers NOT_FOUND for an unknown patient', () => given(consentDecider).when(revoke()).thenThrows('NOT_FOUND'));
  });

  it('dates the events by when consent was given or revoked', () => {
    expect(consentValidTime(consentGiven(), 'UTC')?.toISOString()).toBe('2026-03-02T14:00:00.000Z');
    expect(consentValidTime(revoked, 'UTC')?.toISOString()).toBe('2026-03-12T10:00:00.000Z');
  });
});
