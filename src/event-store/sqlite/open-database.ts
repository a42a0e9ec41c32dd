import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { EVENTS_SCHEMA } from './schema';

const WAL_SWITCH_TIMEOUT_MS = 5_000;

/** Opens (creating if need be) the file in WAL mode with the events schema. Safe to race with other processes. */
export function openDatabase(file: string, synchronous: 'FULL' | 'NORMAL'): Database.Database {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    switchToWal(db);
    db.pragma(`synchronous = ${synchronous}`);
    db.exec(EVENTS_SCHEMA);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Switching a new file to WAL needs an exclusive lock, and SQLite answers SQLITE_BUSY at once rather than call
 * the busy handler (which could deadlock). Two processes opening a new file together hit this, so retry briefly.
 */
function switchToWal(db: Database.Database): void {
  const deadline = Date.now() + WAL_SWITCH_TIMEOUT_MS;
  for (;;) {
    try {
      const mode: unknown = db.pragma('journal_mode = WAL', { simple: true });
      if (mode === 'wal') return;
      if (Date.now() > deadline) throw new Error(`Could not switch ${db.name} to WAL (journal mode is ${String(mode)})`);
    } catch (error) {
      const busy = sqliteErrorCode(error)?.startsWith('SQLITE_BUSY') ?? false;
      if (!busy || Date.now() > deadline) throw error;
    }
    sleepSync(10);
  }
}

/**
 * The code of an error better-sqlite3 threw. Recognised by its name rather than by class: the native addon is
 * loaded once per process and keeps the SqliteError class of the first copy of the module that loaded it, so the
 * errors another copy sees (another Jest module registry and realm, a bundle) fail `instanceof`.
 */
export function sqliteErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return name === 'SqliteError' && typeof code === 'string' ? code : undefined;
}

/** Opening is synchronous (better-sqlite3 is), so the retry pause blocks too; it only happens at start-up. */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
