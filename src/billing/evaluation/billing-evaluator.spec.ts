import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../config/config';
import { facts, staff } from '../rules/test-facts';
import { BillingEvaluator } from './billing-evaluator';
import { loadFeeScheduleOverrides } from './fee-schedule-overrides';

const national2026 = () => JSON.parse(readFileSync(join(__dirname, '../fee-schedules/2026.json'), 'utf8'));

describe('BillingEvaluator', () => {
  const may2026 = facts({ month: '2026-05', entries: [staff(25)] });

  it("evaluates a month under its own year's rules and amounts", () => {
    expect(new BillingEvaluator().evaluate(may2026).lines).toEqual([{ cptCode: '99490', units: 1, unitAmountCents: 6613, amountCents: 6613 }]);
  });

  it("what-if: the same facts under 2025's rules and amounts", () => {
    const result = new BillingEvaluator().evaluate(may2026, 2025);
    expect(result.month).toBe('2026-05');
    expect(result.lines).toEqual([{ cptCode: '99490', units: 1, unitAmountCents: 6049, amountCents: 6049 }]);
  });

  it("uses the practice's own schedule for its year, and its fingerprint changes the projection version", () => {
    const own = national2026();
    own.codes['99490'].nonFacilityRvu = { value: 2.5, source: 'Negotiated with our MAC (test)' };
    const evaluator = new BillingEvaluator(new Map([[2026, own]]));
    // 2.5 × 33.4009 = 83.50
    expect(evaluator.evaluate(may2026).expectedPaymentCents).toBe(8350);
    expect(evaluator.evaluate(may2026, 2025).expectedPaymentCents).toBe(6049);
    expect(new BillingEvaluator().fingerprint()).toBe(0);
    expect(evaluator.fingerprint()).toBeGreaterThan(0);
    const changed = structuredClone(own);
    changed.codes['99490'].nonFacilityRvu.value = 2.6;
    expect(new BillingEvaluator(new Map([[2026, changed]])).fingerprint()).not.toBe(evaluator.fingerprint());
  });
});

describe('loadFeeScheduleOverrides (BILLING_FEE_SCHEDULE_DIR)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'careledger-fees-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, content: unknown) => writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));

  it('loads every <year>.json and ignores other files', () => {
    write('2026.json', national2026());
    write('README.txt', 'our negotiated rates');
    expect([...loadFeeScheduleOverrides(dir).keys()]).toEqual([2026]);
  });

  it.each([
    ['a file not named after its year', 'rates.json', national2026(), /name the file after its service year/],
    ['a year without rules', '2019.json', { ...national2026(), year: 2019 }, /no billing rules for 2019/],
    ['a year field that contradicts the name', '2025.json', national2026(), /year is 2026 but the file is named 2025.json/],
    ['invalid JSON', '2026.json', '{ not json', /not valid JSON/],
    ['a figure without its source', '2026.json', { ...national2026(), conversionFactors: { standard: { value: 33.4 } } }, /source must name where the figure comes from/],
  ])('refuses %s, naming the problem', (_label, name, content, message) => {
    write(name, content);
    expect(() => loadFeeScheduleOverrides(dir)).toThrow(message);
  });

  it('refuses a directory without any schedule', () => {
    expect(() => loadFeeScheduleOverrides(dir)).toThrow(/holds no <year>.json/);
  });

  it('the setting must name an existing directory', () => {
    expect(loadConfig({ BILLING_FEE_SCHEDULE_DIR: dir }).billingFeeScheduleDir).toBe(dir);
    expect(() => loadConfig({ BILLING_FEE_SCHEDULE_DIR: join(dir, 'missing') })).toThrow(/BILLING_FEE_SCHEDULE_DIR must be an existing directory/);
  });
});
