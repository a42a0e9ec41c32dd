import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '../../src/event-store/event-store.port';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { EventStoreDbEventStore } from '../../src/event-store/eventstoredb/eventstoredb-event-store';
import { EsdbTestServer } from './esdb-test-server';

/** One adapter under test, as the contract suite and the E2E suites see it. */
export interface EventStoreFixture {
  store: EventStore;
  /** Present where the fixture can stop and restart the server behind the store (EventStoreDB test server). */
  restartServer?: () => Promise<void>;
  /** The in-process EventStoreDB test server, when there is one (for tests that tamper with stored bytes). */
  testServer?: EsdbTestServer;
  close(): Promise<void>;
}

export interface EventStoreAdapterUnderTest {
  name: string;
  /** Its fixtures have `restartServer`, so cases about surviving a server restart apply. */
  canRestartServer?: boolean;
  /** It refuses events and appends above a KurrentDB node's size limits (16 MiB an event, 256 MiB an append). */
  enforcesSizeLimits?: boolean;
  open(): Promise<EventStoreFixture>;
}

export function tempDir(prefix = 'careledger-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

const sqlite: EventStoreAdapterUnderTest = {
  name: 'sqlite',
  async open() {
    const dir = tempDir();
    const store = SqliteEventStore.open({ file: join(dir.path, 'events.db') });
    return {
      store,
      async close() {
        await store.dispose();
        dir.remove();
      },
    };
  },
};

/** The in-process test server, written to through BatchAppend as a 26.1 node is, or through unary Append. */
const eventStoreDbTestServer = (appendPath: 'batch' | 'unary'): EventStoreAdapterUnderTest => ({
  name: `eventstoredb (in-process test server, ${appendPath === 'batch' ? 'BatchAppend' : 'unary Append'})`,
  canRestartServer: true,
  enforcesSizeLimits: true,
  async open() {
    // A real node's $all holds its own `$` events between ours: so does this one's.
    const server = await EsdbTestServer.start({ appendPath, systemEvents: true });
    const store = EventStoreDbEventStore.connect(server.connectionString);
    return {
      store,
      testServer: server,
      restartServer: () => server.restart(),
      async close() {
        await store.dispose();
        await server.stop();
      },
    };
  },
});

/** A real EventStoreDB/KurrentDB, e.g. `docker compose up eventstoredb` and EVENTSTORE_TEST_URL=esdb://localhost:2113?tls=false */
const eventStoreDbReal = (url: string): EventStoreAdapterUnderTest => ({
  name: 'eventstoredb (real server)',
  enforcesSizeLimits: true,
  async open() {
    const store = EventStoreDbEventStore.connect(url);
    return { store, close: () => store.dispose() };
  },
});

export const eventStoreAdapters: EventStoreAdapterUnderTest[] = [
  sqlite,
  eventStoreDbTestServer('batch'),
  eventStoreDbTestServer('unary'),
  ...(process.env.EVENTSTORE_TEST_URL ? [eventStoreDbReal(process.env.EVENTSTORE_TEST_URL)] : []),
];
