import { monthOf } from '../../kernel/calendar';
import { monthOfInstant } from './instant-month';

describe('monthOfInstant', () => {
  // The extremes of today's offsets (+14, −11), quarter and half hours, and zones that turned their clocks at midnight.
  const zones = ['UTC', 'America/New_York', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Asia/Kathmandu', 'Australia/Adelaide', 'America/Havana', 'Asia/Beirut'];

  it('agrees with the calendar for every hour of two days around each month turn of a year, in every zone', () => {
    const mismatches: string[] = [];
    for (const zone of zones) {
      for (let month = 0; month < 12; month++) {
        const turn = Date.UTC(2026, month, 1);
        for (let ms = turn - 2 * 86_400_000; ms <= turn + 2 * 86_400_000; ms += 15 * 60_000) {
          if (monthOfInstant(ms, zone) !== monthOf(ms, zone)) mismatches.push(`${zone} ${new Date(ms).toISOString()}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('gives mid-month instants their month, across years and centuries', () => {
    expect(monthOfInstant(Date.parse('2026-10-15T03:00:00Z'), 'America/Los_Angeles')).toBe('2026-10');
    expect(monthOfInstant(Date.parse('1901-02-14T23:59:59Z'), 'Pacific/Kiritimati')).toBe('1901-02');
    expect(monthOfInstant(Date.parse('9999-12-15T00:00:00Z'), 'Asia/Tokyo')).toBe('9999-12');
  });

  it('gives an instant just after a UTC month turn the previous month where the zone is behind UTC', () => {
    expect(monthOfInstant(Date.parse('2026-11-01T02:00:00Z'), 'America/New_York')).toBe('2026-10');
    expect(monthOfInstant(Date.parse('2026-10-31T12:00:00Z'), 'Pacific/Kiritimati')).toBe('2026-11');
  });
});
