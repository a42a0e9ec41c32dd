/**
 * APCM's behavioural-health add-ons G0568–G0570 (ccm-rules.md §1; CY 2026 PFS final rule, 90 FR 49266): one per
 * month with the APCM code, by the same practitioner; none before 2026. Each row cites the rule it exercises.
 */
import { codes, evaluate, type FactsSpec } from '../../../test/support/billing-rule-facts';
import type { Blocker, ExternalServiceFact } from './types';

const MAY_2026 = '2026-05';
/** An APCM patient of 2026 with the defaults of ccm-rules.md §5 (two qualifying conditions, not QMB). */
const apcm2026 = (spec: FactsSpec = {}): FactsSpec => ({ month: MAY_2026, program: 'APCM', ...spec });
const external = (cptCode: string, byBillingPractitioner: boolean, serviceDate = '2026-05-09'): ExternalServiceFact => ({
  serviceDate,
  cptCode,
  billedByNpi: byBillingPractitioner ? '1234567893' : '1999999984',
  billedByBillingPractitioner: byBillingPractitioner,
  minutes: null,
});

interface Row {
  rule: string;
  spec: FactsSpec;
  codes: string[];
  blockers?: Blocker[];
}

const ROWS: Row[] = [
  {
    rule: "ccm-rules.md §1 G0568: collaborative care in the patient's first month of it, billed with APCM",
    spec: apcm2026({ behaviouralHealth: { model: 'COLLABORATIVE_CARE', firstMonth: true } }),
    codes: ['G0557', 'G0568'],
  },
  {
    rule: 'ccm-rules.md §1 G0569: collaborative care in a later month',
    spec: apcm2026({ behaviouralHealth: { model: 'COLLABORATIVE_CARE', firstMonth: false } }),
    codes: ['G0557', 'G0569'],
  },
  {
    rule: 'ccm-rules.md §1 G0570: general behavioural health integration, any month; with G0558 for a QMB patient',
    spec: apcm2026({ qmb: true, behaviouralHealth: { model: 'GENERAL_BHI', firstMonth: true } }),
    codes: ['G0558', 'G0570'],
  },
  {
    rule: 'ccm-rules.md §1: APCM has no time threshold, nor do its add-ons (no minute logged)',
    spec: apcm2026({ behaviouralHealth: { model: 'GENERAL_BHI', firstMonth: false }, entries: [] }),
    codes: ['G0557', 'G0570'],
  },
  {
    rule: 'ccm-rules.md §1: no integration this month, no add-on',
    spec: apcm2026({ behaviouralHealth: null }),
    codes: ['G0557'],
  },
  {
    rule: 'ccm-rules.md §1 G0568–G0570 "from 2026": a 2025 month has no add-on',
    spec: { month: '2025-05', program: 'APCM', behaviouralHealth: { model: 'COLLABORATIVE_CARE', firstMonth: true } },
    codes: ['G0557'],
  },
  {
    rule: '90 FR 49266: the add-on replaces the time-based BHI codes; 99484 billed by the APCM practitioner this month means no add-on',
    spec: apcm2026({ behaviouralHealth: { model: 'GENERAL_BHI', firstMonth: false }, externalServices: [external('99484', true)] }),
    codes: ['G0557'],
  },
  {
    rule: '90 FR 49266: 99492 billed by another practitioner does not touch our add-on',
    spec: apcm2026({ behaviouralHealth: { model: 'COLLABORATIVE_CARE', firstMonth: true }, externalServices: [external('99492', false)] }),
    codes: ['G0557', 'G0568'],
  },
  {
    rule: 'ccm-rules.md §2 DUPLICATE_BILLER: an add-on billed elsewhere means APCM is billed elsewhere (only the APCM biller bills it)',
    spec: apcm2026({ externalServices: [external('G0569', false)] }),
    codes: [],
    blockers: ['DUPLICATE_BILLER'],
  },
  {
    rule: 'ccm-rules.md §2 CONFLICTING_SERVICE: the CCM practitioner billing an APCM add-on the same month',
    spec: { month: MAY_2026, entries: [{ minutes: 25 }], externalServices: [external('G0570', true)] },
    codes: [],
    blockers: ['CONFLICTING_SERVICE'],
  },
];

describe('APCM behavioural-health add-ons (2026)', () => {
  it.each(ROWS)('$rule', ({ spec, codes: expected, blockers = [] }) => {
    const result = evaluate(spec);
    expect(result.blockers).toEqual(blockers);
    expect(codes(result.lines)).toEqual(expected);
  });

  it('prices the add-on as unknown until a verified 2026 figure is loaded (ccm-rules.md §3: never invent one)', () => {
    const result = evaluate(apcm2026({ behaviouralHealth: { model: 'COLLABORATIVE_CARE', firstMonth: true } }));
    expect(result.lines.find((line) => line.cptCode === 'G0568')).toMatchObject({ unitAmountCents: null, amountCents: null });
    expect(result.amountUnknown).toBe(true);
    // The APCM code's own amount still counts: G0557 2026 non-facility 1.61 RVU × $33.4009 = $53.78 (ccm-rules.md §3).
    expect(result.expectedPaymentCents).toBe(5378);
  });
});
