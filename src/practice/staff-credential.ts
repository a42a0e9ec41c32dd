export const STAFF_CREDENTIALS = ['MD', 'DO', 'NP', 'PA', 'CNS', 'CNM', 'RN', 'LPN', 'MA', 'OTHER_CLINICAL_STAFF', 'NON_CLINICAL'] as const;
export type StaffCredential = (typeof STAFF_CREDENTIALS)[number];

/** Physicians and non-physician practitioners: may bill, create care plans, and must have an NPI (CMS MLN909188). */
export const PRACTITIONER_CREDENTIALS: readonly StaffCredential[] = ['MD', 'DO', 'NP', 'PA', 'CNS', 'CNM'];

export const isPractitioner = (credential: StaffCredential): boolean => PRACTITIONER_CREDENTIALS.includes(credential);

/**
 * National Provider Identifier: 10 digits whose last is a Luhn check digit computed with the card-issuer
 * prefix 80840 (CMS NPI check digit standard).
 */
export function isValidNpi(npi: string): boolean {
  if (!/^\d{10}$/.test(npi)) return false;
  const digits = `80840${npi}`.split('').map(Number);
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let digit = digits[i];
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}
