import { localDate } from '../kernel/calendar';

/** How a documentation request reached the practice (schema.graphql `enum RequestChannel`). */
export const REQUEST_CHANNELS = ['CDEX_TASK', 'ESMD', 'MAIL', 'FAX', 'PORTAL'] as const;
export type RequestChannel = (typeof REQUEST_CHANNELS)[number];

/** Who reviews the claim: Medicare's contractors by kind, or a payer that states its own due date. */
export const REVIEW_CONTRACTORS = ['MAC', 'RAC', 'SMRC', 'UPIC'] as const;
export type ReviewContractor = (typeof REVIEW_CONTRACTORS)[number];

const DAY_MS = 86_400_000;

/**
 * Calendar days a provider has to answer a Medicare Additional Documentation Request, counted from its receipt:
 * 45 for a MAC, RAC or SMRC, 30 for a UPIC (42 CFR 405.929; Medicare Program Integrity Manual, Pub. 100-08,
 * ch. 3 §3.2.3.2). Past it the contractor decides on what it has, i.e. denies.
 */
export const ADR_RESPONSE_DAYS: Record<ReviewContractor, number> = { MAC: 45, RAC: 45, SMRC: 45, UPIC: 30 };

/**
 * The due date of a request received at `receivedAt`: the channel's deadline. A CDex Task states its own
 * (Task.restriction.period.end), so it has none here (null: the caller must give it).
 */
export function defaultDueAt(channel: RequestChannel, reviewer: ReviewContractor, receivedAt: Date): Date | null {
  if (channel === 'CDEX_TASK') return null;
  return new Date(receivedAt.getTime() + ADR_RESPONSE_DAYS[reviewer] * DAY_MS);
}

/**
 * Days left to answer, as a person at the practice counts them: calendar days from today to the due day, both in
 * the practice's zone (0 on the due day, negative once past it). Overdue once the due instant has passed.
 */
export function deadlineStanding(dueAt: Date, now: Date, timeZone: string): { daysLeft: number; overdue: boolean } {
  const day = (instant: Date) => Date.parse(`${localDate(instant, timeZone)}T00:00:00Z`);
  return { daysLeft: Math.round((day(dueAt) - day(now)) / DAY_MS), overdue: now.getTime() > dueAt.getTime() };
}
