/**
 * The whole event log is one table. Applied with IF NOT EXISTS on every open, so opening is idempotent and two
 * processes may open the same file at the same time.
 */
export const EVENTS_SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  -- AUTOINCREMENT rather than a bare rowid: a position is never handed out twice, even if the newest row
  -- were ever removed, so a subscriber's checkpoint can never point at a different event later.
  position    INTEGER PRIMARY KEY AUTOINCREMENT,
  stream_id   TEXT    NOT NULL,
  revision    INTEGER NOT NULL,
  event_id    TEXT    NOT NULL,
  type        TEXT    NOT NULL,
  data        TEXT    NOT NULL,
  metadata    TEXT    NOT NULL,
  recorded_at INTEGER NOT NULL,
  -- The optimistic-concurrency guard of last resort: whatever a writer believed, two writers can never both
  -- own one revision of a stream. It is also the index for reading a stream and finding its head.
  UNIQUE (stream_id, revision)
);
CREATE UNIQUE INDEX IF NOT EXISTS events_event_id ON events (event_id);
`;

/** Bound for 'end' in range queries: the largest SQLite INTEGER. */
export const MAX_INTEGER = 9223372036854775807n;
