import { facts, staff } from '../../../test/support/billing-rule-facts';
import { evaluatePatientMonth, ruleSet } from '../rules';
import type { PatientMonthRow, SubmittedClaim } from '../projection/billing-read-model';
import { billingMonthView, patientBillingMonthView } from './billing-views';

const CLOSED_AT = '2026-04-02T13:00:00.000Z';
const result = evaluatePatientMonth(facts({ month: '2026-03', entries: [staff(25)] }), ruleSet(2026));
const claim = { payerId: 'payer-1', submittedAt: '2026-04-03T13:00:00.000Z', lines: [], diagnoses: [] } as unknown as SubmittedClaim;
const row = (patientId: string, overrides: Partial<PatientMonthRow> = {}): PatientMonthRow => ({
  patientId,
  result,
  amendedAfterClose: false,
  closedFigures: null,
  claim: null,
  ...overrides,
});

describe('billingMonth totals (issue 12 item 4)', () => {
  const context = { closedAt: CLOSED_AT, ruleYear: 2026 };
  const month = (rows: PatientMonthRow[]) =>
    billingMonthView(
      'p1',
      '2026-03',
      rows.map((r) => patientBillingMonthView(r, context)),
      context,
    );

  it('amendedAfterCloseCount counts every patient-month amended after the close, a submitted one included', () => {
    const view = month([row('closed'), row('amended', { amendedAfterClose: true }), row('submitted-then-amended', { amendedAfterClose: true, claim })]);
    expect(view.patients.map((patient) => patient.status)).toEqual(['CLOSED', 'AMENDED_AFTER_CLOSE', 'SUBMITTED']);
    expect(view).toMatchObject({ amendedAfterCloseCount: 2, submittedCount: 1 });
  });

  it('a claim submitted without any later amendment is not counted as amended', () => {
    expect(month([row('submitted', { claim })])).toMatchObject({ amendedAfterCloseCount: 0, submittedCount: 1 });
  });
});
