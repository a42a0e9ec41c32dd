import { parse } from 'csv-parse/sync';
import type { SubmittedClaim } from '../projection/billing-read-model';
import { CLAIMS_CSV_HEADER, claimsCsv, csvField } from './claims-csv';

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
  placeOfService: '11',
  patient: {
    name: 'Martinez, Rosa',
    birthDate: '1948-05-02',
    sex: 'FEMALE',
    address: { line1: '12 Elm St', line2: 'Apt 3', city: 'Albany', state: 'NY', postalCode: '12207-1234' },
  },
  submittedAt: '2026-04-10T14:00:00.000Z',
  ...overrides,
});

/** Reads the file back with csv-parse (RFC 4180, strict about quotes and column counts), one object per row. */
const readBack = (csv: string): Record<string, string>[] =>
  parse(csv, { columns: true, record_delimiter: '\r\n', relax_quotes: false, relax_column_count: false });

describe('claims CSV (RFC 4180)', () => {
  it('writes a header and one CRLF-terminated row per billed line, diagnoses in four columns, dollars with cents', () => {
    const csv = claimsCsv([claim()]);
    expect(csv.startsWith(`${CLAIMS_CSV_HEADER.join(',')}\r\n`)).toBe(true);
    expect(csv.split('\r\n')[1]).toBe(
      '6f1d3c2a-8b7e-4f6a-9c1d-2e3f4a5b6c7d,1EG4TE5MK73,"Martinez, Rosa",1948-05-02,F,12 Elm St,Apt 3,Albany,NY,12207-1234,payer-1,2026-03-31,11,99487,1,E11.9,I10,,,1234567893,1245319599,12-3456789,144.29',
    );
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('reads back with a CSV parser as the CMS-1500 / 837P fields: patient, place of service, codes, diagnoses, NPIs, amounts', () => {
    const rows = readBack(claimsCsv([claim()]));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({
      patient_id: '6f1d3c2a-8b7e-4f6a-9c1d-2e3f4a5b6c7d',
      medicare_id: '1EG4TE5MK73',
      patient_name: 'Martinez, Rosa',
      patient_birth_date: '1948-05-02',
      patient_sex: 'F',
      patient_address_line1: '12 Elm St',
      patient_address_line2: 'Apt 3',
      patient_city: 'Albany',
      patient_state: 'NY',
      patient_postal_code: '12207-1234',
      payer_id: 'payer-1',
      date_of_service: '2026-03-31',
      place_of_service: '11',
      cpt_code: '99487',
      units: '1',
      icd10_1: 'E11.9',
      icd10_2: 'I10',
      icd10_3: '',
      icd10_4: '',
      rendering_npi: '1234567893',
      billing_npi: '1245319599',
      tax_id: '12-3456789',
      amount_usd: '144.29',
    });
    expect(rows[1]).toMatchObject({ cpt_code: '99489', units: '2', amount_usd: '156.32', place_of_service: '11', patient_name: 'Martinez, Rosa' });
  });

  it('leaves the columns a claim does not carry empty: sex and address not captured, and claims recorded before claims named the patient', () => {
    const [unknown] = readBack(claimsCsv([claim({ patient: { name: 'Lee, Ann', birthDate: '1950-01-09', sex: null, address: null } })]));
    expect(unknown).toMatchObject({ patient_name: 'Lee, Ann', patient_sex: '', patient_address_line1: '', patient_postal_code: '' });
    const [older] = readBack(claimsCsv([claim({ patient: undefined, placeOfService: undefined })]));
    expect(older).toMatchObject({ patient_name: '', patient_birth_date: '', place_of_service: '', cpt_code: '99487' });
  });

  it('leaves an unknown amount empty instead of guessing, and pads cents', () => {
    const csv = claimsCsv([
      claim({
        lines: [
          { cptCode: 'G0556', units: 1, unitAmountCents: null, amountCents: null },
          { cptCode: '99490', units: 1, unitAmountCents: 5, amountCents: 5 },
        ],
      }),
    ]);
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
