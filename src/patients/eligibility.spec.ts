import { eligibilityOf, type EligibilityCondition } from './eligibility';
import type { Program } from './patient.events';

/** ccm-rules §2 NOT_ELIGIBLE: CCM ≥2 conditions lasting ≥12 months at significant risk; PCM at least one lasting ≥3 months, comorbidities allowed; APCM levels by count and QMB. */
const condition = (icd10: string, overrides: Partial<EligibilityCondition> = {}): EligibilityCondition => ({
  icd10,
  active: true,
  expectedDurationMonths: 120,
  placesAtSignificantRisk: true,
  resolvedOn: null,
  ...overrides,
});
const diabetes = condition('E11.9');
const hypertension = condition('I10');
const copd = condition('J44.1');
const shortLived = condition('S72.001A', { expectedDurationMonths: 6 });
const lowRisk = condition('E78.5', { placesAtSignificantRisk: false });
const resolved = condition('N18.3', { active: false, resolvedOn: '2026-02-01' });
const heartFailure = condition('I50.9', { expectedDurationMonths: 4 });

describe('eligibility (derived from the recorded conditions, ccm-rules §2)', () => {
  it.each<[string, Program, boolean, EligibilityCondition[], boolean]>([
    ['CCM with two qualifying conditions', 'CCM', false, [diabetes, hypertension], true],
    ['CCM with three qualifying conditions', 'CCM', false, [diabetes, hypertension, copd], true],
    ['CCM with one qualifying condition', 'CCM', false, [diabetes], false],
    ['CCM with no condition', 'CCM', false, [], false],
    ['CCM when the second lasts under 12 months', 'CCM', false, [diabetes, shortLived], false],
    ['CCM when the second is not at significant risk', 'CCM', false, [diabetes, lowRisk], false],
    ['CCM when the second was resolved', 'CCM', false, [diabetes, resolved], false],
    ['CCM does not count a condition of 4 months', 'CCM', false, [diabetes, heartFailure], false],
    ['PCM with one high-risk condition of 4 months', 'PCM', false, [heartFailure], true],
    ['PCM with one condition of 6 months', 'PCM', false, [shortLived], true],
    ['PCM with no qualifying condition', 'PCM', false, [lowRisk], false],
    ['PCM with two qualifying conditions: comorbidities do not bar PCM (issue 21 item 1)', 'PCM', false, [diabetes, hypertension], true],
    ['APCM with no condition (level 1)', 'APCM', false, [], true],
    ['APCM with two conditions (level 2)', 'APCM', false, [diabetes, hypertension], true],
    ['APCM with two conditions and QMB (level 3)', 'APCM', true, [diabetes, hypertension], true],
  ])('%s → eligible: %s', (_case, program, qmb, conditions, eligible) => {
    const result = eligibilityOf(program, qmb, conditions);
    expect(result.eligible).toBe(eligible);
    expect(result.program).toBe(program);
    expect(result.reasons.length).toBeGreaterThan(0);
  });

  it.each<[Program, boolean, EligibilityCondition[], RegExp]>([
    ['APCM', false, [diabetes], /G0556.*E11\.9/],
    ['APCM', false, [diabetes, hypertension], /G0557.*E11\.9, I10/],
    ['APCM', true, [diabetes, hypertension], /G0558/],
    ['APCM', true, [diabetes], /G0556/], // QMB alone does not lift a single condition to level 3
  ])('APCM %s QMB %s picks the level: %s', (program, qmb, conditions, level) => {
    expect(eligibilityOf(program, qmb, conditions).reasons[0]).toMatch(level);
  });

  it('explains a no: the rule, what qualified, and why each other condition did not', () => {
    expect(eligibilityOf('CCM', false, [diabetes, shortLived, lowRisk, resolved]).reasons).toEqual([
      'CCM needs at least 2 active chronic conditions expected to last at least 12 months that place the patient at significant risk; 1 qualifies (E11.9)',
      'S72.001A is expected to last 6 months, fewer than 12',
      'E78.5 does not place the patient at significant risk',
      'N18.3 was resolved on 2026-02-01',
    ]);
  });

  it('names the qualifying diagnoses of a yes', () => {
    expect(eligibilityOf('CCM', false, [diabetes, hypertension]).reasons).toEqual([
      'CCM needs at least 2 active chronic conditions expected to last at least 12 months that place the patient at significant risk: E11.9, I10',
    ]);
  });

  it('a PCM patient with comorbidities is eligible, the reasons naming every qualifying condition', () => {
    expect(eligibilityOf('PCM', false, [diabetes, hypertension]).reasons[0]).toMatch(/which the PCM focuses on: E11\.9, I10$/);
  });

  it('says when nothing qualifies', () => {
    expect(eligibilityOf('PCM', false, []).reasons[0]).toMatch(/none qualifies$/);
  });
});
