import { monthOf } from '../../kernel/calendar';

const DAY_MS = 86_400_000;
/** 'YYYY-MM' by year × 12 + month index, so that most instants format nothing. */
const monthNames = new Map<number, string>();

/**
 * The instant's month in the zone, as kernel/calendar's monthOf, without asking Intl for most instants: the local
 * wall clock is the instant plus the zone's offset, which is under a day, so an instant whose UTC month is the same a
 * day before and a day after has that month in every zone. Only instants within a day of a UTC month's turn ask the
 * calendar (a replay asks this two or three times an event).
 */
export function monthOfInstant(instantMs: number, timeZone: string): string {
  const before = new Date(instantMs - DAY_MS);
  const after = new Date(instantMs + DAY_MS);
  const index = before.getUTCFullYear() * 12 + before.getUTCMonth();
  if (index !== after.getUTCFullYear() * 12 + after.getUTCMonth()) return monthOf(instantMs, timeZone);
  let name = monthNames.get(index);
  if (name === undefined) monthNames.set(index, (name = monthOf(instantMs, 'UTC')));
  return name;
}
