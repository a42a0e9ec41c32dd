/**
 * Time tracks and the choice between them (ccm-rules.md §1). Within a month the tracks are mutually exclusive
 * (OIG 2021): every compliant track is computed, the highest expected payment is billed (ties broken by
 * policies.trackTieOrder), and the others become alternatives.
 */
import { billingLine, billingOption, type Pricer } from './money';
import type { TimeTrackRule } from './rule-set';
import type { BillingOption, TrackId } from './types';

export interface TrackMinutes {
  /** Clinical staff plus the billing practitioner (the pool of 99490, 99487, 99426). */
  pooled: number;
  /** The billing practitioner alone (99491, 99424). */
  practitioner: number;
  /** Complex CCM conditions met (the billing practitioner's MDM and a care plan in force this month). */
  complex: boolean;
}

/** Add-on caps by add-on code; a code not listed keeps its track's default. null = no cap. */
export type AddOnCaps = Readonly<Record<string, number | null>>;

/** Full increments beyond the base, then the cap: units = floor((minutes − base) / increment) (ccm-rules.md §1). */
export function addOnUnits(minutes: number, track: TimeTrackRule, caps: AddOnCaps): number {
  const earned = Math.floor((minutes - track.baseMinutes) / track.addOnIncrementMinutes);
  const cap = track.addOnCode in caps ? caps[track.addOnCode] : track.defaultAddOnCap;
  return Math.max(0, cap === null ? earned : Math.min(earned, cap));
}

/** The option a track yields for these minutes, or null when it is not compliant. */
export function trackOption(track: TimeTrackRule, minutes: TrackMinutes, caps: AddOnCaps, price: Pricer): BillingOption | null {
  if (track.requiresComplexity && !minutes.complex) return null;
  const available = track.minutesFrom === 'POOLED' ? minutes.pooled : minutes.practitioner;
  if (available < track.baseMinutes) return null;
  const lines = [billingLine(track.baseCode, 1, price)];
  const units = addOnUnits(available, track, caps);
  if (units > 0) lines.push(billingLine(track.addOnCode, units, price));
  return billingOption(track.track, lines);
}

/** Every compliant option, best first. */
export function rankedTimeOptions(
  tracks: readonly TimeTrackRule[],
  minutes: TrackMinutes,
  caps: AddOnCaps,
  price: Pricer,
  tieOrder: readonly TrackId[],
): BillingOption[] {
  const options = tracks.map((track) => trackOption(track, minutes, caps, price)).filter((option): option is BillingOption => option !== null);
  const rank = (track: BillingOption['track']) => {
    const index = tieOrder.indexOf(track as TrackId);
    return index === -1 ? tieOrder.length : index;
  };
  return options.sort((a, b) => b.expectedPaymentCents - a.expectedPaymentCents || rank(a.track) - rank(b.track));
}

/** The next change of the billed codes: how many more counted minutes reach it, and the code it adds. */
export interface NextCode {
  minutes: number;
  /** The code that appears, or gains a unit, in what would then be billed (the new track's base code on a switch). */
  cptCode: string;
}

/**
 * How many more counted minutes change what is billed (a first code, a further add-on unit, or a better track), and
 * which code that is. Added minutes are assumed to be pooled staff time, the time every pooled track counts; the
 * billing practitioner's own time also counts in the pool, so the answer holds for either. Null when no amount of
 * extra time changes the codes within LOOK_AHEAD_MINUTES (all reachable caps hit).
 */
export function nextCode(
  tracks: readonly TimeTrackRule[],
  minutes: TrackMinutes,
  caps: AddOnCaps,
  price: Pricer,
  tieOrder: readonly TrackId[],
): NextCode | null {
  const billed = (extra: number) => rankedTimeOptions(tracks, { ...minutes, pooled: minutes.pooled + extra }, caps, price, tieOrder)[0];
  const now = billed(0);
  // Between two change points every track yields the same option, so only the change points need evaluating.
  for (const extra of changePoints(tracks, minutes.pooled)) {
    const then = billed(extra);
    if (signature(then) !== signature(now)) return { minutes: extra, cptCode: codeGained(now, then!) };
  }
  return null;
}

/**
 * The extra pooled minutes (1 to LOOK_AHEAD_MINUTES) at which some pooled track's option can change: its base, then
 * each further add-on increment (addOnUnits is a step function of the minutes). Tracks of the practitioner's own
 * time do not move with pooled time.
 */
function changePoints(tracks: readonly TimeTrackRule[], pooled: number): number[] {
  const points = new Set<number>();
  for (const track of tracks) {
    if (track.minutesFrom !== 'POOLED') continue;
    const step = track.addOnIncrementMinutes;
    let at = track.baseMinutes;
    if (pooled >= at) at = step > 0 ? at + (Math.floor((pooled - at) / step) + 1) * step : Infinity;
    for (; at - pooled <= LOOK_AHEAD_MINUTES; at += step > 0 ? step : Infinity) points.add(at - pooled);
  }
  return [...points].sort((a, b) => a - b);
}

/** The first line of `then` that `now` lacks or bills fewer units of. */
function codeGained(now: BillingOption | undefined, then: BillingOption): string {
  const unitsNow = new Map((now?.lines ?? []).map((line) => [line.cptCode, line.units]));
  return (then.lines.find((line) => line.units > (unitsNow.get(line.cptCode) ?? 0)) ?? then.lines[0]).cptCode;
}

/**
 * Every track's next unit is at most base + increment minutes away (90 for complex CCM), and a better track
 * overtakes within a few of its increments; four hours is far beyond both.
 */
const LOOK_AHEAD_MINUTES = 240;

function signature(option: BillingOption | undefined): string {
  return option ? option.lines.map((l) => `${l.cptCode}x${l.units}`).join('+') : '';
}
