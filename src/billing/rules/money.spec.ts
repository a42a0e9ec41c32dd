/**
 * Money (ccm-rules.md §3): amounts computed from the fee-schedule data, 2025 and 2026, facility and qualifying-APM
 * settings, coinsurance and QMB, APCM tiers, unknown (null) figures, and the rule-set lookup by service year.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFeeSchedule, parseFeeSchedule, unitAmountCents, type FeeSchedule } from '../fee-schedules/fee-schedule';
import { evaluatePatientMonth } from './evaluate';
import { ruleSet } from './rule-sets';
import { alternativesOf, codes, condition, drA, evaluate, facts, staff } from '../../../test/support/billing-rule-facts';

/** ccm-rules.md §3 table: code, 2025 USD non-fac / fac, 2026 USD non-fac / fac. */
const NATIONAL_AMOUNTS: [string, number, number, number, number][] = [
  ['99490', 60.49, 47.87, 66.13, 43.76],
  ['99439', 45.93, 32.99, 50.44, 30.73],
  ['99491', 82.16, 72.46, 89.18, 65.47],
  ['99437', 57.58, 47.87, 63.13, 43.76],
  ['99487', 131.65, 87.01, 144.29, 79.16],
  ['99489', 70.52, 47.23, 78.16, 43.76],
  ['99424', 80.87, 72.13, 87.51, 64.8],
  ['99425', 58.87, 49.17, 61.46, 44.09],
  ['99426', 61.78, 47.55, 67.8, 44.09],
  ['99427', 50.46, 34.29, 54.11, 31.4],
  ['G0506', 60.81, 41.73, 66.47, 38.41],
  ['G0556', 15.2, 11.97, 16.37, 11.02],
  ['G0557', 48.84, 36.23, 53.78, 33.73],
  ['G0558', 107.07, 79.9, 117.24, 72.81],
];
const amountRows = NATIONAL_AMOUNTS.flatMap(([code, nf25, f25, nf26, f26]) => [
  { code, year: 2025, place: 'NON_FACILITY' as const, usd: nf25 },
  { code, year: 2025, place: 'FACILITY' as const, usd: f25 },
  { code, year: 2026, place: 'NON_FACILITY' as const, usd: nf26 },
  { code, year: 2026, place: 'FACILITY' as const, usd: f26 },
]);

describe('national amounts = round(RVU × CF × 100) from the schedule files (ccm-rules.md §3)', () => {
  it.each(amountRows)('$code $year $place = $$usd', ({ code, year, place, usd }) => {
    const schedule = ruleSet(year).feeSchedule;
    expect(unitAmountCents(schedule, code, { placeOfService: place, qualifyingApmParticipant: false })).toBe(Math.round(usd * 100));
  });

  it('2026 qualifying APM participants use $33.5675: 99490 = 1.98 × 33.5675 = $66.46', () => {
    expect(unitAmountCents(ruleSet(2026).feeSchedule, '99490', { placeOfService: 'NON_FACILITY', qualifyingApmParticipant: true })).toBe(6646);
  });

  it('2025 has one conversion factor, so the qualifying-APM setting changes nothing', () => {
    expect(unitAmountCents(ruleSet(2025).feeSchedule, '99490', { placeOfService: 'NON_FACILITY', qualifyingApmParticipant: true })).toBe(6049);
  });

  it('every figure in the shipped files names its source file', () => {
    for (const [year, file] of [
      [2025, 'RVU25D'],
      [2026, 'RVU26C'],
    ] as const) {
      const schedule = ruleSet(year).feeSchedule;
      for (const entry of Object.values(schedule.codes)) {
        expect(entry.nonFacilityRvu.source).toContain(file);
        expect(entry.facilityRvu.source).toContain(file);
      }
      expect(schedule.conversionFactors.standard.source).toContain(`CY${year}`);
    }
  });

  it('rounds a half cent up in exact decimal arithmetic (1.005 × 1 would be 100.4999… in floating point)', () => {
    const schedule = schedule1({ value: 1.005, source: 'test' }, { value: 1, source: 'test' });
    expect(unitAmountCents(schedule, '99490', { placeOfService: 'NON_FACILITY', qualifyingApmParticipant: false })).toBe(101);
  });
});

describe('expected payment and coinsurance (ccm-rules.md §3)', () => {
  it.each([
    { rule: '2025, 99490: 20 % of $60.49 = $12.10', spec: { entries: [staff(25)] }, cents: 6049, coinsurance: 1210 },
    { rule: '2025, 99490 + 99439×2: 20 % of $152.35 = $30.47', spec: { entries: [staff(75)] }, cents: 15235, coinsurance: 3047 },
    { rule: '2025, 99491: 20 % of $82.16 = $16.43', spec: { entries: [drA(35)] }, cents: 8216, coinsurance: 1643 },
    { rule: 'QMB pays no coinsurance', spec: { qmb: true, entries: [staff(75)] }, cents: 15235, coinsurance: 0 },
    { rule: '2026, 99490 = $66.13', spec: { month: '2026-05', entries: [staff(25, { startedAt: '2026-05-14T14:00:00Z' })] }, cents: 6613, coinsurance: 1323 },
    {
      rule: '2026, 99490 + 99439×2 = $167.01',
      spec: { month: '2026-05', entries: [staff(75, { startedAt: '2026-05-14T14:00:00Z' })] },
      cents: 16701,
      coinsurance: 3340,
    },
    { rule: 'blocked month pays nothing', spec: { consent: null, entries: [staff(75)] }, cents: 0, coinsurance: 0 },
  ])('$rule', ({ spec, cents, coinsurance }) => {
    const result = evaluate(spec);
    expect([result.expectedPaymentCents, result.patientCoinsuranceCents]).toEqual([cents, coinsurance]);
    expect(result.notes.some((n) => n.includes('deductible'))).toBe(coinsurance > 0);
  });

  it('2026: Dr A 65 min bills the pooled track $167.01 over 99491 + 99437 $152.31', () => {
    const result = evaluate({ month: '2026-05', entries: [drA(65, { startedAt: '2026-05-14T14:00:00Z' })] });
    expect(codes(result.lines)).toEqual(['99490', '99439x2']);
    expect(alternativesOf(result)).toEqual([{ codes: ['99491', '99437'], cents: 15231 }]);
  });

  it('2026: PCM staff 35 min bills 99426 at $67.80', () => {
    const result = evaluate({
      month: '2026-05',
      program: 'PCM',
      conditions: [condition('I50.22', { expectedDurationMonths: 60 })],
      entries: [staff(35, { startedAt: '2026-05-14T14:00:00Z' })],
    });
    expect([codes(result.lines), result.expectedPaymentCents]).toEqual([['99426'], 6780]);
  });

  it('facility setting bills the facility amount', () => {
    const result = evaluate({ entries: [staff(25)] }, { pricing: { placeOfService: 'FACILITY' } });
    expect(result.expectedPaymentCents).toBe(4787);
  });

  it('a call at 23:30 on 31 December is priced in 2025, one at 00:30 on 1 January in 2026', () => {
    const entries = [staff(25, { id: 'nye', startedAt: '2025-12-31T23:30:00-05:00' }), staff(25, { id: 'ny', startedAt: '2026-01-01T00:30:00-05:00' })];
    expect(evaluate({ month: '2025-12', entries }).expectedPaymentCents).toBe(6049);
    expect(evaluate({ month: '2026-01', entries }).expectedPaymentCents).toBe(6613);
  });
});

describe('APCM tiers, no time threshold (ccm-rules.md §1)', () => {
  const two = [condition('E11.9'), condition('I10')];
  const one = [condition('I10')];
  it.each([
    { rule: 'no condition → G0556', month: '2025-05', conditions: [], qmb: false, code: 'G0556', cents: 1520 },
    { rule: 'one condition → G0556', month: '2025-05', conditions: one, qmb: false, code: 'G0556', cents: 1520 },
    { rule: 'one condition and QMB → G0556', month: '2025-05', conditions: one, qmb: true, code: 'G0556', cents: 1520 },
    { rule: 'two conditions → G0557', month: '2025-05', conditions: two, qmb: false, code: 'G0557', cents: 4884 },
    { rule: 'two conditions and QMB → G0558', month: '2025-05', conditions: two, qmb: true, code: 'G0558', cents: 10707 },
    {
      rule: 'two, one only expected 6 months → G0556',
      month: '2025-05',
      conditions: [condition('I10'), condition('J18.9', { expectedDurationMonths: 6 })],
      qmb: false,
      code: 'G0556',
      cents: 1520,
    },
    { rule: '2026 G0556', month: '2026-05', conditions: one, qmb: false, code: 'G0556', cents: 1637 },
    { rule: '2026 G0557', month: '2026-05', conditions: two, qmb: false, code: 'G0557', cents: 5378 },
    { rule: '2026 G0558', month: '2026-05', conditions: two, qmb: true, code: 'G0558', cents: 11724 },
  ])('$rule', ({ month, conditions, qmb, code, cents }) => {
    const result = evaluate({ month, program: 'APCM', conditions, qmb, entries: [] });
    expect(codes(result.lines)).toEqual([code]);
    expect(result.expectedPaymentCents).toBe(cents);
    expect(result.patientCoinsuranceCents).toBe(qmb ? 0 : Math.round(cents / 5));
    expect(result.claimReady).toBe(true);
    expect(result.minutesToNextCode).toBeNull();
  });
});

describe('unknown (null) figures are billed and reported as unknown, never invented (ccm-rules.md §3)', () => {
  const national = ruleSet(2025).feeSchedule;
  const withNull = (code: string): FeeSchedule => ({
    ...national,
    codes: { ...national.codes, [code]: { ...national.codes[code], nonFacilityRvu: { value: null, source: 'no verified figure' } } },
  });

  it('a null add-on amount: the line is billed with amountCents null and the total counts only known amounts', () => {
    const result = evaluate({ entries: [staff(45)] }, { feeSchedule: withNull('99439') });
    expect(result.lines).toEqual([
      { cptCode: '99490', units: 1, unitAmountCents: 6049, amountCents: 6049 },
      { cptCode: '99439', units: 1, unitAmountCents: null, amountCents: null },
    ]);
    expect([result.expectedPaymentCents, result.amountUnknown, result.claimReady]).toEqual([6049, true, true]);
    expect(result.notes.some((n) => n.includes('no verified amount'))).toBe(true);
  });

  it('an unknown amount never wins the track choice on a guess', () => {
    const result = evaluate({ entries: [drA(35)] }, { feeSchedule: withNull('99491') });
    expect(codes(result.lines)).toEqual(['99490']);
    expect(result.alternatives).toEqual([
      {
        track: 'PRACTITIONER',
        lines: [{ cptCode: '99491', units: 1, unitAmountCents: null, amountCents: null }],
        expectedPaymentCents: 0,
        amountUnknown: true,
      },
    ]);
  });

  it('a code missing from a practice schedule is unknown', () => {
    const { ['99490']: _dropped, ...rest } = national.codes;
    const result = evaluate({ entries: [staff(25)] }, { feeSchedule: { ...national, codes: rest } });
    expect([result.lines[0].amountCents, result.amountUnknown]).toEqual([null, true]);
  });

  it('a null conversion factor makes every amount unknown', () => {
    const schedule: FeeSchedule = { ...national, conversionFactors: { standard: { value: null, source: 'not yet published' } } };
    expect(unitAmountCents(schedule, '99490', { placeOfService: 'NON_FACILITY', qualifyingApmParticipant: false })).toBeNull();
  });
});

describe('loadFeeSchedule validates a practice schedule file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'careledger-fees-'));
  const write = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };
  const good = schedule1({ value: 2, source: 'practice contract 2025' }, { value: 30, source: 'practice contract 2025' });

  it('loads the shipped files and a valid practice file', () => {
    expect(loadFeeSchedule(join(__dirname, '../fee-schedules/2025.json')).year).toBe(2025);
    expect(loadFeeSchedule(join(__dirname, '../fee-schedules/2026.json')).year).toBe(2026);
    const practice = loadFeeSchedule(write('good.json', good));
    const result = evaluatePatientMonth(facts({ entries: [staff(25)] }), ruleSet(2025), { feeSchedule: practice });
    expect(result.expectedPaymentCents).toBe(6000);
  });

  it.each([
    { problem: 'a missing file', path: () => join(dir, 'absent.json'), message: /cannot read the file/ },
    { problem: 'invalid JSON', path: () => write('bad.json', '{"year": 2025,'), message: /not valid JSON/ },
    { problem: 'an array', path: () => write('array.json', []), message: /top level must be an object/ },
    { problem: 'no year', path: () => write('noyear.json', { ...good, year: undefined }), message: /year must be an integer/ },
    {
      problem: 'a figure without source',
      path: () => write('nosource.json', withCode(good, { nonFacilityRvu: { value: 1 } })),
      message: /nonFacilityRvu\.source must name/,
    },
    {
      problem: 'a negative RVU',
      path: () => write('neg.json', withCode(good, { facilityRvu: { value: -1, source: 's' } })),
      message: /facilityRvu\.value must be a non-negative number or null/,
    },
    { problem: 'a text RVU', path: () => write('text.json', withCode(good, { facilityRvu: { value: '1.2', source: 's' } })), message: /facilityRvu\.value/ },
    { problem: 'an exponent', path: () => write('exp.json', withCode(good, { facilityRvu: { value: 1e-7, source: 's' } })), message: /plain decimal/ },
    {
      problem: 'a zero conversion factor',
      path: () => write('zero.json', { ...good, conversionFactors: { standard: { value: 0, source: 's' } } }),
      message: /standard\.value must be a positive number/,
    },
    {
      problem: 'a misspelt field',
      path: () => write('typo.json', withCode(good, { nonfacilityRvu: { value: 1, source: 's' } })),
      message: /nonfacilityRvu is not a known field/,
    },
    {
      problem: 'a bad code key',
      path: () => write('key.json', { ...good, codes: { '9949': good.codes['99490'] } }),
      message: /codes\.9949: not a 5-character/,
    },
    { problem: 'no codes', path: () => write('empty.json', { ...good, codes: {} }), message: /codes must be a non-empty object/ },
  ])('rejects $problem with a clear error naming the file', ({ path, message }) => {
    const file = path();
    expect(() => loadFeeSchedule(file)).toThrow(message);
    expect(() => loadFeeSchedule(file)).toThrow(file);
  });

  it('reports every problem at once', () => {
    expect(() => parseFeeSchedule({ year: 'x', codes: {} })).toThrow(/year must be .*; conversionFactors must be .*; codes must be/);
  });
});

describe('rule sets by service year', () => {
  it('has 2025 and 2026 and refuses other years', () => {
    expect(ruleSet(2025).year).toBe(2025);
    expect(ruleSet(2026).year).toBe(2026);
    expect(() => ruleSet(2024)).toThrow(/No billing rule set for service year 2024/);
  });

  it("refuses to evaluate a month with another year's rule set", () => {
    expect(() => evaluatePatientMonth(facts({ month: '2026-01' }), ruleSet(2025))).toThrow(/use ruleSet\(2026\)/);
  });
});

function schedule1(rvu: { value: number; source: string }, factor: { value: number; source: string }): FeeSchedule {
  return { year: 2025, conversionFactors: { standard: factor }, codes: { '99490': { nonFacilityRvu: rvu, facilityRvu: rvu } } };
}

function withCode(schedule: FeeSchedule, overrides: Record<string, unknown>): unknown {
  return { ...schedule, codes: { '99490': { ...schedule.codes['99490'], ...overrides } } };
}
