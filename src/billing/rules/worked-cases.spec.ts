/**
 * Every worked case of ccm-rules.md §5, with the codes, units and amounts given there (calendar year 2025).
 */
import { alternativesOf, codes, DR_A, drA, evaluate, staff, type FactsSpec } from '../../../test/support/billing-rule-facts';
import type { Blocker } from './types';

interface WorkedCase {
  n: number;
  why: string;
  spec: FactsSpec;
  bills: string[];
  cents: number;
  alternatives?: { codes: string[]; cents: number }[];
  blockers?: Blocker[];
  minutesToNextCode?: number | null;
  staffMinutes?: number;
}

const complexMonth = {
  carePlan: {
    effectiveAt: '2025-02-12T15:00:00Z',
    creatorCredential: 'MD' as const,
    allRequiredElementsPresent: true,
    revisions: [{ effectiveAt: '2025-05-06T14:00:00Z', substantial: true }],
    sharedWithPatientAt: '2025-02-13T15:00:00Z',
  },
};

const cases: WorkedCase[] = [
  { n: 1, why: 'below 20', spec: { entries: [staff(18)] }, bills: [], cents: 0, blockers: ['INSUFFICIENT_TIME'], minutesToNextCode: 2 },
  { n: 2, why: '≥ 20', spec: { entries: [staff(25)] }, bills: ['99490'], cents: 6049 },
  { n: 3, why: '40 reached, 60 not', spec: { entries: [staff(45)] }, bills: ['99490', '99439'], cents: 6049 + 4593 },
  { n: 4, why: 'cap 2; last 15 min unbilled', spec: { entries: [staff(75)] }, bills: ['99490', '99439x2'], cents: 15235, minutesToNextCode: null },
  {
    n: 5,
    why: 'highest compliant payment: complex over staff',
    // The moderate MDM is Dr A's (ccm-rules.md §1): 90 staff minutes and 5 of Dr A's own.
    spec: { ...complexMonth, entries: [staff(50), staff(40), drA(5, { complexMedicalDecisionMaking: true })] },
    bills: ['99487', '99489'],
    cents: 20217,
    alternatives: [{ codes: ['99490', '99439x2'], cents: 15235 }],
  },
  {
    n: 6,
    why: 'highest compliant payment: practitioner over staff',
    spec: { entries: [drA(35)] },
    bills: ['99491'],
    cents: 8216,
    alternatives: [{ codes: ['99490'], cents: 6049 }],
  },
  {
    n: 7,
    why: 'pooled practitioner time counts as staff time; highest payment',
    spec: { entries: [drA(65)] },
    bills: ['99490', '99439x2'],
    cents: 15235,
    alternatives: [{ codes: ['99491', '99437'], cents: 13974 }],
  },
  { n: 8, why: 'pooled 25 min; 99491 not reached', spec: { entries: [drA(15), staff(10)] }, bills: ['99490'], cents: 6049, alternatives: [] },
  {
    n: 9,
    why: 'minutes before consent do not count',
    spec: {
      consent: {
        givenAt: '2025-05-20T10:00:00-04:00',
        method: 'VERBAL',
        disclosures: { serviceAvailability: true, costSharing: true, singlePractitionerPerMonth: true, rightToStop: true },
        documentReference: null,
        practitionerId: DR_A,
        revokedAt: null,
      },
      entries: [staff(12, { startedAt: '2025-05-19T14:00:00Z' }), staff(18, { startedAt: '2025-05-21T14:00:00Z' })],
    },
    bills: [],
    cents: 0,
    blockers: ['INSUFFICIENT_TIME'],
    staffMinutes: 18,
  },
  {
    n: 10,
    why: 'one CCM biller per month',
    spec: {
      entries: [staff(25)],
      externalServices: [{ serviceDate: '2025-05-09', cptCode: '99490', billedByNpi: '1999999984', billedByBillingPractitioner: false, minutes: 20 }],
    },
    bills: [],
    cents: 0,
    blockers: ['DUPLICATE_BILLER'],
  },
  {
    n: 11,
    why: 'PCM staff track',
    spec: {
      program: 'PCM',
      conditions: [
        {
          icd10: 'I50.22',
          onset: '2024-11-02',
          recordedAt: '2024-11-02T15:00:00Z',
          resolvedOn: null,
          expectedDurationMonths: 60,
          placesAtSignificantRisk: true,
        },
      ],
      entries: [staff(35)],
    },
    bills: ['99426'],
    cents: 6178,
  },
  {
    n: 12,
    why: 'CCM with TCM allowed since 2020',
    spec: {
      entries: [staff(30)],
      externalServices: [{ serviceDate: '2025-05-02', cptCode: '99495', billedByNpi: '1234567893', billedByBillingPractitioner: true, minutes: 45 }],
    },
    bills: ['99490'],
    cents: 6049,
    staffMinutes: 30,
  },
  {
    n: 13,
    why: 'no revision needed since the 2021 descriptor: the care plan only monitored this month',
    spec: { entries: [staff(100), drA(5, { complexMedicalDecisionMaking: true })] },
    bills: ['99487', '99489'],
    cents: 20217,
    alternatives: [{ codes: ['99490', '99439x2'], cents: 15235 }],
  },
  {
    n: 14,
    why: "MDM is the billing practitioner's: moderate MDM flagged on an MA's entry only",
    spec: { ...complexMonth, entries: [staff(100, { performerId: 'ma-1', performerCredential: 'MA', complexMedicalDecisionMaking: true })] },
    bills: ['99490', '99439x2'],
    cents: 15235,
    alternatives: [],
  },
  {
    n: 15,
    why: 'comorbidities do not bar PCM: heart failure and stage 4 CKD',
    spec: {
      program: 'PCM',
      conditions: [
        {
          icd10: 'I50.22',
          onset: '2024-11-02',
          recordedAt: '2024-11-02T15:00:00Z',
          resolvedOn: null,
          expectedDurationMonths: 60,
          placesAtSignificantRisk: true,
        },
        {
          icd10: 'N18.4',
          onset: '2023-04-10',
          recordedAt: '2023-04-10T15:00:00Z',
          resolvedOn: null,
          expectedDurationMonths: 120,
          placesAtSignificantRisk: true,
        },
      ],
      entries: [staff(35)],
    },
    bills: ['99426'],
    cents: 6178,
  },
  {
    n: 16,
    why: "one performer's overlapping time counts once: the same RN 10:00–10:15 and 10:05–10:15",
    spec: { entries: [staff(15, { startedAt: '2025-05-14T10:00:00-04:00' }), staff(10, { startedAt: '2025-05-14T10:05:00-04:00' })] },
    bills: [],
    cents: 0,
    blockers: ['INSUFFICIENT_TIME'],
    staffMinutes: 15,
    minutesToNextCode: 5,
  },
];

describe('ccm-rules.md §5 worked cases (2025)', () => {
  it.each(cases)('case $n: bills $bills ($why)', (c) => {
    const result = evaluate(c.spec);
    expect(codes(result.lines)).toEqual(c.bills);
    expect(result.expectedPaymentCents).toBe(c.cents);
    expect(result.blockers).toEqual(c.blockers ?? []);
    expect(result.claimReady).toBe(c.bills.length > 0);
    if (c.alternatives) expect(alternativesOf(result)).toEqual(c.alternatives);
    if (c.minutesToNextCode !== undefined) expect(result.minutesToNextCode).toBe(c.minutesToNextCode);
    if (c.staffMinutes !== undefined) expect(result.clinicalStaffMinutes).toBe(c.staffMinutes);
  });

  it('case 6 keeps Dr A time apart from staff time', () => {
    const result = evaluate({ entries: [drA(35)] });
    expect([result.clinicalStaffMinutes, result.practitionerMinutes]).toEqual([0, 35]);
    expect(result.lines[0]).toEqual({ cptCode: '99491', units: 1, unitAmountCents: 8216, amountCents: 8216 });
  });

  it('case 5 is complex and prices the add-on per unit', () => {
    const result = evaluate(cases[4].spec);
    expect(result.complex).toBe(true);
    expect(result.lines).toEqual([
      { cptCode: '99487', units: 1, unitAmountCents: 13165, amountCents: 13165 },
      { cptCode: '99489', units: 1, unitAmountCents: 7052, amountCents: 7052 },
    ]);
  });

  it('case 4 prices 99439 × 2 as two units', () => {
    expect(evaluate({ entries: [staff(75)] }).lines[1]).toEqual({
      cptCode: '99439',
      units: 2,
      unitAmountCents: 4593,
      amountCents: 9186,
    });
  });

  it('case 16 names both entries in a warning and explains the exclusion', () => {
    const result = evaluate(cases.find((c) => c.n === 16)!.spec);
    expect(result.warnings).toEqual(['OVERLAPPING_ENTRIES']);
    expect(result.notes).toContain('Entries e1 and e2 of the same performer overlap by 10 min; the overlap counts once (ccm-rules.md §1).');
    expect(result.excludedTimeEntries).toEqual([
      {
        id: 'e2',
        reason: 'OVERLAPS_OWN_ENTRY',
        minutes: 10,
        explanation: '10 min overlap entry e1 of the same performer; a minute counts once, and entry e1 counted it.',
      },
    ]);
  });

  it('case 10 still reports the counted minutes', () => {
    expect(evaluate(cases[9].spec).clinicalStaffMinutes).toBe(25);
  });
});
