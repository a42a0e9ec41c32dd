import type Database from 'better-sqlite3';
import { join } from 'node:path';
import { tempDir } from '../../../test/support/event-store-fixtures';
import { EventStoreUnavailable } from '../errors';
import { SqliteEventStore } from './sqlite-event-store';

const event = (id: number, bytes = 200) => ({
  id: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`,
  type: 'Noted',
  data: { text: 'x'.repeat(bytes) },
  metadata: {},
});

/** The store's own connection: PRAGMA max_page_count is per connection, and is how a full disk is simulated here. */
const connectionOf = (store: SqliteEventStore) => (store as unknown as { db: Database.Database }).db;

describe('the embedded store on a full disk (SQLITE_FULL, simulated with PRAGMA max_page_count)', () => {
  const dir = tempDir('careledger-disk-full-');
  let store: SqliteEventStore;

  beforeEach(() => {
    store = SqliteEventStore.open({ file: join(dir.path, `${Date.now()}-${Math.random()}.db`), synchronous: 'NORMAL' });
  });
  afterEach(() => store.dispose());
  afterAll(() => dir.remove());

  const fill = () => {
    const db = connectionOf(store);
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
  };

  it('answers EventStoreUnavailable for every append of the group, writes none of them, and takes the same appends once space returns', async () => {
    await store.appendToStream('a', [event(1)], { expectedRevision: 'no_stream' });
    fill();
    const big = Array.from({ length: 40 }, (_, i) => event(100 + i, 4000));
    const attempts = await Promise.allSettled([
      store.appendToStream('a', [event(2)], { expectedRevision: 0n }),
      store.appendToStream('b', big, { expectedRevision: 'no_stream' }),
    ]);
    expect(attempts.map((attempt) => attempt.status)).toEqual(['rejected', 'rejected']);
    for (const attempt of attempts) expect((attempt as PromiseRejectedResult).reason).toBeInstanceOf(EventStoreUnavailable);
    expect((await store.readAll()).map((recorded) => recorded.streamId)).toEqual(['a']);

    connectionOf(store).pragma('max_page_count = 1073741823');
    await store.appendToStream('a', [event(2)], { expectedRevision: 0n });
    await store.appendToStream('b', big, { expectedRevision: 'no_stream' });
    // A retry of the same append after recovery is recognised, not written twice.
    await store.appendToStream('a', [event(2)], { expectedRevision: 0n });
    expect((await store.readAll()).length).toBe(1 + 1 + big.length);
  });
});
