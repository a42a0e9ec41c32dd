import type { ConditionState } from '../../patients/patient.state';
import { programMetrics, type MetricsBillingMonth, type MetricsPatient } from './program-metrics';

const chronic = (icd10: string, overrides: Partial<ConditionState> = {}): ConditionState => ({
  icd10,
  description: icd10,
  onset: '2020-01-01',
  expectedDurationMonths: 120,
  placesAtSignificantRisk: true,
  recordedOn: '2025-01-10',
  active: true,
  resolvedOn: null,
  resolutionReason: null,
  ...overrides,
});
const TWO = [chronic('E11.9'), chronic('I10')];
const patient = (patientId: string, overrides: Partial<MetricsPatient> = {}): MetricsPatient => ({
  patientId,
  knownFrom: '2025-12-01',
  program: 'CCM',
  qmb: false,
  enrolledOn: null,
  unenrolledFrom: null,
  declinedOn: [],
  conditions: TWO,
  contactMonths: [],
  ...overrides,
});
const row = (patientId: string, month: string, overrides: Partial<MetricsBillingMonth> = {}): MetricsBillingMonth => ({
  patientId,
  month,
  claimReady: false,
  insufficientTime: true,
  minutesToNextCode: 20,
  expectedPaymentCents: 0,
  paymentIfUnblockedCents: 0,
  submitted: false,
  ...overrides,
});

/**
 * March 2026, worked by hand. Seven patients known to the practice:
 *   A enrolled 2026-01-05, claim-ready in Jan, Feb and Mar (99490, 6613 c), submitted in Mar; 2 contacts in Mar.
 *   B enrolled 2026-03-10 (new), claim-ready in Mar (99490 + 99439, 6613 + 5044 = 11657 c), not in Apr; 1 contact.
 *   C enrolled 2026-02-01, unenrolled from 2026-03-16: 17 minutes in Mar (3 short of 20: a near miss), not billable.
 *   D enrolled 2026-02-01, 25 minutes in Mar but no consent: blocked, would have paid 6613 c; 1 contact.
 *   E identified 2025-12-01, eligible (two chronic conditions), declined on 2026-03-04.
 *   F identified 2026-03-20 with one condition: not eligible.
 *   G enrolled 2026-04-02: not enrolled in March (but known, and eligible, at its end).
 * eligible = A, B, C, D, E, G = 6 (F has one condition); enrolled = A, B, C, D = 4; new = B; unenrolled = C;
 * declined = E; enrolment rate 4/6 = 0.6667; reached billable minutes = A, B, D = 3 (C fell short), rate 3/4 = 0.75;
 * claim-ready A, B = 2; submitted A = 1; expected 6613 + 11657 = 18270 c; contacts (2 + 1 + 1) / 4 = 1;
 * near misses C = 1; blocked payment D = 6613 c; first billed in March: B = 1 (A's was January);
 * billed only once: B (not claim-ready in April) = 1.
 */
describe('program metrics, March 2026 computed by hand', () => {
  const patients = [
    patient('A', { knownFrom: '2026-01-05', enrolledOn: '2026-01-05', contactMonths: ['2026-02', '2026-03', '2026-03'] }),
    patient('B', { knownFrom: '2026-03-10', enrolledOn: '2026-03-10', contactMonths: ['2026-03'] }),
    patient('C', { knownFrom: '2026-02-01', enrolledOn: '2026-02-01', unenrolledFrom: '2026-03-16' }),
    patient('D', { knownFrom: '2026-02-01', enrolledOn: '2026-02-01', contactMonths: ['2026-03'] }),
    patient('E', { declinedOn: ['2026-03-04'] }),
    patient('F', { knownFrom: '2026-03-20', conditions: [chronic('I10')] }),
    patient('G', { knownFrom: '2026-03-25', enrolledOn: '2026-04-02' }),
  ];
  const ready = (patientId: string, month: string, cents: number, overrides: Partial<MetricsBillingMonth> = {}) =>
    row(patientId, month, { claimReady: true, insufficientTime: false, minutesToNextCode: 15, expectedPaymentCents: cents, ...overrides });
  const billing = [
    ready('A', '2026-01', 6613),
    ready('A', '2026-02', 6613),
    ready('A', '2026-03', 6613, { submitted: true }),
    ready('B', '2026-03', 11657, { minutesToNextCode: 10 }),
    row('B', '2026-04'),
    row('C', '2026-03', { minutesToNextCode: 3 }),
    row('D', '2026-03', { insufficientTime: false, minutesToNextCode: 15, paymentIfUnblockedCents: 6613 }),
  ];

  it('has every figure of the contract as worked out above', () => {
    expect(programMetrics('2026-03', '2026-03', patients, billing)).toEqual([
      {
        month: '2026-03',
        eligible: 6,
        enrolled: 4,
        newlyEnrolled: 1,
        unenrolled: 1,
        declined: 1,
        enrollmentRate: 0.6667,
        reachedBillableMinutes: 3,
        billableRate: 0.75,
        claimReady: 2,
        submitted: 1,
        expectedPaymentCents: 18270,
        contactsPerPatient: 1,
        nearMisses: 1,
        blockedPaymentCents: 6613,
        firstBilledMonth: 1,
        billedOnlyOnce: 1,
      },
    ]);
  });

  it('answers month by month, and a month without eligible or enrolled patients has rates of 0', () => {
    const [november, january] = [programMetrics('2025-11', '2025-11', patients, billing)[0], programMetrics('2026-01', '2026-01', patients, billing)[0]];
    expect(november).toMatchObject({ eligible: 0, enrolled: 0, enrollmentRate: 0, billableRate: 0, contactsPerPatient: 0 });
    expect(january).toMatchObject({ eligible: 2, enrolled: 1, newlyEnrolled: 1, claimReady: 1, firstBilledMonth: 1, billedOnlyOnce: 0 });
    expect(programMetrics('2026-01', '2026-04', patients, billing).map((month) => month.month)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04']);
  });

  it('a condition resolved before the month ends no longer makes the patient eligible', () => {
    const resolved = patient('H', { conditions: [chronic('E11.9'), chronic('I10', { resolvedOn: '2026-03-15', active: false })] });
    expect(programMetrics('2026-02', '2026-03', [resolved], []).map((month) => month.eligible)).toEqual([1, 0]);
  });
});
