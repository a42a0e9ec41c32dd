/**
 * How values read on paper: instants in the practice's time zone (the zone months are counted in), money in dollars,
 * people with their credential. Formatting only; the signed JSON keeps the exact values.
 */
// Instants read as '2026-03-13 10:00 EDT', in the zone the practice counts its months in.
export { localDateTimeLabel as localTime } from '../../kernel/calendar';

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
