import { EVENT_STORE, type EventStore, type RecordedEvent } from '../../src/event-store/event-store.port';
import { StreamNotFound } from '../../src/event-store/errors';
import type { TestApp } from './app-harness';

/** Reads a stream straight from the app's event store, as an auditor with database access would. */
export async function readStreamOrEmpty(app: TestApp, stream: string): Promise<RecordedEvent[]> {
  try {
    return await app.app.get<EventStore>(EVENT_STORE).readStream(stream);
  } catch (error) {
    if (error instanceof StreamNotFound) return [];
    throw error;
  }
}
