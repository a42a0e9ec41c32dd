import { join } from 'node:path';
import type { AppConfig } from '../config/config';
import type { EventStore } from './event-store.port';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

/** EVENT_STORE_URL chooses the adapter: `sqlite` (embedded, the default) or an `esdb://` connection string. */
export function createEventStore(config: Pick<AppConfig, 'eventStoreUrl' | 'dataDir' | 'sqliteSynchronous'>): EventStore {
  if (config.eventStoreUrl === 'sqlite') {
    return SqliteEventStore.open({ file: join(config.dataDir, 'events.db'), synchronous: config.sqliteSynchronous });
  }
  return EventStoreDbEventStore.connect(config.eventStoreUrl);
}
