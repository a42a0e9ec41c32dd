import { randomUUID } from 'node:crypto';
import { tempDir } from '../../test/support/event-store-fixtures';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { isUuid } from '../kernel/ids';
import { patientStream } from '../patients/patient.events';
import { patientStreamKey, PatientStreamKeys, practiceScopedPatientKey } from './patient-stream-key';

describe('which stream holds a practice’s record of a patient id', () => {
  const patientId = randomUUID();

  it('is patient-<id> while the id is free or the practice’s own: a single-practice record keeps the stream it always had', () => {
    expect(patientStreamKey('p1', patientId, undefined)).toBe(patientId);
    expect(patientStreamKey('p1', patientId, 'p1')).toBe(patientId);
  });

  it('is a key of the practice’s own when another practice (or no practice) holds patient-<id>', () => {
    const scoped = patientStreamKey('p2', patientId, 'p1');
    expect(scoped).toBe(practiceScopedPatientKey('p2', patientId));
    expect(isUuid(scoped)).toBe(true);
    expect(scoped).not.toBe(patientId);
    expect(patientStreamKey('p3', patientId, 'p1')).not.toBe(scoped);
    expect(patientStreamKey('p2', patientId, null)).toBe(scoped);
  });

  it('never changes: records already in the log are found under the key they were written to', () => {
    expect(practiceScopedPatientKey('p2', '2f1c1b9e-7d2a-4c36-9a53-0d6f6c1f3e11')).toBe('d092882e-9dab-5a44-a051-336df0b21618');
  });

  describe('resolved from the log', () => {
    let dir: ReturnType<typeof tempDir>;
    let store: SqliteEventStore;
    const append = (stream: string, practiceId: string) =>
      store.appendToStream(stream, [{ id: randomUUID(), type: 'PatientEnrolled', data: { patientId }, metadata: { practiceId } }], { expectedRevision: 'any' });

    beforeEach(() => {
      dir = tempDir();
      store = SqliteEventStore.open({ file: `${dir.path}/events.db`, synchronous: 'NORMAL' });
    });
    afterEach(async () => {
      await store.dispose();
      dir.remove();
    });

    it('by the practice of patient-<id>’s first event, read once it exists (an owner never changes)', async () => {
      const keys = new PatientStreamKeys(store);
      const reads = jest.spyOn(store, 'readStream');
      expect(await keys.resolve('p2', patientId)).toBe(patientId);
      await append(patientStream(patientId), 'p1');
      // A free id is read again: someone may have taken it since.
      expect(await keys.resolve('p2', patientId)).toBe(practiceScopedPatientKey('p2', patientId));
      expect(await keys.resolve('p1', patientId)).toBe(patientId);
      expect(await keys.resolve('p2', patientId)).toBe(practiceScopedPatientKey('p2', patientId));
      expect(reads).toHaveBeenCalledTimes(2);
    });

    it('in the order asked for, for one id, whether its owner is read or remembered (an import keeps file order)', async () => {
      await append(patientStream(patientId), 'p1');
      const keys = new PatientStreamKeys(store);
      // A second read of the log, if one is made, is slow: by the time it answers, the third finds the owner remembered.
      const read = store.readStream.bind(store);
      let releaseSlowRead = () => {};
      const slow = new Promise<void>((release) => (releaseSlowRead = release));
      jest
        .spyOn(store, 'readStream')
        .mockImplementationOnce(read)
        .mockImplementationOnce((...args) => slow.then(() => read(...args)));
      const finished: string[] = [];
      const ask = (label: string) => keys.resolve('p1', patientId).then(() => finished.push(label));
      const first = ask('first');
      const second = ask('second');
      await first;
      const third = ask('third');
      await new Promise((resolve) => setImmediate(resolve));
      releaseSlowRead();
      await Promise.all([second, third]);
      expect(finished).toEqual(['first', 'second', 'third']);
    });
  });
});
