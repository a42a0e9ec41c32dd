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
    [
      'billable, a further unit within reach',
      { result: result({ clinicalStaffMinutes: 25, lines: [line('99490')], blockers: [], minutesToNextCode: 15, nextCode: '99439' }) },
      { atRisk: false, urgency: 'NEXT_UNIT' },
    ],
    [
      'billable, nothing more to reach',
      { result: result({ clinicalStaffMinutes: 80, lines: [line('99490'), line('99439', 2)], blockers: [], minutesToNextCode: null, nextCode: null }) },
      { atRisk: false, urgency: 'DONE' },
    ],
    [
      'held up by a missing care plan, time enough',
      { result: result({ clinicalStaffMinutes: 25, blockers: ['NO_CARE_PLAN'], minutesToNextCode: 15, nextCode: '99439' }) },
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
