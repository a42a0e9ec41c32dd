import { isValidDate, isValidTimeZone, isValidYearMonth, lastDayOfMonth, localDate, monthBounds, monthOf } from './calendar';

describe('calendar months in the practice time zone (ccm-rules §1: a month is the practice calendar month)', () => {
  it.each([
    ['2026-04-01T03:30:00Z', 'America/New_York', '2026-03'], // 23:30 on 31 March in New York
    ['2026-04-01T04:30:00Z', 'America/New_York', '2026-04'], // 00:30 on 1 April
    ['2026-03-31T23:30:00Z', 'Europe/Berlin', '2026-04'],
    ['2026-01-01T07:59:00Z', 'America/Los_Angeles', '2025-12'],
  ])('%s in %s is month %s', (instant, zone, month) => {
    expect(monthOf(new Date(instant), zone)).toBe(month);
  });

  it('month bounds follow daylight saving time (March 2026 in New York starts at -05:00 and ends at -04:00)', () => {
    const { start, end } = monthBounds('2026-03', 'America/New_York');
    expect(start.toISOString()).toBe('2026-03-01T05:00:00.000Z');
    expect(end.toISOString()).toBe('2026-04-01T04:00:00.000Z');
  });

  it('December rolls over to January of the next year', () => {
    expect(monthBounds('2025-12', 'UTC').end.toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it('local date and last day of month', () => {
    expect(localDate(new Date('2026-03-01T04:59:00Z'), 'America/New_York')).toBe('2026-02-28');
    expect(lastDayOfMonth('2024-02')).toBe('2024-02-29');
    expect(lastDayOfMonth('2026-02')).toBe('2026-02-28');
  });

  it('validates zones, dates and months', () => {
    expect(isValidTimeZone('America/New_York')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidDate('2026-02-29')).toBe(false);
    expect(isValidDate('2024-02-29')).toBe(true);
    expect(isValidDate('2026-2-01')).toBe(false);
    expect(isValidYearMonth('2026-13')).toBe(false);
    expect(isValidYearMonth('2026-03')).toBe(true);
  });
});
