/**
 * One row per precondition of ccm-rules.md §2, each changing the default patient-month (which bills 99490 with
 * 25 staff minutes) in one way. Rows cite the rule they exercise.
 */
import type { EvaluationOptions } from './evaluate';
import { condition, DR_A, DR_B, evaluate, staff, type FactsSpec } from '../../../test/support/billing-rule-facts';
import type { Blocker, ConsentFact, ExternalServiceFact } from './types';

interface Row {
  rule: string;
  spec: FactsSpec;
  blockers: Blocker[];
  options?: EvaluationOptions;
}

const consent = (overrides: Partial<ConsentFact>): ConsentFact => ({
  givenAt: '2025-02-10T15:00:00Z',
  method: 'VERBAL',
  disclosures: { serviceAvailability: true, costSharing: true, singlePractitionerPerMonth: true, rightToStop: true },
  documentReference: null,
  practitionerId: DR_A,
  revokedAt: null,
  ...overrides,
});
const withDisclosure = (key: keyof ConsentFact['disclosures']) => consent({ disclosures: { ...consent({}).disclosures, [key]: false } });
const plan = (overrides: Partial<NonNullable<FactsSpec['carePlan']>>) => ({
  effectiveAt: '2025-02-12T15:00:00Z',
  creatorCredential: 'MD' as const,
  allRequiredElementsPresent: true,
  revisions: [],
  sharedWithPatientAt: '2025-02-13T15:00:00Z',
  ...overrides,
});
const external = (cptCode: string, byDrA: boolean, serviceDate = '2025-05-09'): ExternalServiceFact => ({
  serviceDate,
  cptCode,
  billedByNpi: byDrA ? '1234567893' : '1999999984',
  billedByBillingPractitioner: byDrA,
  minutes: null,
});
const row = (rule: string, spec: FactsSpec, blockers: Blocker[], options?: EvaluationOptions): Row => ({
  rule,
  spec: { entries: [staff(25)], ...spec },
  blockers,
  options,
});

const ELIG = 'NOT_ELIGIBLE (§2; CPT descriptor adopted by CMS, MAC NGS)';
const CONSENT = 'NO_CONSENT (§2; MAC NGS, Noridian Q&A 2017)';
const PLAN = 'NO_CARE_PLAN (§2; CMS MLN909188, Noridian Q&A 2017)';
const SHARED = 'CARE_PLAN_NOT_SHARED (§2; MAC NGS)';
const VISIT = 'NO_INITIATING_VISIT (§2; CMS since 2017, Noridian)';
const VISIT_FIRST_MINUTE = 'NO_INITIATING_VISIT: the visit precedes care management, its first counted minute; a phone consent may come first (§2)';
const TIME = 'INSUFFICIENT_TIME (§2, thresholds §1)';
const DUP = 'DUPLICATE_BILLER (§2; OIG 2019 and 2021)';
const PCM_DUP = "DUPLICATE_BILLER is CCM's one-biller rule; PCM by different practitioners for different conditions is allowed (§2)";
const PCM_FOCUS = 'NOT_ELIGIBLE for PCM: one complex chronic condition in focus, comorbidities expected (§2; CPT descriptor, MAC NGS, CY 2020 PFS)';
const CONFLICT = 'CONFLICTING_SERVICE (§2; CMS FAQ 2015, OIG 2019, AAFP on APCM)';
const ALLOWED = 'allowed with CCM, separate minutes (§2: TCM since 2020, RPM, BHI)';
const REVOKED = 'CONSENT_REVOKED (§2 Policy; NGS)';
const RENEWAL = 'consent renewal (policies.ts: not required by CMS, a practice setting; NGS: consent before the first counted minute)';
const hf = (overrides = {}) => condition('I50.22', { expectedDurationMonths: 60, ...overrides });

const rows: Row[] = [
  row(`${ELIG}: the default month is billable`, {}, []),
  row(`${RENEWAL}: without a renewal period, a consent of February 2025 still covers March 2026`, { month: '2026-03' }, []),
  row(`${RENEWAL}: with a yearly renewal, it lapsed on 10 February 2026 and March 2026 needs a new one`, { month: '2026-03', consentRenewalMonths: 12 }, [
    'NO_CONSENT',
  ]),
  row(`${RENEWAL}: lapsing on 10 May, minutes of the 14th do not count`, { consentRenewalMonths: 3 }, ['INSUFFICIENT_TIME']),
  row(
    `${RENEWAL}: lapsing on 10 May, minutes of the 5th still count`,
    { consentRenewalMonths: 3, entries: [staff(25, { startedAt: '2025-05-05T14:00:00Z' })] },
    [],
  ),
  row(`${ELIG}: CCM with one condition`, { conditions: [condition('E11.9')] }, ['NOT_ELIGIBLE']),
  row(`${ELIG}: second condition expected 6 months`, { conditions: [condition('E11.9'), condition('J18.9', { expectedDurationMonths: 6 })] }, ['NOT_ELIGIBLE']),
  row(
    `${ELIG}: second condition lasts until death`,
    { conditions: [condition('E11.9'), condition('C34.90', { expectedDurationMonths: 6, lastsUntilDeath: true })] },
    [],
  ),
  row(`${ELIG}: second condition not at significant risk`, { conditions: [condition('E11.9'), condition('M54.5', { placesAtSignificantRisk: false })] }, [
    'NOT_ELIGIBLE',
  ]),
  row(`${ELIG}: second condition resolved the day before the month`, { conditions: [condition('E11.9'), condition('I10', { resolvedOn: '2025-04-30' })] }, [
    'NOT_ELIGIBLE',
  ]),
  row(
    `${ELIG}: second condition resolved on the 1st still counts that day`,
    { conditions: [condition('E11.9'), condition('I10', { resolvedOn: '2025-05-01' })] },
    [],
  ),
  row(`${ELIG}: onset after the month`, { conditions: [condition('E11.9'), condition('I10', { onset: '2025-06-02' })] }, ['NOT_ELIGIBLE']),
  row(`${ELIG}: onset on the last day of the month`, { conditions: [condition('E11.9'), condition('I10', { onset: '2025-05-31' })] }, []),
  row(
    `${ELIG}: no onset, recorded 23:30 local on 31 May (03:30Z 1 June)`,
    { conditions: [condition('E11.9'), condition('I10', { onset: null, recordedAt: '2025-06-01T03:30:00Z' })] },
    [],
  ),
  row(
    `${ELIG}: no onset, recorded 00:30 local on 1 June`,
    { conditions: [condition('E11.9'), condition('I10', { onset: null, recordedAt: '2025-06-01T04:30:00Z' })] },
    ['NOT_ELIGIBLE'],
  ),
  row(
    `${ELIG}: two conditions in the month but never together`,
    { conditions: [condition('E11.9', { resolvedOn: '2025-05-10' }), condition('I10', { onset: '2025-05-20' })] },
    ['NOT_ELIGIBLE'],
  ),
  row(`${ELIG}: PCM with one condition expected 3 months`, { program: 'PCM', conditions: [hf({ expectedDurationMonths: 3 })], entries: [staff(30)] }, []),
  row(`${ELIG}: PCM with one condition expected 2 months`, { program: 'PCM', conditions: [hf({ expectedDurationMonths: 2 })], entries: [staff(30)] }, [
    'NOT_ELIGIBLE',
  ]),
  row(`${PCM_FOCUS}: heart failure with diabetes is PCM-eligible`, { program: 'PCM', conditions: [hf(), condition('E11.9')], entries: [staff(30)] }, []),
  row(`${PCM_FOCUS}: heart failure with stage 4 CKD (worked case 15)`, { program: 'PCM', conditions: [hf(), condition('N18.4')], entries: [staff(35)] }, []),
  row(
    `${ELIG}: PCM with one high-risk and one low-risk condition`,
    { program: 'PCM', conditions: [hf(), condition('M54.5', { placesAtSignificantRisk: false })], entries: [staff(30)] },
    [],
  ),
  row(`${ELIG}: PCM without any condition`, { program: 'PCM', conditions: [], entries: [staff(30)] }, ['NOT_ELIGIBLE']),
  row(`${ELIG}: APCM has a tier for one or fewer conditions (§1)`, { program: 'APCM', conditions: [], entries: [] }, []),

  row(`${CONSENT}: none on file`, { consent: null }, ['NO_CONSENT']),
  row(`${CONSENT}: service availability not explained`, { consent: withDisclosure('serviceAvailability') }, ['NO_CONSENT']),
  row(`${CONSENT}: cost sharing not explained`, { consent: withDisclosure('costSharing') }, ['NO_CONSENT']),
  row(`${CONSENT}: single practitioner not explained`, { consent: withDisclosure('singlePractitionerPerMonth') }, ['NO_CONSENT']),
  row(`${CONSENT}: right to stop not explained`, { consent: withDisclosure('rightToStop') }, ['NO_CONSENT']),
  row(`${CONSENT}: written without a document reference`, { consent: consent({ method: 'WRITTEN' }) }, ['NO_CONSENT']),
  row(`${CONSENT}: written with a blank document reference`, { consent: consent({ method: 'WRITTEN', documentReference: '  ' }) }, ['NO_CONSENT']),
  row(`${CONSENT}: written with a document reference`, { consent: consent({ method: 'WRITTEN', documentReference: 'scan-2025-0210' }) }, []),
  row(`${CONSENT}: given for Dr B, billed by Dr A (new practitioner needs new consent)`, { consent: consent({ practitionerId: DR_B }) }, ['NO_CONSENT']),
  row(`${CONSENT}: given 00:30 local on 1 June does not cover May`, { consent: consent({ givenAt: '2025-06-01T04:30:00Z' }) }, ['NO_CONSENT']),
  row(`${CONSENT}: given 23:30 local on 31 May covers May, minutes before it do not count`, { consent: consent({ givenAt: '2025-06-01T03:30:00Z' }) }, [
    'INSUFFICIENT_TIME',
  ]),
  row(`${CONSENT}: APCM needs consent too`, { program: 'APCM', consent: null, entries: [] }, ['NO_CONSENT']),

  row(`${PLAN}: no plan (and so nothing to share)`, { carePlan: null }, ['NO_CARE_PLAN']),
  row(`${PLAN}: created by a nurse`, { carePlan: plan({ creatorCredential: 'RN' }) }, ['NO_CARE_PLAN']),
  row(`${PLAN}: created by an NP`, { carePlan: plan({ creatorCredential: 'NP' }) }, []),
  row(`${PLAN}: an element missing`, { carePlan: plan({ allRequiredElementsPresent: false }) }, ['NO_CARE_PLAN']),
  row(`${PLAN}: effective only next month`, { carePlan: plan({ effectiveAt: '2025-06-02T14:00:00Z' }) }, ['NO_CARE_PLAN']),
  row(`${PLAN}: effective 23:30 local on the last day`, { carePlan: plan({ effectiveAt: '2025-05-31T23:30:00-04:00' }) }, []),
  row(`${SHARED}: never shared`, { carePlan: plan({ sharedWithPatientAt: null }) }, ['CARE_PLAN_NOT_SHARED']),
  row(`${SHARED}: shared next month`, { carePlan: plan({ sharedWithPatientAt: '2025-06-03T14:00:00Z' }) }, ['CARE_PLAN_NOT_SHARED']),
  row(`${SHARED}: shared 23:30 local on the last day`, { carePlan: plan({ sharedWithPatientAt: '2025-06-01T03:30:00Z' }) }, []),

  row(`${VISIT}: none recorded`, { initiatingVisits: [] }, ['NO_INITIATING_VISIT']),
  row(`${VISIT}: seen by Dr B, billed by Dr A`, { initiatingVisits: [{ date: '2025-02-03', practitionerId: DR_B, kind: 'E/M' }] }, ['NO_INITIATING_VISIT']),
  row(`${VISIT}: a phone call is no initiating visit`, { initiatingVisits: [{ date: '2025-02-03', practitionerId: DR_A, kind: 'PHONE' }] }, [
    'NO_INITIATING_VISIT',
  ]),
  row(`${VISIT}: AWV`, { initiatingVisits: [{ date: '2025-02-03', practitionerId: DR_A, kind: 'AWV' }] }, []),
  row(`${VISIT}: IPPE`, { initiatingVisits: [{ date: '2025-02-03', practitionerId: DR_A, kind: 'IPPE' }] }, []),
  row(`${VISIT}: TCM`, { initiatingVisits: [{ date: '2025-02-03', practitionerId: DR_A, kind: 'TCM' }] }, []),
  row(`${VISIT}: exactly 12 months before consent`, { initiatingVisits: [{ date: '2024-02-10', practitionerId: DR_A, kind: 'E/M' }] }, []),
  row(`${VISIT}: 12 months and a day before consent`, { initiatingVisits: [{ date: '2024-02-09', practitionerId: DR_A, kind: 'E/M' }] }, [
    'NO_INITIATING_VISIT',
  ]),
  row(`${VISIT}: on the consent day`, { initiatingVisits: [{ date: '2025-02-10', practitionerId: DR_A, kind: 'E/M' }] }, []),
  row(`${VISIT}: only after care management started`, { initiatingVisits: [{ date: '2025-02-11', practitionerId: DR_A, kind: 'E/M' }] }, [
    'NO_INITIATING_VISIT',
  ]),
  row(
    `${VISIT_FIRST_MINUTE}: a phone consent first, the visit next day, then the first counted minute`,
    { careManagementStartedAt: '2025-02-12T15:00:00Z', initiatingVisits: [{ date: '2025-02-11', practitionerId: DR_A, kind: 'E/M' }] },
    [],
  ),
  row(
    `${VISIT_FIRST_MINUTE}: the visit on the day of the first counted minute`,
    { careManagementStartedAt: '2025-02-12T15:00:00Z', initiatingVisits: [{ date: '2025-02-12', practitionerId: DR_A, kind: 'E/M' }] },
    [],
  ),
  row(
    `${VISIT_FIRST_MINUTE}: the visit after the first counted minute`,
    { careManagementStartedAt: '2025-02-12T15:00:00Z', initiatingVisits: [{ date: '2025-02-13', practitionerId: DR_A, kind: 'E/M' }] },
    ['NO_INITIATING_VISIT'],
  ),
  row(
    `${VISIT_FIRST_MINUTE}: the look-back counts from the first counted minute (12 months before it)`,
    { careManagementStartedAt: '2025-03-01T15:00:00Z', initiatingVisits: [{ date: '2024-03-01', practitionerId: DR_A, kind: 'E/M' }] },
    [],
  ),
  row(
    `${VISIT_FIRST_MINUTE}: without a known start, the month's first counted minute is the start (visit on 14 May, call on 14 May)`,
    {
      careManagementStartedAt: null,
      consent: consent({ givenAt: '2025-05-02T14:00:00Z' }),
      initiatingVisits: [{ date: '2025-05-14', practitionerId: DR_A, kind: 'AWV' }],
    },
    [],
  ),
  row(
    `${VISIT}: later months need no new visit (consent 2023, visit 2022, month 2025)`,
    {
      consent: consent({ givenAt: '2023-01-10T15:00:00Z' }),
      careManagementStartedAt: '2023-01-11T15:00:00Z',
      initiatingVisits: [{ date: '2022-06-01', practitionerId: DR_A, kind: 'E/M' }],
    },
    [],
  ),
  row(`${VISIT}: APCM looks back 3 years`, { program: 'APCM', initiatingVisits: [{ date: '2022-02-10', practitionerId: DR_A, kind: 'E/M' }] }, []),
  row(`${VISIT}: APCM, 3 years and a day`, { program: 'APCM', initiatingVisits: [{ date: '2022-02-09', practitionerId: DR_A, kind: 'E/M' }] }, [
    'NO_INITIATING_VISIT',
  ]),
  row(`${VISIT}: CCM does not get the APCM look-back`, { initiatingVisits: [{ date: '2022-02-10', practitionerId: DR_A, kind: 'E/M' }] }, [
    'NO_INITIATING_VISIT',
  ]),

  row(`${TIME}: no minutes at all`, { entries: [] }, ['INSUFFICIENT_TIME']),
  row(`${TIME}: APCM has no time threshold`, { program: 'APCM', entries: [] }, []),
  row(`${TIME}: left out when consent already explains it (policies.ts)`, { consent: null }, ['NO_CONSENT']),
  row(`${TIME}: reported with NO_CONSENT when the policy says so`, { consent: null }, ['NO_CONSENT', 'INSUFFICIENT_TIME'], {
    policies: { omitInsufficientTimeWhenConsentBlocks: false },
  }),

  row(`${DUP}: another practice bills 99491`, { externalServices: [external('99491', false)] }, ['DUPLICATE_BILLER']),
  row(`${DUP}: another practice bills 99487`, { externalServices: [external('99487', false)] }, ['DUPLICATE_BILLER']),
  row(`${DUP}: Dr A bills 99490 outside CareLedger`, { externalServices: [external('99490', true)] }, ['DUPLICATE_BILLER']),
  row(`${DUP}: another practice billed 99490 last month`, { externalServices: [external('99490', false, '2025-04-30')] }, []),
  row(`${DUP}: another practice bills 99490 next month`, { externalServices: [external('99490', false, '2025-06-01')] }, []),
  row(`${DUP}: PCM by the same practitioner`, { externalServices: [external('99424', true)] }, ['DUPLICATE_BILLER']),
  row(`${DUP}: PCM by another practitioner is allowed`, { externalServices: [external('99426', false)] }, []),
  row(
    `${PCM_DUP}: our PCM, PCM by another practitioner (another condition) is allowed`,
    { program: 'PCM', conditions: [hf()], entries: [staff(30)], externalServices: [external('99426', false)] },
    [],
  ),
  row(
    `${PCM_DUP}: our PCM, 99424 by another practitioner is allowed`,
    { program: 'PCM', conditions: [hf()], entries: [staff(30)], externalServices: [external('99424', false)] },
    [],
  ),
  row(
    `${PCM_DUP}: our PCM, PCM billed again by Dr A outside CareLedger`,
    { program: 'PCM', conditions: [hf()], entries: [staff(30)], externalServices: [external('99426', true)] },
    ['DUPLICATE_BILLER'],
  ),
  row(
    `${DUP}: our PCM, CCM by the same practitioner`,
    { program: 'PCM', conditions: [hf()], entries: [staff(30)], externalServices: [external('99490', true)] },
    ['DUPLICATE_BILLER'],
  ),
  row(
    `${DUP}: our PCM, CCM by another practitioner is allowed`,
    { program: 'PCM', conditions: [hf()], entries: [staff(30)], externalServices: [external('99490', false)] },
    [],
  ),
  row(`${DUP}: our APCM, APCM by another practice`, { program: 'APCM', externalServices: [external('G0557', false)] }, ['DUPLICATE_BILLER']),

  row(`${CONFLICT}: home-health oversight G0181 by Dr A`, { externalServices: [external('G0181', true)] }, ['CONFLICTING_SERVICE']),
  row(`${CONFLICT}: hospice oversight G0182 by Dr A`, { externalServices: [external('G0182', true)] }, ['CONFLICTING_SERVICE']),
  row(`${CONFLICT}: code written in lower case`, { externalServices: [external('g0181', true)] }, ['CONFLICTING_SERVICE']),
  row(`${CONFLICT}: ESRD 90951 by Dr A`, { externalServices: [external('90951', true)] }, ['CONFLICTING_SERVICE']),
  row(`${CONFLICT}: ESRD 90960 by Dr A`, { externalServices: [external('90960', true)] }, ['CONFLICTING_SERVICE']),
  row(`${CONFLICT}: ESRD 90970 by Dr A`, { externalServices: [external('90970', true)] }, ['CONFLICTING_SERVICE']),
  row(`${CONFLICT}: 90950 is outside the ESRD range`, { externalServices: [external('90950', true)] }, []),
  row(`${CONFLICT}: 90971 is outside the ESRD range`, { externalServices: [external('90971', true)] }, []),
  row(`${CONFLICT}: G0181 by another practitioner`, { externalServices: [external('G0181', false)] }, []),
  row(`${CONFLICT}: our CCM, APCM by Dr A`, { externalServices: [external('G0556', true)] }, ['CONFLICTING_SERVICE']),
  row(`${CONFLICT}: our APCM, TCM by Dr A`, { program: 'APCM', externalServices: [external('99495', true)] }, ['CONFLICTING_SERVICE']),
  row(`${CONFLICT}: our APCM, CCM by Dr A`, { program: 'APCM', externalServices: [external('99490', true)] }, ['CONFLICTING_SERVICE']),
  row(`${CONFLICT}: our APCM, CCM by another practice`, { program: 'APCM', externalServices: [external('99490', false)] }, []),
  row(`${ALLOWED}: TCM 99496 by Dr A`, { externalServices: [external('99496', true)] }, []),
  row(`${ALLOWED}: RPM 99457 and 99458 by Dr A`, { externalServices: [external('99457', true), external('99458', true)] }, []),
  row(`${ALLOWED}: BHI 99484 by Dr A`, { externalServices: [external('99484', true)] }, []),

  row(`${REVOKED}: revoked last month`, { consent: consent({ revokedAt: '2025-04-15T14:00:00Z' }) }, ['CONSENT_REVOKED']),
  row(`${REVOKED}: revoked this month after the minutes`, { consent: consent({ revokedAt: '2025-05-20T14:00:00Z' }) }, []),
  row(`${REVOKED}: revoked 23:30 local on 30 April (03:30Z 1 May)`, { consent: consent({ revokedAt: '2025-05-01T03:30:00Z' }) }, ['CONSENT_REVOKED']),
  row(`${REVOKED}: revoked 00:30 local on 1 May, before the minutes`, { consent: consent({ revokedAt: '2025-05-01T04:30:00Z' }) }, ['INSUFFICIENT_TIME']),
  row(
    `${REVOKED}: with later months billable, only the minutes after it are lost`,
    { consent: consent({ revokedAt: '2025-04-15T14:00:00Z' }) },
    ['INSUFFICIENT_TIME'],
    { policies: { revocation: { countMinutesAfterRevocation: false, laterMonthsBillable: true } } },
  ),

  row(
    'several blockers are all reported, in the fixed order',
    {
      conditions: [],
      consent: null,
      carePlan: plan({ sharedWithPatientAt: null, creatorCredential: 'LPN' }),
      initiatingVisits: [],
      externalServices: [external('99490', false), external('G0182', true)],
    },
    ['NOT_ELIGIBLE', 'NO_CONSENT', 'NO_CARE_PLAN', 'CARE_PLAN_NOT_SHARED', 'NO_INITIATING_VISIT', 'DUPLICATE_BILLER', 'CONFLICTING_SERVICE'],
  ),
];

describe('preconditions of ccm-rules.md §2', () => {
  it.each(rows)('$rule → $blockers', ({ spec, blockers, options }) => {
    const result = evaluate(spec, options);
    expect(result.blockers).toEqual(blockers);
    expect(result.claimReady).toBe(blockers.length === 0);
    if (blockers.length > 0) {
      // A blocked month bills nothing and offers no alternative.
      expect(result.lines).toEqual([]);
      expect(result.alternatives).toEqual([]);
      expect(result.expectedPaymentCents).toBe(0);
      expect(result.patientCoinsuranceCents).toBe(0);
    } else {
      expect(result.lines.length).toBeGreaterThan(0);
    }
  });
});
