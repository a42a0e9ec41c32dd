/**
 * Calendar arithmetic in the practice's IANA time zone, with Intl only (no date library).
 * A month is the practice's calendar month (ccm-rules.md §1): a call started at 23:30 on 31 March in New York
 * belongs to March even though it is 1 April in UTC.
 */
import { localDate, monthBounds, startOfLocalDay } from '../../kernel/calendar';
import type { Instant, LocalDate, YearMonth } from './types';

/** Parses an ISO-8601 instant; an offset or `Z` is required so that the instant is unambiguous. */
export function parseInstant(value: Instant, field: string): number {
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(value);
  const ms = Date.parse(value);
  if (!hasZone || Number.isNaN(ms)) {
    throw new RangeError(`${field}: "${value}" is not an ISO-8601 instant with an offset`);
  }
  return ms;
}

/** The calendar date of an instant in the given zone, e.g. 2025-03-31 (RangeError on an unknown zone). */
export function localDateOf(instantMs: number, timeZone: string): LocalDate {
  return localDate(new Date(instantMs), timeZone);
}

export function localMonthOf(instantMs: number, timeZone: string): YearMonth {
  return localDateOf(instantMs, timeZone).slice(0, 7);
}

const YEAR_MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const LOCAL_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function assertYearMonth(value: string): void {
  if (!YEAR_MONTH.test(value)) throw new RangeError(`month: "${value}" is not YYYY-MM`);
}

export function assertLocalDate(value: string, field: string): void {
  if (!LOCAL_DATE.test(value)) throw new RangeError(`${field}: "${value}" is not YYYY-MM-DD`);
}

export function yearOf(month: YearMonth): number {
  return Number(month.slice(0, 4));
}

export function firstDayOf(month: YearMonth): LocalDate {
  return `${month}-01`;
}

export function lastDayOf(month: YearMonth): LocalDate {
  const [y, m] = month.split('-').map(Number);
  // Day 0 of the next month is the last day of this one (pure calendar arithmetic, zone-free).
  const day = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(day).padStart(2, '0')}`;
}

/** The same day-of-month `months` earlier, clamped to the month's length (31 March − 1 month = 28/29 Feb). */
export function subtractMonths(date: LocalDate, months: number): LocalDate {
  const [y, m, d] = date.split('-').map(Number);
  const index = y * 12 + (m - 1) - months;
  const year = Math.floor(index / 12);
  const month = `${year}-${String((index % 12) + 1).padStart(2, '0')}`;
  const last = Number(lastDayOf(month).slice(8));
  return `${month}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** First instant (epoch ms) of a local calendar day in the zone. */
export const dayStartMs = (date: LocalDate, timeZone: string): number => startOfLocalDay(date, timeZone).getTime();

/** [first instant, first instant of the next month) of the month in the zone. */
export function monthSpanMs(month: YearMonth, timeZone: string): { fromMs: number; toMs: number } {
  const { start, end } = monthBounds(month, timeZone);
  return { fromMs: start.getTime(), toMs: end.getTime() };
}
