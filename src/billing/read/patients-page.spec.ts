import { patientsPage } from './patients-page';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const rows = [1, 3, 5, 7].map((n) => ({ patientId: id(n) }));

describe('patientsPage (BillingMonth.patients paging)', () => {
  it('answers the whole month without paging arguments', () => {
    expect(patientsPage(rows, {})).toEqual(rows);
    expect(patientsPage(rows, { first: null, after: null })).toEqual(rows);
  });

  it('starts after the given patient, whether or not that patient is in the month, and takes at most first', () => {
    expect(patientsPage(rows, { first: 2 })).toEqual(rows.slice(0, 2));
    expect(patientsPage(rows, { first: 2, after: id(3) })).toEqual(rows.slice(2, 4));
    // An id that is not one of the month's: the page starts at the next one.
    expect(patientsPage(rows, { after: id(4) })).toEqual(rows.slice(2));
    expect(patientsPage(rows, { after: id(7).toUpperCase() })).toEqual([]);
    expect(patientsPage(rows, { first: 0 })).toEqual([]);
  });

  it('refuses a negative or fractional first and an after that is no patient id', () => {
    expect(() => patientsPage(rows, { first: -1 })).toThrow(/first/);
    expect(() => patientsPage(rows, { first: 1.5 })).toThrow(/first/);
    expect(() => patientsPage(rows, { after: 'x' })).toThrow(/after/);
  });
});
