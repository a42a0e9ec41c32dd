import { ACCEPTED_DATES, ACCEPTED_INSTANTS, isAcceptedInstant, isValidDate, localDate } from '../kernel/calendar';
import { badInput } from '../kernel/domain-error';

/**
 * Valid time (architecture decision 11): inputs say when a thing happened; it may lie in the past, never in the
 * future. Five minutes of tolerance absorb clock differences between the client's device and the server.
 */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * An instant the care record accepts: within the accepted range (the scalars check it too, but the decider is
 * the last word before anything is appended, whatever door the command came through) and not in the future.
 */
export function assertAcceptedInstant(field: string, instant: string, now: Date): void {
  const date = new Date(instant);
  if (!isAcceptedInstant(date)) throw badInput(field, `must be an instant from ${ACCEPTED_INSTANTS.earliest} to ${ACCEPTED_INSTANTS.latest}`);
  if (date.getTime() > now.getTime() + CLOCK_SKEW_MS) throw badInput(field, 'must not be in the future');
}

/** A calendar date is in the future when it is after today in the practice's zone (with the same tolerance). */
export function assertAcceptedDate(field: string, date: string, now: Date, timeZone: string): void {
  if (!isValidDate(date)) throw badInput(field, `must be a calendar date from ${ACCEPTED_DATES.earliest} to ${ACCEPTED_DATES.latest}`);
  if (date > localDate(new Date(now.getTime() + CLOCK_SKEW_MS), timeZone)) throw badInput(field, 'must not be in the future');
}

export const today = (now: Date, timeZone: string): string => localDate(now, timeZone);

/** Compares instants by time, whatever offset they were written with. */
export const isBefore = (instant: string, other: string): boolean => Date.parse(instant) < Date.parse(other);
