import { isIcd10CmCode, isMedicareBeneficiaryId, isProcedureCode, normalizeMedicareId } from './clinical-codes';

describe('ICD-10-CM code format', () => {
  it.each([
    ['E11.9', true],
    ['I10', true],
    ['J44.1', true],
    ['S72.001A', true],
    ['M1A.071', true], // categories may end in a letter
    ['e11.9', true], // accepted in any case, stored upper case
    ['E1', false],
    ['E119', false],
    ['E11.', false],
    ['E11.12345', false],
    ['11.9', false],
    ['E11 9', false],
  ])('%s is valid: %s', (code, valid) => expect(isIcd10CmCode(code)).toBe(valid));
});

describe('Medicare Beneficiary Identifier format (CMS)', () => {
  it.each([
    ['1EG4TE5MK73', true], // CMS's published example
    ['1EG4-TE5-MK73', true],
    ['1eg4te5mk73', true],
    ['0EG4TE5MK73', false], // first position 1-9
    ['1SG4TE5MK73', false], // S is never used
    ['1EG4TE5MK7', false],
    ['1EG4-TE5MK-73', false],
    ['123-45-6789A', false], // an old HICN is not an MBI
  ])('%s is valid: %s', (id, valid) => expect(isMedicareBeneficiaryId(id)).toBe(valid));

  it('is stored upper case without dashes', () => expect(normalizeMedicareId('1eg4-te5-mk73')).toBe('1EG4TE5MK73'));
});

describe('CPT / HCPCS code format', () => {
  it.each([
    ['99495', true],
    ['99457', true],
    ['G0181', true],
    ['0042T', true],
    ['9949', false],
    ['G018', false],
    ['g0181', false],
    ['994950', false],
  ])('%s is valid: %s', (code, valid) => expect(isProcedureCode(code)).toBe(valid));
});
