/**
 * A full disk under the embedded store, simulated with PRAGMA max_page_count on the store's own connection: the
 * mutation answers SERVICE_UNAVAILABLE, nothing of it is stored, and once space returns the retry with the same
 * commandId lands exactly once.
 */
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { EventStoreUnavailable } from '../src/event-store/errors';
import { EVENT_STORE, type EventStore } from '../src/event-store/event-store.port';
import { outcome, startTestApp, type TestApp } from './support/app-harness';
import { ENROLL_PATIENT, enrollInput, newPatientId, seedPractice, type SeededPractice } from './support/care-record-fixtures';
import { readStreamOrEmpty } from './support/event-store-reads';

/** Appends small events until the store refuses one: the pages the file has are then full. */
async function fillTheLastPages(app: TestApp): Promise<void> {
  const store = app.app.get(EVENT_STORE) as EventStore;
  for (let i = 0; i < 10_000; i++) {
    try {
      await store.appendToStream(`filler-${i}`, [{ id: randomUUID(), type: 'Filler', data: { bytes: 'x'.repeat(200) }, metadata: {} }], {
        expectedRevision: 'no_stream',
      });
    } catch (error) {
      if (error instanceof EventStoreUnavailable) return;
      throw error;
    }
  }
  throw new Error('the store never filled up');
}

describe('a full disk during a write', () => {
  let app: TestApp;
  let practice: SeededPractice;
  let connection: Database.Database;

  beforeAll(async () => {
    app = await startTestApp('sqlite');
    practice = await seedPractice(app);
    connection = (app.app.get(EVENT_STORE) as unknown as { db: Database.Database }).db;
  }, 60_000);
  afterAll(() => app?.close());

  it('answers SERVICE_UNAVAILABLE, stores nothing, and takes the retry once space returns, exactly once', async () => {
    const patientId = newPatientId();
    const input = enrollInput(patientId);
    const before = (await readStreamOrEmpty(app, `patient-${patientId}`)).length;
    connection.pragma(`max_page_count = ${connection.pragma('page_count', { simple: true }) as number}`);
    await fillTheLastPages(app);

    const full = await app.gql(ENROLL_PATIENT, { input }, practice.tokens.admin);
    expect(outcome(full)).toBe('SERVICE_UNAVAILABLE');
    expect(full.errors![0].extensions).toMatchObject({ retryable: true });
    expect(await readStreamOrEmpty(app, `patient-${patientId}`)).toHaveLength(before);

    connection.pragma('max_page_count = 1073741823');
    const retried = await app.gql(ENROLL_PATIENT, { input }, practice.tokens.admin);
    expect(outcome(retried)).toBe('OK');
    const again = await app.gql(ENROLL_PATIENT, { input }, practice.tokens.admin);
    expect(again.data).toEqual(retried.data);
    const events = await readStreamOrEmpty(app, `patient-${patientId}`);
    expect(events.filter((event) => event.type === 'PatientEnrolled')).toHaveLength(1);
  });
});
