/**
 * How values read on paper: instants in the practice's time zone (the zone months are counted in), money in dollars,
 * people with their credential. Formatting only; the signed JSON keeps the exact values.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** '2026-03-13 10:00 EDT' */
export function localTime(instant: string, zone: string): string {
  const parts = Object.fromEntries(
    formatterFor(zone)
      .formatToParts(new Date(instant))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} ${parts.timeZoneName}`;
}

export const dollars = (cents: number): string => `$${(cents / 100).toFixed(2)}`;

export const person = (staff: { name: string; credential: string; npi: string | null }): string =>
  `${staff.name} (${staff.credential}${staff.npi ? `, NPI ${staff.npi}` : ''})`;

export const yesNo = (value: boolean): string => (value ? 'yes' : 'no');

export const orNone = (value: string | null | undefined, none = '-'): string => (value === null || value === undefined || value === '' ? none : value);

/** An enum value as words: 'LIVE_TIMER' reads 'live timer' (and wraps between words in a narrow column). */
export const words = (value: string): string => value.toLowerCase().replace(/_/g, ' ');

/**
 * Text someone typed (a summary, a reason, a care-plan item), in quotation marks so a reader sees where it starts and
 * ends, runs of spaces as one (padding cannot push words to where the layout's own text would be). Its line breaks
 * print as ' ¶ ' (pdf-layout.ts printable).
 */
export const typed = (value: string): string => `\u201c${value.replace(/[ \t]+/g, ' ').trim()}\u201d`;
