import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ReadDatabase } from './projection';

/**
 * Opens (creating if needed) the read-model database. WAL lets queries run while the engine commits; synchronous
 * NORMAL may lose the last commits on power loss, which is acceptable because the checkpoint is lost with them
 * and the projections simply re-apply those events from the log.
 */
export function openReadDatabase(file: string): ReadDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // Another process (e.g. a rebuild CLI or an inspector) may hold a lock briefly.
  db.pragma('busy_timeout = 5000');
  return db;
}
