import { badInput } from '../../kernel/domain-error';
import { isUuid } from '../../kernel/ids';

/** Paging of BillingMonth.patients: arguments as the schema gives them (absent or null: not paged). */
export interface PatientsPageArgs {
  first?: number | null;
  after?: string | null;
}

/**
 * The patients after `after` (a patient id, not necessarily one of the month's), at most `first` of them; the
 * month's patient-months are in patient id order (lower-case UUIDs), so pages follow one another without overlap.
 */
export function patientsPage<Row extends { patientId: string }>(rows: Row[], { first, after }: PatientsPageArgs): Row[] {
  if (first !== undefined && first !== null && (!Number.isInteger(first) || first < 0)) throw badInput('first', 'must be a whole number, 0 or more');
  if (after !== undefined && after !== null && !isUuid(after)) throw badInput('after', 'must be the patientId of the last patient of the previous page');
  let start = 0;
  if (after) {
    const cursor = after.toLowerCase();
    start = firstAfter(rows, cursor);
  }
  const end = first === undefined || first === null ? rows.length : Math.min(rows.length, start + first);
  return start === 0 && end === rows.length ? rows : rows.slice(start, end);
}

/** Index of the first row whose patient id sorts after `cursor` (binary search over the ordered rows). */
function firstAfter(rows: readonly { patientId: string }[], cursor: string): number {
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (rows[middle].patientId <= cursor) low = middle + 1;
    else high = middle;
  }
  return low;
}
