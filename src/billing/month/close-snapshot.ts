import type { BillingMonthClosed, BillingMonthSnapshotRecorded, PatientMonthFigures } from './billing-month.events';

/**
 * Most bytes of patient-months in one snapshot part. A KurrentDB node refuses events above 16 MiB and, with the
 * client's defaults, gRPC messages above 4 MiB; 1 MiB parts stay far below both whatever the practice's size,
 * while ~4,000 patient-months a part keep a 200,000-patient close at about fifty events.
 */
export const SNAPSHOT_PART_BYTES = 1024 * 1024;

/**
 * Splits the snapshot, in order, into parts of at most `maxBytes` of JSON each. A patient-month larger than that
 * on its own (it cannot be: figures are a few hundred bytes) would still get a part of its own rather than be lost.
 */
export function snapshotParts(patients: readonly PatientMonthFigures[], maxBytes = SNAPSHOT_PART_BYTES): PatientMonthFigures[][] {
  const parts: PatientMonthFigures[][] = [];
  let current: PatientMonthFigures[] = [];
  let bytes = 2; // the brackets of the array
  for (const figures of patients) {
    const size = Buffer.byteLength(JSON.stringify(figures)) + 1; // and its comma
    if (current.length > 0 && bytes + size > maxBytes) {
      parts.push(current);
      current = [];
      bytes = 2;
    }
    current.push(figures);
    bytes += size;
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

/**
 * The snapshot a close froze, from its parts, or from the close itself when it predates parts. Refuses a close
 * whose parts do not add up: a snapshot missing patient-months would let their claims through unchecked.
 */
export function closedSnapshot(closed: BillingMonthClosed['data'], parts: readonly BillingMonthSnapshotRecorded['data'][]): PatientMonthFigures[] {
  if (closed.patients) return closed.patients;
  const expected = closed.snapshotParts ?? 0;
  const numbered = parts.every((part, index) => part.part === index && part.practiceId === closed.practiceId && part.month === closed.month);
  const patients = parts.flatMap((part) => part.patients);
  if (parts.length !== expected || !numbered || patients.length !== closed.totals.patientCount) {
    throw new Error(
      `The close of ${closed.month} names ${expected} snapshot parts and ${closed.totals.patientCount} patient-months; ${parts.length} parts with ${patients.length} precede it`,
    );
  }
  return patients;
}
