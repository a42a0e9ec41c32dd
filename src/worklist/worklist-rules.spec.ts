import type { WorklistFacts, WorklistResult } from './worklist-rules';
import { compareUrgency, daysLeftInMonth, worklistFigures } from './worklist-rules';

const result = (overrides: Partial<WorklistResult> = {}): WorklistResult => ({
  clinicalStaffMinutes: 0,
  practitionerMinutes: 0,
  lines: [],
  blockers: ['INSUFFICIENT_TIME'],
  minutesToNextCode: 20,
  nextCode: '99490',
  ...overrides,
});
const facts = (overrides: Partial<WorklistFacts> = {}): WorklistFacts => ({
  month: '2026-03',
  today: '2026-03-25',
  result: result(),
  lastContactAt: null,
  contactThisMonth: false,
  openTaskCount: 0,
  overdueTaskCount: 0,
  ...overrides,
});
const line = (cptCode: string, units = 1) => ({ cptCode, units, unitAmountCents: 6000, amountCents: 6000 * units });

describe('worklist figures', () => {
  it.each([
    ['mid-month, today included', '2026-03-25', 7],
    ['on the first', '2026-03-01', 31],
    ['on the last day', '2026-03-31', 1],
    ['after the month', '2026-04-02', 0],
    ['before the month', '2026-02-20', 31],
  ])('days left in March %s', (_case, today, days) => expect(daysLeftInMonth('2026-03', today)).toBe(days));

  it.each<[string, Partial<WorklistFacts>, { atRisk: boolean; urgency: string }]>([
    // 10 minutes in 25 days: about 12 by the 31st, short of 20.
    ['short of 99490 at a pace that misses it', { result: result({ clinicalStaffMinutes: 10, minutesToNextCode: 10 }) }, { atRisk: true, urgency: 'AT_RISK' }],
    // 18 minutes in 10 days reaches 20 long before the month ends.
    [
      'short of 99490 on a pace that reaches it',
      { today: '2026-03-10', result: result({ clinicalStaffMinutes: 18, minutesToNextCode: 2 }) },
      { atRisk: false, urgency: 'ON_PACE' },
    ],
    ['nothing counted yet, with days left', { result: result() }, { atRisk: true, urgency: 'AT_RISK' }],
    [
      'the month is over: no longer at risk',
      { today: '2026-04-01', result: result({ clinicalStaffMinutes: 10, minutesToNextCode: 10 }) },
      { atRisk: false, urgency: 'ON_PACE' },
    ],
    // 25 minutes in 10 days: about 77 by the 31st, past 99439's 40.
    [
      'billable, a further unit within reach on the present pace',
      { today: '2026-03-10', result: result({ clinicalStaffMinutes: 25, lines: [line('99490')], blockers: [], minutesToNextCode: 15, nextCode: '99439' }) },
      { atRisk: false, urgency: 'NEXT_UNIT' },
    ],
    [
      'billable, nothing more to reach',
      { result: result({ clinicalStaffMinutes: 80, lines: [line('99490'), line('99439', 2)], blockers: [], minutesToNextCode: null, nextCode: null }) },
      { atRisk: false, urgency: 'DONE' },
    ],
    [
      'held up by a missing care plan, time enough',
      { today: '2026-03-10', result: result({ clinicalStaffMinutes: 25, blockers: ['NO_CARE_PLAN'], minutesToNextCode: 15, nextCode: '99439' }) },
      { atRisk: false, urgency: 'BLOCKED' },
    ],
    [
      'not eligible: no care makes it billable',
      { result: result({ blockers: ['NOT_ELIGIBLE', 'INSUFFICIENT_TIME'] }) },
      { atRisk: false, urgency: 'NOT_BILLABLE' },
    ],
    [
      'billed by another practice',
      { result: result({ clinicalStaffMinutes: 25, blockers: ['DUPLICATE_BILLER'], minutesToNextCode: 15, nextCode: '99439' }) },
      { atRisk: false, urgency: 'NOT_BILLABLE' },
    ],
  ])('%s', (_case, overrides, expected) => expect(worklistFigures(facts(overrides))).toMatchObject(expected));

  /**
   * atRisk is "on the present pace the month ends below a threshold it could reach" (program-operations.graphql):
   * every threshold of ccm-rules.md §1 counts, the first code's and each further unit's (99490 at 20 minutes, 99439
   * for each 20 beyond; 99491 at 30 practitioner minutes). The pace is the minutes so far over the days so far
   * (today included), carried to the month's 31 days; on 25 March that is minutes × 31/25.
   */
  it.each<[string, Partial<WorklistResult>, { atRisk: boolean; urgency: string }]>([
    ['short of 99490: 10 minutes pace to 12, below 20', { clinicalStaffMinutes: 10, minutesToNextCode: 10 }, { atRisk: true, urgency: 'AT_RISK' }],
    ['short of 99490: 17 minutes pace to 21, past 20', { clinicalStaffMinutes: 17, minutesToNextCode: 3 }, { atRisk: false, urgency: 'ON_PACE' }],
    [
      'billing 99490, the first 99439: 25 minutes pace to 31, below 40',
      { clinicalStaffMinutes: 25, lines: [line('99490')], blockers: [], minutesToNextCode: 15, nextCode: '99439' },
      { atRisk: true, urgency: 'NEXT_UNIT_AT_RISK' },
    ],
    [
      'billing 99490, the first 99439: 35 minutes pace to 43, past 40',
      { clinicalStaffMinutes: 35, lines: [line('99490')], blockers: [], minutesToNextCode: 5, nextCode: '99439' },
      { atRisk: false, urgency: 'NEXT_UNIT' },
    ],
    [
      'billing 99490 + 99439, the second 99439: 45 minutes pace to 56, below 60',
      { clinicalStaffMinutes: 45, lines: [line('99490'), line('99439')], blockers: [], minutesToNextCode: 15, nextCode: '99439' },
      { atRisk: true, urgency: 'NEXT_UNIT_AT_RISK' },
    ],
    [
      'the practitioner track: 24 minutes pace to 29.8, below the 30 of 99491',
      { practitionerMinutes: 24, lines: [line('99490')], blockers: [], minutesToNextCode: 6, nextCode: '99491' },
      { atRisk: true, urgency: 'NEXT_UNIT_AT_RISK' },
    ],
    [
      'held up by a missing care plan, time for 99490 but not at this pace for 99439',
      { clinicalStaffMinutes: 25, blockers: ['NO_CARE_PLAN'], minutesToNextCode: 15, nextCode: '99439' },
      { atRisk: true, urgency: 'BLOCKED' },
    ],
    [
      'every unit billed: no threshold left to miss',
      { clinicalStaffMinutes: 80, lines: [line('99490'), line('99439', 2)], blockers: [], minutesToNextCode: null, nextCode: null },
      { atRisk: false, urgency: 'DONE' },
    ],
    [
      'not eligible: no threshold it could reach',
      { clinicalStaffMinutes: 25, blockers: ['NOT_ELIGIBLE'], minutesToNextCode: 15, nextCode: '99439' },
      { atRisk: false, urgency: 'NOT_BILLABLE' },
    ],
  ])('at risk on 25 March, %s', (_case, overrides, expected) => expect(worklistFigures(facts({ result: result(overrides) }))).toMatchObject(expected));

  it('says why a further unit is at risk', () =>
    expect(
      worklistFigures(
        facts({
          contactThisMonth: true,
          result: result({ clinicalStaffMinutes: 25, lines: [line('99490')], blockers: [], minutesToNextCode: 15, nextCode: '99439' }),
        }),
      ).reasons,
    ).toEqual(['Billable now: 99490', '15 more minutes add 99439', 'At the present pace the month ends short of 99439: 7 days left']));

  it('says why in plain words', () => {
    const figures = worklistFigures(
      facts({ result: result({ clinicalStaffMinutes: 10, minutesToNextCode: 10, blockers: ['NO_CONSENT', 'INSUFFICIENT_TIME'] }), overdueTaskCount: 2 }),
    );
    expect(figures.reasons).toEqual([
      '10 more minutes reach 99490 (10 minutes counted so far)',
      'At the present pace the month ends short of 99490: 7 days left',
      'No consent in force for the billing practitioner',
      'No contact yet this month',
      '2 overdue tasks',
    ]);
    expect(
      worklistFigures(
        facts({
          today: '2026-03-10',
          contactThisMonth: true,
          result: result({ clinicalStaffMinutes: 25, lines: [line('99490')], blockers: [], minutesToNextCode: 15, nextCode: '99439' }),
        }),
      ).reasons,
    ).toEqual(['Billable now: 99490', '15 more minutes add 99439']);
  });

  it('orders the one who can still make it, with few days left, before the one who is done; overdue tasks first within a rank', () => {
    const row = (patientId: string, overrides: Partial<WorklistFacts>) => ({ patientId, ...worklistFigures(facts({ contactThisMonth: true, ...overrides })) });
    const done = row('a', { result: result({ clinicalStaffMinutes: 80, lines: [line('99490')], blockers: [], minutesToNextCode: null, nextCode: null }) });
    const atRisk = row('b', { result: result({ clinicalStaffMinutes: 10, minutesToNextCode: 10 }) });
    const atRiskOverdue = row('c', { result: result({ clinicalStaffMinutes: 5, minutesToNextCode: 15 }), overdueTaskCount: 1 });
    const nextUnit = row('d', { result: result({ clinicalStaffMinutes: 25, lines: [line('99490')], blockers: [], minutesToNextCode: 15, nextCode: '99439' }) });
    const closer = row('e', { result: result({ clinicalStaffMinutes: 12, minutesToNextCode: 8 }) });
    expect([done, nextUnit, atRisk, closer, atRiskOverdue].sort(compareUrgency).map((r) => r.patientId)).toEqual(['c', 'e', 'b', 'd', 'a']);
  });
});
