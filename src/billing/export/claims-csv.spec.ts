import type { SubmittedClaim } from '../projection/billing-read-model';
import { claimsCsv, csvField } from './claims-csv';

const claim = (overrides: Partial<SubmittedClaim> = {}): SubmittedClaim => ({
  practiceId: 'p1',
  month: '2026-03',
  patientId: '6f1d3c2a-8b7e-4f6a-9c1d-2e3f4a5b6c7d',
  payerId: 'payer-1',
  dateOfService: '2026-03-31',
  basis: 'CLOSED',
  lines: [
    { cptCode: '99487', units: 1, unitAmountCents: 14429, amountCents: 14429 },
    { cptCode: '99489', units: 2, unitAmountCents: 7816, amountCents: 15632 },
  ],
  expectedPaymentCents: 30061,
  patientCoinsuranceCents: 6012,
  amountUnknown: false,
  medicareId: '1EG4TE5MK73',
  diagnoses: ['E11.9', 'I10'],
  renderingNpi: '1234567893',
  billingNpi: '1245319599',
  taxId: '12-3456789',
  submittedAt: '2026-04-10T14:00:00.000Z',
  ...overrides,
});

describe('claims CSV (RFC 4180)', () => {
  it('writes a header and one CRLF-terminated row per billed line, diagnoses in four columns, dollars with cents', () => {
    expect(claimsCsv([claim()])).toBe(
      'patient_id,medicare_id,payer_id,date_of_service,cpt_code,units,icd10_1,icd10_2,icd10_3,icd10_4,rendering_npi,billing_npi,tax_id,amount_usd\r\n' +
        '6f1d3c2a-8b7e-4f6a-9c1d-2e3f4a5b6c7d,1EG4TE5MK73,payer-1,2026-03-31,99487,1,E11.9,I10,,,1234567893,1245319599,12-3456789,144.29\r\n' +
        '6f1d3c2a-8b7e-4f6a-9c1d-2e3f4a5b6c7d,1EG4TE5MK73,payer-1,2026-03-31,99489,2,E11.9,I10,,,1234567893,1245319599,12-3456789,156.32\r\n',
    );
  });

  it('leaves an unknown amount empty instead of guessing, and pads cents', () => {
    const csv = claimsCsv([claim({ lines: [{ cptCode: 'G0556', units: 1, unitAmountCents: null, amountCents: null }, { cptCode: '99490', units: 1, unitAmountCents: 5, amountCents: 5 }] })]);
    const rows = csv.split('\r\n');
    expect(rows[1].endsWith(',12-3456789,')).toBe(true);
    expect(rows[2].endsWith(',0.05')).toBe(true);
  });

  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\r\nlines', '"two\r\nlines"'],
    ['line\nfeed', '"line\nfeed"'],
  ])('quotes %j as %j', (value, expected) => expect(csvField(value)).toBe(expected));

  it('an empty month is the header alone', () => {
    expect(claimsCsv([]).split('\r\n')).toHaveLength(2);
  });
});
