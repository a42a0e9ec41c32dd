import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../config/config';
import { facts, staff } from '../../../test/support/billing-rule-facts';
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

describe('a service year without rules in CareLedger (issue 12 item 13)', () => {
  const january2027 = facts({
    month: '2027-01',
    entries: [staff(25, { startedAt: '2027-01-14T15:00:00Z' })],
    consent: { ...facts().consent!, givenAt: '2026-11-10T15:00:00Z' },
    careManagementStartedAt: '2026-11-12T15:00:00Z',
    initiatingVisits: [{ date: '2026-11-03', practitionerId: 'dr-a', kind: 'E/M' }],
  });

  it("evaluates under the latest year's code definitions, provisionally, with amounts unknown", () => {
    const result = new BillingEvaluator().evaluate(january2027);
    expect(result).toMatchObject({ claimReady: true, amountUnknown: true, expectedPaymentCents: 0 });
    expect(result.lines).toEqual([{ cptCode: '99490', units: 1, unitAmountCents: null, amountCents: null }]);
    expect(result.warnings).toContain('PROVISIONAL_RULES');
    expect(result.notes[0]).toMatch(
      /^Provisional: CareLedger has no billing rules for service year 2027 yet; .* amounts unknown until a 2027 fee schedule is loaded from BILLING_FEE_SCHEDULE_DIR/,
    );
    expect(new BillingEvaluator().provisional(2027)).toBe(true);
    expect(new BillingEvaluator().provisional(2026)).toBe(false);
  });

  it('prices the year once a 2027.json fee schedule is loaded, still provisional', () => {
    const schedule2027 = { ...national2026(), year: 2027 };
    const result = new BillingEvaluator(new Map([[2027, schedule2027]])).evaluate(january2027);
    expect(result.lines).toEqual([{ cptCode: '99490', units: 1, unitAmountCents: 6613, amountCents: 6613 }]);
    expect(result.warnings).toContain('PROVISIONAL_RULES');
    expect(result.notes[0]).toMatch(/amounts from the 2027 fee schedule loaded from BILLING_FEE_SCHEDULE_DIR/);
  });

  it('still refuses a year before any rules', () => {
    expect(new BillingEvaluator().supports(2024)).toBe(false);
    expect(new BillingEvaluator().supports(2027)).toBe(true);
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
    [
      'a figure without its source',
      '2026.json',
      { ...national2026(), conversionFactors: { standard: { value: 33.4 } } },
      /source must name where the figure comes from/,
    ],
  ])('refuses %s, naming the problem', (_label, name, content, message) => {
    write(name, content);
    expect(() => loadFeeScheduleOverrides(dir)).toThrow(message);
  });

  it('accepts a schedule for a later year than CareLedger has rules for (a 2027.json must not stop the server)', () => {
    write('2027.json', { ...national2026(), year: 2027 });
    expect([...loadFeeScheduleOverrides(dir).keys()]).toEqual([2027]);
  });

  it('refuses a directory without any schedule', () => {
    expect(() => loadFeeScheduleOverrides(dir)).toThrow(/holds no <year>.json/);
  });

  it('the setting must name an existing directory', () => {
    expect(loadConfig({ BILLING_FEE_SCHEDULE_DIR: dir }).billingFeeScheduleDir).toBe(dir);
    expect(() => loadConfig({ BILLING_FEE_SCHEDULE_DIR: join(dir, 'missing') })).toThrow(/BILLING_FEE_SCHEDULE_DIR must be an existing directory/);
  });
});
