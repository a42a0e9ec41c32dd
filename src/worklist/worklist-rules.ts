/**
 * The worklist's reading of a patient-month: pure functions of the billing result (the rules engine's own figures,
 * never recomputed here), the practice's calendar day and the patient's tasks and contacts.
 */
import { lastDayOfMonth } from '../kernel/calendar';
import type { Blocker, PatientMonthResult } from '../billing/rules';

export type WorklistResult = Pick<PatientMonthResult, 'clinicalStaffMinutes' | 'practitionerMinutes' | 'lines' | 'blockers' | 'minutesToNextCode' | 'nextCode'>;

/** What a patient's place in the worklist depends on: billing's result, the day, and the overdue tasks. */
export interface StandingFacts {
  month: string;
  /** The practice's calendar day now. */
  today: string;
  result: WorklistResult;
  overdueTaskCount: number;
}

export interface WorklistFacts extends StandingFacts {
  /** The latest contact before the month's end, if any; `contactThisMonth` says whether it lies in the month. */
  lastContactAt: string | null;
  contactThisMonth: boolean;
  openTaskCount: number;
}

/**
 * Most urgent first: a month short of its first code that, at the present pace, will not reach it; then months held
 * up by something other than time; then months short of their first code but on pace; then a further unit the
 * present pace misses; then a further unit within reach on pace; then months with nothing more to reach; last,
 * months no amount of care can bill (not eligible, billed elsewhere).
 */
export const URGENCY = ['AT_RISK', 'BLOCKED', 'ON_PACE', 'NEXT_UNIT_AT_RISK', 'NEXT_UNIT', 'DONE', 'NOT_BILLABLE'] as const;
export type Urgency = (typeof URGENCY)[number];

export interface WorklistFigures {
  countedMinutes: number;
  nextCode: string | null;
  minutesToNextCode: number | null;
  daysLeftInMonth: number;
  atRisk: boolean;
  blockers: Blocker[];
  openTaskCount: number;
  overdueTaskCount: number;
  lastContactAt: string | null;
  urgency: Urgency;
  reasons: string[];
}

/** Blockers that no further minute and no documentation this month lifts. */
const NOT_BILLABLE: ReadonlySet<Blocker> = new Set(['NOT_ELIGIBLE', 'DUPLICATE_BILLER', 'CONFLICTING_SERVICE', 'CONSENT_REVOKED']);

const BLOCKER_WORDS: Record<Blocker, string> = {
  NOT_ELIGIBLE: 'Not eligible for the program with the conditions on record',
  NO_CONSENT: 'No consent in force for the billing practitioner',
  NO_CARE_PLAN: 'No comprehensive care plan in force',
  CARE_PLAN_NOT_SHARED: 'The care plan has not been given to the patient',
  NO_INITIATING_VISIT: 'No initiating visit before care management started',
  INSUFFICIENT_TIME: 'Not enough counted time for a code yet',
  DUPLICATE_BILLER: 'Another practitioner bills care management for the month',
  CONFLICTING_SERVICE: 'A service billed this month cannot be billed with care management',
  CONSENT_REVOKED: 'The patient revoked consent',
};

/** Days of each month seen, computed once: a worklist reads the same month for thousands of rows. */
const DAYS_IN = new Map<string, number>();
function daysIn(month: string): number {
  let days = DAYS_IN.get(month);
  if (days === undefined) DAYS_IN.set(month, (days = Number(lastDayOfMonth(month).slice(8))));
  return days;
}
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Days of the month from today on, today included; 0 once it is over, every day before it starts. */
export function daysLeftInMonth(month: string, today: string): number {
  const current = today.slice(0, 7);
  if (current < month) return daysIn(month);
  if (current > month) return 0;
  return daysIn(month) - Number(today.slice(8)) + 1;
}

/** Where a patient-month stands: the figures its place in the worklist comes from, without the words. */
export interface WorklistStanding {
  countedMinutes: number;
  nextCode: string | null;
  minutesToNextCode: number | null;
  daysLeftInMonth: number;
  atRisk: boolean;
  overdueTaskCount: number;
  urgency: Urgency;
  /** Short of a first code (rather than of a further unit). */
  shortOfFirstCode: boolean;
  /** Blockers other than the time itself. */
  otherBlockers: Blocker[];
}

/** Cheap enough for every patient of a practice: the worklist ranks them all and words only the page it answers. */
export function worklistStanding(facts: StandingFacts): WorklistStanding {
  const { result, month } = facts;
  const countedMinutes = result.clinicalStaffMinutes + result.practitionerMinutes;
  const daysLeft = daysLeftInMonth(month, facts.today);
  const daysSoFar = daysIn(month) - daysLeft + (daysLeft > 0 ? 1 : 0);
  const reachable = result.minutesToNextCode !== null && result.nextCode !== null;
  const notBillable = result.blockers.some((blocker) => NOT_BILLABLE.has(blocker));
  // Short of a first code: billing says the time is insufficient, or nothing has counted yet.
  const shortOfFirstCode = reachable && (result.blockers.includes('INSUFFICIENT_TIME') || countedMinutes === 0);
  // The present pace: the minutes so far spread over the days so far (today included), carried to the month's end.
  const projectedMinutes = daysSoFar > 0 ? (countedMinutes / daysSoFar) * daysIn(month) : 0;
  // Every threshold the month can still reach counts (a further unit as much as the first code): the contract's
  // "on the present pace the month ends below a threshold it could reach".
  const atRisk = !notBillable && reachable && daysLeft > 0 && projectedMinutes < countedMinutes + result.minutesToNextCode!;
  const otherBlockers = result.blockers.filter((blocker) => blocker !== 'INSUFFICIENT_TIME');

  let urgency: Urgency;
  if (notBillable) urgency = 'NOT_BILLABLE';
  else if (atRisk && shortOfFirstCode) urgency = 'AT_RISK';
  else if (otherBlockers.length > 0) urgency = 'BLOCKED';
  else if (shortOfFirstCode) urgency = 'ON_PACE';
  else if (atRisk) urgency = 'NEXT_UNIT_AT_RISK';
  else if (reachable) urgency = 'NEXT_UNIT';
  else urgency = 'DONE';

  return {
    countedMinutes,
    nextCode: reachable ? result.nextCode : null,
    minutesToNextCode: reachable ? result.minutesToNextCode : null,
    daysLeftInMonth: daysLeft,
    atRisk,
    overdueTaskCount: facts.overdueTaskCount,
    urgency,
    shortOfFirstCode,
    otherBlockers,
  };
}

export function worklistFigures(facts: WorklistFacts): WorklistFigures {
  const { result } = facts;
  const standing = worklistStanding(facts);
  const { countedMinutes, nextCode, minutesToNextCode, daysLeftInMonth: daysLeft, atRisk, shortOfFirstCode, otherBlockers } = standing;
  const billedCodes = result.lines.map((line) => (line.units > 1 ? `${line.cptCode} ×${line.units}` : line.cptCode));

  const reasons: string[] = [];
  if (shortOfFirstCode) reasons.push(`${plural(minutesToNextCode!, 'more minute')} reach ${nextCode} (${plural(countedMinutes, 'minute')} counted so far)`);
  if (billedCodes.length > 0) reasons.push(`Billable now: ${billedCodes.join(' + ')}`);
  if (billedCodes.length > 0 && nextCode !== null) reasons.push(`${plural(minutesToNextCode!, 'more minute')} add ${nextCode}`);
  if (billedCodes.length > 0 && nextCode === null) reasons.push('Nothing more to reach this month');
  if (atRisk) reasons.push(`At the present pace the month ends short of ${nextCode}: ${plural(daysLeft, 'day')} left`);
  reasons.push(...otherBlockers.map((blocker) => BLOCKER_WORDS[blocker]));
  if (!facts.contactThisMonth) reasons.push('No contact yet this month');
  if (facts.overdueTaskCount > 0) reasons.push(`${plural(facts.overdueTaskCount, 'overdue task')}`);
  if (daysLeft === 0) reasons.push('The month is over');

  return {
    countedMinutes,
    nextCode,
    minutesToNextCode,
    daysLeftInMonth: daysLeft,
    atRisk,
    blockers: [...result.blockers],
    openTaskCount: facts.openTaskCount,
    overdueTaskCount: facts.overdueTaskCount,
    lastContactAt: facts.lastContactAt,
    urgency: standing.urgency,
    reasons,
  };
}

const RANK = Object.fromEntries(URGENCY.map((urgency, index) => [urgency, index])) as Record<Urgency, number>;

/** What the order of the worklist reads of a row (a standing or a row's full figures). */
export type UrgencyKey = Pick<WorklistStanding, 'urgency' | 'overdueTaskCount' | 'minutesToNextCode'> & { patientId: string };

/** Orders rows most urgent first: urgency, then more overdue tasks, then fewer minutes to the next code, then id. */
export function compareUrgency(a: UrgencyKey, b: UrgencyKey): number {
  return (
    RANK[a.urgency] - RANK[b.urgency] ||
    b.overdueTaskCount - a.overdueTaskCount ||
    (a.minutesToNextCode ?? Infinity) - (b.minutesToNextCode ?? Infinity) ||
    (a.patientId < b.patientId ? -1 : a.patientId > b.patientId ? 1 : 0)
  );
}
