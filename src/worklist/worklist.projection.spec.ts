import Database from 'better-sqlite3';
import type { RecordedEvent } from '../event-store/event-store.port';
import type { JsonObject } from '../kernel/json';
import type { ReadDatabase } from '../projections/projection';
import { PATIENT_ID, STAFF, callLogged, enrolled, snapshot } from '../../test/support/care-record-events';
import { WorklistProjection } from './worklist.projection';

const SECOND_CALL = '1c9e8d7f-6a5b-4b4a-9392-817a6f5e4d3c';
const THIRD_CALL = '2d0f9e8a-7b6c-4c5b-8a03-928b7a6f5e4d';

/** A patient's month: enrolled, assigned, three calls, the latest moved back, the second voided. */
const log: RecordedEvent[] = [
  enrolled(),
  { type: 'CareManagerAssigned', data: { patientId: PATIENT_ID, practiceId: 'p1', careManager: snapshot(STAFF.rnB), effectiveAt: '2026-03-01T00:00:00.000Z' } },
  callLogged(),
  callLogged({ activityId: SECOND_CALL, startedAt: '2026-03-20T14:00:00.000Z' }),
  callLogged({ activityId: THIRD_CALL, startedAt: '2026-03-25T14:00:00.000Z' }),
  {
    type: 'CallCorrected',
    data: { patientId: PATIENT_ID, practiceId: 'p1', activityId: THIRD_CALL, startedAt: '2026-03-12T14:00:00.000Z', reason: 'Wrong day' },
  },
  { type: 'CallVoided', data: { patientId: PATIENT_ID, practiceId: 'p1', activityId: SECOND_CALL, reason: 'Duplicate', voidedBy: 'rn-b' } },
].map((event, i) => ({
  streamId: `patient-${PATIENT_ID}`,
  revision: BigInt(i),
  position: BigInt(i + 1),
  id: `event-${i}`,
  type: event.type,
  data: event.data as unknown as JsonObject,
  metadata: {},
  recordedAt: new Date(0),
}));

function worklistOn(db: ReadDatabase) {
  const projection = new WorklistProjection();
  projection.setup(db);
  return projection;
}
const stored = (db: ReadDatabase) => ({
  patients: db.prepare('SELECT * FROM worklist_patients').all(),
  contacts: db.prepare('SELECT * FROM worklist_contacts ORDER BY activity_id').all(),
});

describe('the worklist projection', () => {
  it('folds a page in one call into the same read model as one event at a time', () => {
    const oneByOne = new Database(':memory:');
    const single = worklistOn(oneByOne);
    for (const event of log) single.apply(oneByOne, event);

    const paged = new Database(':memory:');
    const batch = worklistOn(paged);
    batch.applyBatch(paged, log.slice(0, 4));
    batch.applyBatch(paged, log.slice(4));

    expect(stored(paged)).toEqual(stored(oneByOne));
    // The second call (the 20th) is voided and the third moved back to the 12th: the latest contact is the 12th, not the 25th.
    expect(stored(paged).patients).toEqual([
      { patient_id: PATIENT_ID, practice_id: 'p1', program: 'CCM', care_manager_id: 'rn-b', last_contact_ms: Date.parse('2026-03-12T14:00:00.000Z') },
    ]);
    oneByOne.close();
    paged.close();
  });

  it('names the event that failed', () => {
    const db = new Database(':memory:');
    const projection = worklistOn(db);
    db.exec('DROP TABLE worklist_contacts');
    expect(() => projection.applyBatch(db, log)).toThrow(/"worklist" failed on event event-2 \(CallLogged/);
    db.close();
  });
});
