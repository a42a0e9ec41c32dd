import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ReadDatabase } from './projection';

/** Page cache while replaying history (KiB): the read models' hot pages stay in memory instead of SQLite's 2 MB. */
const CATCH_UP_CACHE_KIB = 64 * 1024;

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

/**
 * Relaxes the read database for replaying history and returns the function that restores its settings.
 *
 * synchronous OFF skips the fsyncs of the WAL checkpoints; in WAL mode a process crash still loses nothing that
 * was committed (the OS has the pages), and what a power loss could cost is a replay the engine redoes anyway.
 * Restoring checkpoints the WAL under the normal setting, so the replayed rows are on disk before anyone is
 * told the read models are current.
 */
export function relaxForCatchUp(db: ReadDatabase): () => void {
  const synchronous = db.pragma('synchronous', { simple: true }) as number;
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  const tempStore = db.pragma('temp_store', { simple: true }) as number;
  db.pragma('synchronous = OFF');
  db.pragma(`cache_size = ${-CATCH_UP_CACHE_KIB}`);
  db.pragma('temp_store = MEMORY');
  return () => {
    // A CLI may close the database before the engine stops.
    if (!db.open) return;
    db.pragma(`synchronous = ${synchronous}`);
    db.pragma(`cache_size = ${cacheSize}`);
    db.pragma(`temp_store = ${tempStore}`);
    // PASSIVE never waits for another process's readers (it would block the event loop); it syncs what it copies.
    db.pragma('wal_checkpoint(PASSIVE)');
  };
}
