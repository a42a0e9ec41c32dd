import { DateScalar, DateTimeScalar, YearMonthScalar } from './scalars';

/** Issue #12 item 1: one accepted range (kernel/calendar ACCEPTED_*) for every input scalar; outputs never refuse. */
describe('input scalars share one accepted range', () => {
  const accepts = (scalar: typeof DateScalar, value: string) => {
    try {
      return scalar.parseValue(value);
    } catch {
      return 'refused';
    }
  };

  it.each([
    ['1900-01-02T00:00:00Z', '1900-01-02T00:00:00.000Z'],
    ['1900-01-02T09:00:00+09:00', '1900-01-02T00:00:00.000Z'],
    ['1900-01-01T23:59:59.999Z', 'refused'], // 31 December 1899 west of Greenwich
    ['1900-01-01T19:00:00-05:00', '1900-01-02T00:00:00.000Z'],
    ['1899-12-31T23:00:00-02:00', 'refused'], // the instant is in range, the written date is not a date CareLedger accepts
    ['9999-12-30T23:59:59.999Z', '9999-12-30T23:59:59.999Z'],
    ['9999-12-31T00:00:00Z', 'refused'],
    ['2026-02-30T10:00:00Z', 'refused'],
    ['2026-03-31T23:30:00', 'refused'],
  ])('DateTime %s → %s', (value, expected) => expect(accepts(DateTimeScalar, value)).toBe(expected));

  it.each([
    ['1900-01-01', '1900-01-01'],
    ['1899-12-31', 'refused'],
    ['9999-12-31', '9999-12-31'],
    ['2024-02-29', '2024-02-29'],
    ['2026-02-29', 'refused'],
  ])('Date %s → %s', (value, expected) => expect(accepts(DateScalar, value)).toBe(expected));

  it.each([
    ['1900-01', '1900-01'],
    ['1899-12', 'refused'],
    ['9999-12', '9999-12'],
    ['2026-13', 'refused'],
  ])('YearMonth %s → %s', (value, expected) => expect(accepts(YearMonthScalar, value)).toBe(expected));

  it('serialises what a stored event holds, even if older rules let it in: a record is never unreadable', () => {
    expect(YearMonthScalar.serialize('1899-12')).toBe('1899-12');
    expect(DateTimeScalar.serialize('1900-01-01T00:00:00.000Z')).toBe('1900-01-01T00:00:00.000Z');
    expect(DateTimeScalar.serialize(new Date('2026-03-10T14:00:00Z'))).toBe('2026-03-10T14:00:00.000Z');
  });
});
