import type { ClaimPatient } from '../month/billing-month.events';
import type { SubmittedClaim } from '../projection/billing-read-model';

/**
 * The claim export: one row per billed line of every claim submitted for the month, RFC 4180 (CRLF line ends,
 * fields quoted when they hold a comma, a quote or a line break; quotes doubled; formulas neutralised). Amounts in
 * US dollars with two decimals; an amount the fee schedule does not know is left empty, never guessed.
 */
export const CLAIMS_CSV_HEADER = [
  'patient_id',
  'medicare_id',
  'patient_name',
  'patient_birth_date',
  'patient_sex',
  'patient_address_line1',
  'patient_address_line2',
  'patient_city',
  'patient_state',
  'patient_postal_code',
  'payer_id',
  'date_of_service',
  'place_of_service',
  'cpt_code',
  'units',
  'icd10_1',
  'icd10_2',
  'icd10_3',
  'icd10_4',
  'rendering_npi',
  'billing_npi',
  'tax_id',
  'amount_usd',
] as const;

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return before one) as a formula, so a
 * payer id such as `-A1` or `=HYPERLINK(...)` typed into a claim would execute on the biller's machine. Per OWASP's
 * CSV-injection guidance such a field is prefixed with a single quote (shown as text) and quoted.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

const quoted = (value: string) => `"${value.replace(/"/g, '""')}"`;

export function csvField(value: string): string {
  if (FORMULA_START.test(value)) return quoted(`'${value}`);
  return /[",\r\n]/.test(value) ? quoted(value) : value;
}

const csvRow = (fields: readonly string[]) => `${fields.map(csvField).join(',')}\r\n`;

/** 837P DMG03 / CMS-1500 box 3 letters; empty when not captured. */
const SEX_CODES: Record<NonNullable<ClaimPatient['sex']>, string> = { FEMALE: 'F', MALE: 'M', UNKNOWN: 'U' };

/** Claims recorded before they named the patient or the place of service leave those columns empty. */
function patientFields(patient: ClaimPatient | undefined): string[] {
  const address = patient?.address ?? null;
  return [
    patient?.name ?? '',
    patient?.birthDate ?? '',
    patient?.sex ? SEX_CODES[patient.sex] : '',
    address?.line1 ?? '',
    address?.line2 ?? '',
    address?.city ?? '',
    address?.state ?? '',
    address?.postalCode ?? '',
  ];
}

const dollars = (cents: number | null) => (cents === null ? '' : `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`);

export function claimsCsv(claims: readonly SubmittedClaim[]): string {
  const rows = claims.flatMap((claim) => {
    const diagnoses = [0, 1, 2, 3].map((index) => claim.diagnoses[index] ?? '');
    return claim.lines.map((line) =>
      csvRow([
        claim.patientId,
        claim.medicareId,
        ...patientFields(claim.patient),
        claim.payerId,
        claim.dateOfService,
        claim.placeOfService ?? '',
        line.cptCode,
        String(line.units),
        ...diagnoses,
        claim.renderingNpi,
        claim.billingNpi,
        claim.taxId,
        dollars(line.amountCents),
      ]),
    );
  });
  return csvRow(CLAIMS_CSV_HEADER) + rows.join('');
}
