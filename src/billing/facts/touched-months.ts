import { nextMonth } from '../../kernel/calendar';
import type { PatientEvent } from '../../patient-stream/patient-event';
import { monthOfInstant } from './instant-month';

/**
 * Which patient-months an event can change: every month from one on (a consent, a condition, a care plan holds until
 * something else happens), or only some months (an external service, a time entry). Re-evaluating exactly these keeps
 * the projection's work proportional to what changed.
 */
export type TouchedMonths = { from: string } | { only: string[] };

const instantMonth = (instant: string, timeZone: string) => monthOfInstant(Date.parse(instant), timeZone);
const dateMonth = (date: string) => date.slice(0, 7);

/**
 * The months a non-time-entry event touches (time entries are handled with the entry they change, whose month may
 * move with a correction). `validMonth` is the month of the event's own occurredAt.
 */
export function monthsTouchedBy(event: PatientEvent, timeZone: string, validMonth: string): TouchedMonths | null {
  switch (event.type) {
    case 'PatientEnrolled':
      return { from: dateMonth(event.data.enrolledOn) };
    case 'BillingPractitionerChanged':
      return { from: validMonth };
    case 'ChronicConditionRecorded':
      return { from: dateMonth(event.data.onset ?? event.data.recordedOn) };
    case 'ChronicConditionResolved':
      return { from: dateMonth(event.data.resolvedOn) };
    case 'InitiatingVisitRecorded':
      return { from: dateMonth(event.data.visitDate) };
    case 'ExternalServiceRecorded':
      return { only: [dateMonth(event.data.serviceDate)] };
    case 'ConsentGiven':
      return { from: instantMonth(event.data.givenAt, timeZone) };
    case 'ConsentRevoked':
      return { from: instantMonth(event.data.revokedAt, timeZone) };
    case 'CarePlanCreated':
    case 'CarePlanRevised':
      return { from: instantMonth(event.data.effectiveAt, timeZone) };
    case 'CarePlanSharedWithPatient':
      return { from: instantMonth(event.data.sharedAt, timeZone) };
    case 'PatientUnenrolled':
      return { from: dateMonth(event.data.effectiveOn) };
    case 'CoverageVerified':
      return { from: instantMonth(event.data.verifiedAt, timeZone) };
    default:
      return null;
  }
}

/** The months of a time entry before and after an event (a correction may move it to another month). */
export const entryMonths = (timeZone: string, ...startedAts: (string | undefined)[]): TouchedMonths => ({
  only: [...new Set(startedAts.filter((at): at is string => at !== undefined).map((at) => instantMonth(at, timeZone)))],
});

/** Every month from `from` to `to`, both included (YYYY-MM). */
export function monthRange(from: string, to: string): string[] {
  const months: string[] = [];
  for (let month = from; month <= to; month = nextMonth(month)) months.push(month);
  return months;
}
