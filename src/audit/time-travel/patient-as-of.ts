import type { RecordedEvent } from '../../event-store/event-store.port';
import type { PatientEvent } from '../../patient-stream/patient-event';
import { evolvePatientRecord, initialPatientRecord } from '../../patient-stream/patient-record';
import { isEnrolled, toPatientView, type PatientView } from '../../patients/patient.view';

/**
 * The Patient exactly as it stood at `at`: the events the store had recorded by then, folded by the care record's
 * own evolve and mapped by its own view, so history and today can never disagree about what an event means. The
 * view carries the folded record, so fields resolved from it (activities) are those of that moment too.
 */
export function patientAsOf(events: readonly RecordedEvent[], at: Date): PatientView | null {
  let record = initialPatientRecord();
  let revision: bigint | undefined;
  for (const event of events) {
    // Recorded time, not valid time: a call logged late was not in the record before it was typed in.
    if (event.recordedAt.getTime() > at.getTime()) continue;
    record = evolvePatientRecord(record, { type: event.type, data: event.data } as PatientEvent);
    revision = event.revision;
  }
  return isEnrolled(record) ? toPatientView(record, Number(revision)) : null;
}
