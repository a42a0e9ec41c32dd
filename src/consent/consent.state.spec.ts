import { consentCoveringMonth, type ConsentState } from './consent.state';

const consent = (givenAt: string, revokedAt: string | null = null): ConsentState => ({
  method: 'VERBAL',
  givenAt,
  recordedBy: 'rn-b',
  disclosures: { serviceAvailability: true, costSharing: true, singlePractitionerPerMonth: true, rightToStop: true },
  documentReference: null,
  billingPractitionerId: 'dr-a',
  revokedAt,
  revocationReason: revokedAt && 'Patient declined',
  revokedBy: revokedAt && 'rn-b',
});

const NEW_YORK = 'America/New_York';
const february = consent('2026-02-10T15:00:00.000Z', '2026-02-20T15:00:00.000Z');
const march = consent('2026-03-05T15:00:00.000Z');
// 23:30 on 31 March in New York: still March where the practice is.
const lastEveningOfMarch = consent('2026-04-01T03:30:00.000Z');
const april = consent('2026-04-02T15:00:00.000Z');

/** ccm-rules §2 NO_CONSENT: the latest consent given by the end of the month (valid time, practice zone) covers it. */
describe('the consent that covers a month', () => {
  it.each([
    ['no consent at all', [], '2026-03', null],
    ['only one given in a later month', [april], '2026-03', null],
    ['a revoked consent is still the one that covers (its revocation is judged by the rules)', [february], '2026-03', february],
    ['a consent given after a revocation replaces it', [february, march], '2026-03', march],
    ['the latest given by the end of the month, in the practice zone', [february, march, lastEveningOfMarch, april], '2026-03', lastEveningOfMarch],
    ['an earlier month keeps its own', [february, march, april], '2026-02', february],
  ])('%s', (_case, consents, month, expected) => {
    expect(consentCoveringMonth(consents, month, NEW_YORK)).toBe(expected);
  });
});
