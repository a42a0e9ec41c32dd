import type { Statement } from 'better-sqlite3';
import type { Position } from '../event-store/event-store.port';
import type { ReadDatabase } from './projection';

export interface StoredCheckpoint {
  version: number;
  /** The last position the projection has applied; undefined when it has applied nothing yet. */
  position: Position | undefined;
}

interface CheckpointRow {
  name: string;
  version: number;
  position: string | null;
}

/**
 * Per-projection checkpoints, kept in the read database so that they commit in the same transaction as the rows
 * they describe. Positions are stored as decimal strings: they are 64-bit and must never pass through Number.
 */
export class CheckpointStore {
  private readonly selectAll: Statement<[], CheckpointRow>;
  private readonly upsert: Statement<[string, number, string | null, string]>;

  constructor(db: ReadDatabase) {
    db.exec(`CREATE TABLE IF NOT EXISTS projection_checkpoints (
      name TEXT PRIMARY KEY,
      version INTEGER NOT NULL,
      position TEXT,
      updated_at TEXT NOT NULL
    )`);
    this.selectAll = db.prepare('SELECT name, version, position FROM projection_checkpoints');
    this.upsert = db.prepare(
      `INSERT INTO projection_checkpoints (name, version, position, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET version = excluded.version, position = excluded.position,
         updated_at = excluded.updated_at`,
    );
  }

  load(): Map<string, StoredCheckpoint> {
    const checkpoints = new Map<string, StoredCheckpoint>();
    for (const row of this.selectAll.all()) {
      checkpoints.set(row.name, {
        version: row.version,
        position: row.position === null ? undefined : BigInt(row.position),
      });
    }
    return checkpoints;
  }

  /** `updatedAt` is passed in so that a batch computes it once, not once per projection. */
  save(name: string, version: number, position: Position | undefined, updatedAt: string): void {
    this.upsert.run(name, version, position === undefined ? null : position.toString(), updatedAt);
  }
}
