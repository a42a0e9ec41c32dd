/**
 * Calendar helpers in a practice's IANA time zone (architecture decision 11): CMS counts minutes per calendar
 * month where the practice is, so a call at 23:30 on 31 March in New York belongs to March.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone (and per style): building one costs far more than using it. */
function formatterFor(zone: string, style: 'numeric' | 'label' = 'numeric'): Intl.DateTimeFormat {
  const key = `${style} ${zone}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      ...(style === 'numeric' ? { second: '2-digit' } : { timeZoneName: 'short' }),
    });
    formatters.set(key, formatter);
  }
  return formatter;
}

/** How an instant reads to a person where the practice is: '2026-03-13 10:00 EDT'. */
export function localDateTimeLabel(instant: string, zone: string): string {
  const parts = Object.fromEntries(
    formatterFor(zone, 'label')
      .formatToParts(new Date(instant))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} ${parts.timeZoneName}`;
}

export function isValidTimeZone(zone: string): boolean {
  if (!zone || zone.length > 64) return false;
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/**
 * Intl formatting was most of the cost of billing evaluation, so a zone's offset is formatted once per UTC hour and
 * the local time computed from it: zones change offset at most once within an hour, so the same offset at both ends
 * of the hour holds for all of it (an hour with a transition is formatted instant by instant). Day starts are
 * remembered per zone and date. Bounded: a full memo is simply dropped.
 */
const MEMO_LIMIT = 100_000;
const HOUR_MS = 3_600_000;
const offsetByHour = new Map<string, number>();
const dayStartByDate = new Map<string, number>();

function remember<V>(memo: Map<string, V>, key: string, value: V): V {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
  return value;
}

function formattedParts(instant: Date, zone: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return parts as unknown as LocalParts;
}

/** Milliseconds the zone is ahead of UTC at the start of the UTC hour `hour` (hours since the epoch). */
function offsetAtHour(zone: string, hour: number): number {
  const key = `${zone} ${hour}`;
  const known = offsetByHour.get(key);
  if (known !== undefined) return known;
  const start = hour * HOUR_MS;
  const p = formattedParts(new Date(start), zone);
  return remember(offsetByHour, key, Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - start);
}

function localParts(instant: Date, zone: string): LocalParts {
  const ms = instant.getTime();
  const hour = Math.floor(ms / HOUR_MS);
  // An invalid Date goes to Intl, which refuses it.
  if (Number.isFinite(hour)) {
    const offset = offsetAtHour(zone, hour);
    if (offset === offsetAtHour(zone, hour + 1)) {
      const local = new Date(Math.floor(ms / 1000) * 1000 + offset);
      return {
        year: local.getUTCFullYear(),
        month: local.getUTCMonth() + 1,
        day: local.getUTCDate(),
        hour: local.getUTCHours(),
        minute: local.getUTCMinutes(),
        second: local.getUTCSeconds(),
      };
    }
  }
  return formattedParts(instant, zone);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** 'YYYY-MM-DD' of the instant (a Date or epoch ms) in the zone. */
export function localDate(instant: Date | number, zone: string): string {
  const p = localParts(new Date(instant), zone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** 'YYYY-MM' of the instant (a Date or epoch ms) in the zone. */
export function monthOf(instant: Date | number, zone: string): string {
  return localDate(instant, zone).slice(0, 7);
}

/** Milliseconds the zone is ahead of UTC at that instant. */
function offsetMs(instant: Date, zone: string): number {
  const p = localParts(instant, zone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The first instant of a local calendar day in the zone (handles DST: resolved against the zone's offset then). */
export function startOfLocalDay(date: string, zone: string): Date {
  const key = `${zone} ${date}`;
  const known = dayStartByDate.get(key);
  if (known !== undefined) return new Date(known);
  const [year, month, day] = date.split('-').map(Number);
  const wallClock = Date.UTC(year, month - 1, day);
  let guess = wallClock - offsetMs(new Date(wallClock), zone);
  guess = wallClock - offsetMs(new Date(guess), zone);
  return new Date(remember(dayStartByDate, key, guess));
}

export function nextMonth(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return m === 12 ? `${pad(year + 1, 4)}-01` : `${pad(year, 4)}-${pad(m + 1)}`;
}

/** [start, end) of the calendar month in the zone. */
export function monthBounds(month: string, zone: string): { start: Date; end: Date } {
  return { start: startOfLocalDay(`${month}-01`, zone), end: startOfLocalDay(`${nextMonth(month)}-01`, zone) };
}

export const firstDayOfMonth = (month: string): string => `${month}-01`;

export function lastDayOfMonth(month: string): string {
  const [year, m] = month.split('-').map(Number);
  // Day 0 of the next month is the last day of this one (pure calendar arithmetic, zone-free).
  return `${month}-${pad(new Date(Date.UTC(year, m, 0)).getUTCDate())}`;
}

export const yearOf = (month: string): number => Number(month.slice(0, 4));

/** The same day-of-month `months` earlier, clamped to the month's length (31 March − 1 month = 28/29 Feb). */
export function subtractMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const index = y * 12 + (m - 1) - months;
  const month = `${pad(Math.floor(index / 12), 4)}-${pad((index % 12) + 1)}`;
  const last = Number(lastDayOfMonth(month).slice(8));
  return `${month}-${pad(Math.min(d, last))}`;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const YEAR_MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/**
 * The time CareLedger accepts, one definition for every input scalar (Date, YearMonth, DateTime), every decider
 * and every read path: calendar dates from 1900-01-01 to 9999-12-31, and instants one day inside them. UTC offsets
 * are under a day, so an accepted instant has an accepted date and month in every practice's zone: whatever the
 * API accepts, every view can show (issue #12 item 1).
 */
export const ACCEPTED_DATES = { earliest: '1900-01-01', latest: '9999-12-31' } as const;
export const ACCEPTED_INSTANTS = { earliest: '1900-01-02T00:00:00.000Z', latest: '9999-12-30T23:59:59.999Z' } as const;
const EARLIEST_INSTANT_MS = Date.parse(ACCEPTED_INSTANTS.earliest);
const LATEST_INSTANT_MS = Date.parse(ACCEPTED_INSTANTS.latest);

export function isValidDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return value >= ACCEPTED_DATES.earliest && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export const isValidYearMonth = (value: string): boolean => YEAR_MONTH.test(value) && value >= ACCEPTED_DATES.earliest.slice(0, 7);

/** An instant within ACCEPTED_INSTANTS (an invalid Date is not). */
export function isAcceptedInstant(instant: Date): boolean {
  const ms = instant.getTime();
  return ms >= EARLIEST_INSTANT_MS && ms <= LATEST_INSTANT_MS;
}

/** Parses an ISO-8601 instant to epoch ms; an offset or `Z` is required so that the instant is unambiguous. */
export function parseInstant(value: string, field: string): number {
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(value);
  const ms = Date.parse(value);
  if (!hasZone || Number.isNaN(ms)) {
    throw new RangeError(`${field}: "${value}" is not an ISO-8601 instant with an offset`);
  }
  return ms;
}

/** Shape checks for callers that take facts rather than validated input (the billing rules engine). */
export function assertYearMonth(value: string): void {
  if (!YEAR_MONTH.test(value)) throw new RangeError(`month: "${value}" is not YYYY-MM`);
}

const LOCAL_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function assertLocalDate(value: string, field: string): void {
  if (!LOCAL_DATE.test(value)) throw new RangeError(`${field}: "${value}" is not YYYY-MM-DD`);
}
