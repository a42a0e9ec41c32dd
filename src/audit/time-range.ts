import { badInput } from '../kernel/domain-error';

/**
 * A half-open window of instants, `from <= t < to`, either end optional. Bounds arrive through the DateTime scalar,
 * which normalises them to UTC ISO strings, and the read models store instants the same way, so SQL compares them
 * as text.
 */
export interface TimeRange {
  from: string | null;
  to: string | null;
}

export function timeRange(from: string | null | undefined, to: string | null | undefined): TimeRange {
  if (from && to && to < from) throw badInput('to', 'must not be before from');
  return { from: from ?? null, to: to ?? null };
}
