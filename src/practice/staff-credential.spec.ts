import { isValidNpi } from './staff-credential';

describe('NPI check digit (CMS: Luhn over the prefix 80840 and the first nine digits)', () => {
  it.each([
    ['1234567893', true], // CMS's published example
    ['1234567890', false],
    ['123456789', false],
    ['12345678931', false],
    ['abcdefghij', false],
  ])('%s is valid: %s', (npi, valid) => expect(isValidNpi(npi)).toBe(valid));
});
