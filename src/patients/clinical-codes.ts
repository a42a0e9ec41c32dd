/**
 * Formats of the codes a care record carries. Format only: whether a code exists in this year's code set is the
 * coder's job and changes every October; a malformed code is always a typing error.
 */

/**
 * ICD-10-CM: a letter, two characters (digits, except that a few categories such as C4A, D3A, M1A and Z3A end in
 * a letter), then optionally a dot and 1-4 characters (e.g. E11.9, I10, J44.1, S72.001A).
 */
const ICD10_CM = /^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/;
export const isIcd10CmCode = (code: string): boolean => ICD10_CM.test(code.toUpperCase());
export const normalizeIcd10 = (code: string): string => code.toUpperCase();
/** ICD-10-CM chapter 5, mental, behavioural and neurodevelopmental disorders (F01–F99): what behavioural health integration treats. */
export const isBehaviouralHealthDiagnosis = (code: string): boolean => /^F(0[1-9]|[1-9]\d)/i.test(code);

/**
 * Medicare Beneficiary Identifier (CMS MBI format): 11 characters; position 1 a digit 1-9; 2, 5, 8, 9 letters;
 * 4, 7, 10, 11 digits; 3 and 6 letter or digit; letters exclude S, L, O, I, B, Z. Accepted with or without the
 * dashes of its printed form (1EG4-TE5-MK73) and in any case; stored upper case without dashes.
 */
const MBI_LETTER = '[AC-HJKMNP-RT-Y]';
const MBI = new RegExp(`^[1-9]${MBI_LETTER}[0-9AC-HJKMNP-RT-Y][0-9]${MBI_LETTER}[0-9AC-HJKMNP-RT-Y][0-9]${MBI_LETTER}{2}[0-9]{2}$`);
export const normalizeMedicareId = (id: string): string => id.replace(/-/g, '').toUpperCase();
export const isMedicareBeneficiaryId = (id: string): boolean =>
  /^[0-9A-Za-z]{4}-?[0-9A-Za-z]{3}-?[0-9A-Za-z]{4}$/.test(id) && MBI.test(normalizeMedicareId(id));

/** CPT (5 digits; category II/III: 4 digits and F or T) or HCPCS level II (a letter and 4 digits, e.g. G0181). */
const PROCEDURE_CODE = /^([0-9]{4}[0-9FT]|[A-V][0-9]{4})$/;
export const isProcedureCode = (code: string): boolean => PROCEDURE_CODE.test(code);
