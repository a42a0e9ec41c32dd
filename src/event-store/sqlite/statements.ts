import type Database from 'better-sqlite3';
import { EVENT_COLUMNS } from './event-row';

/** Prepared once per connection: an append runs only cached statements. */
export function prepareStatements(db: Database.Database) {
  // Safe integers everywhere: revisions and positions come back as bigint and never pass through a double.
  const prepare = (sql: string) => db.prepare(sql).safeIntegers(true);
  const select = `SELECT ${EVENT_COLUMNS} FROM events`;
  return {
    head: prepare('SELECT revision, position FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1'),
    insert: prepare('INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at) ' + 'VALUES (?, ?, ?, ?, ?, ?, ?)'),
    findIds: prepare('SELECT event_id, stream_id, revision, position FROM events WHERE event_id IN (SELECT value FROM json_each(?))'),
    streamForwards: prepare(`${select} WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`),
    streamBackwards: prepare(`${select} WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`),
    allForwards: prepare(`${select} WHERE position >= ? ORDER BY position LIMIT ?`),
    allBackwards: prepare(`${select} WHERE position <= ? ORDER BY position DESC LIMIT ?`),
    pageAfter: prepare(`${select} WHERE position > ? ORDER BY position LIMIT ?`),
    ping: prepare('SELECT 1'),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
