/** Pure 24/7 coverage arithmetic over half-open intervals [from, to) in epoch milliseconds. */
export interface Interval {
  fromMs: number;
  toMs: number;
}

export const overlaps = (a: Interval, b: Interval) => a.fromMs < b.toMs && b.fromMs < a.toMs;

/** The shifts under way at an instant: started at or before it and not yet ended ([from, to) as everywhere here). */
export const coveringAt = <Shift extends Interval>(shifts: readonly Shift[], instantMs: number): Shift[] =>
  shifts.filter((shift) => shift.fromMs <= instantMs && instantMs < shift.toMs);

/** Every part of [window] that no shift covers, in order; shifts may overlap each other and the window's edges. */
export function coverageGaps(shifts: readonly Interval[], window: Interval): Interval[] {
  const gaps: Interval[] = [];
  let coveredUntil = window.fromMs;
  for (const shift of [...shifts].sort((a, b) => a.fromMs - b.fromMs)) {
    if (shift.toMs <= coveredUntil) continue;
    if (shift.fromMs >= window.toMs) break;
    if (shift.fromMs > coveredUntil) gaps.push({ fromMs: coveredUntil, toMs: shift.fromMs });
    coveredUntil = Math.max(coveredUntil, shift.toMs);
  }
  if (coveredUntil < window.toMs) gaps.push({ fromMs: coveredUntil, toMs: window.toMs });
  return gaps;
}
