import type { Statement } from 'better-sqlite3';
import type { ReadDatabase } from '../../projections/projection';
import { leafHash, type Hash, type TreeNodes } from './merkle-tree';

/**
 * The tree in the read database: every leaf (the event it commits to, by log position) and every perfect subtree
 * above the leaves, each written once. Level-0 nodes are not stored: a leaf hash is one SHA-256 of the stored
 * event hash away. The signed heads are kept beside them, for serving and paging.
 */
export const LEDGER_SCHEMA = `
CREATE TABLE IF NOT EXISTS ledger_leaves (
  leaf_index INTEGER PRIMARY KEY,
  -- Decimal: an EventStoreDB position is 128 bits (commit and prepare), more than an SQLite INTEGER holds.
  position   TEXT    NOT NULL UNIQUE,
  event_id   TEXT    NOT NULL,
  event_hash BLOB    NOT NULL
);
CREATE TABLE IF NOT EXISTS ledger_nodes (
  level INTEGER NOT NULL,
  idx   INTEGER NOT NULL,
  hash  BLOB    NOT NULL,
  PRIMARY KEY (level, idx)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ledger_heads (
  tree_size  INTEGER PRIMARY KEY,
  root_hash  TEXT    NOT NULL,
  timestamp  TEXT    NOT NULL,
  kid        TEXT    NOT NULL,
  signature  TEXT    NOT NULL,
  checkpoint TEXT    NOT NULL,
  occasion   TEXT    NOT NULL,
  event_id   TEXT    NOT NULL,
  -- 0 when the tree this read model built from the log had another root at this size: the log was rewritten.
  consistent INTEGER NOT NULL
);
`;

export const LEDGER_TABLES = ['ledger_leaves', 'ledger_nodes', 'ledger_heads'];

export interface LeafRow {
  leaf_index: bigint;
  position: string;
  event_id: string;
  event_hash: Buffer;
}

export interface HeadRow {
  tree_size: bigint;
  root_hash: string;
  timestamp: string;
  kid: string;
  signature: string;
  checkpoint: string;
  occasion: string;
  event_id: string;
  consistent: bigint;
}

/** Prepared statements over the ledger tables; prepared again after a reset drops them. */
export function prepareLedgerStatements(db: ReadDatabase) {
  const prepare = (sql: string): Statement => db.prepare(sql).safeIntegers(true);
  return {
    size: prepare('SELECT COALESCE(MAX(leaf_index) + 1, 0) AS size FROM ledger_leaves'),
    insertLeaf: prepare('INSERT INTO ledger_leaves (leaf_index, position, event_id, event_hash) VALUES (?, ?, ?, ?)'),
    leafAt: prepare('SELECT * FROM ledger_leaves WHERE leaf_index = ?'),
    leafByPosition: prepare('SELECT * FROM ledger_leaves WHERE position = ?'),
    leavesFrom: prepare('SELECT * FROM ledger_leaves WHERE leaf_index >= ? ORDER BY leaf_index LIMIT ?'),
    node: prepare('SELECT hash FROM ledger_nodes WHERE level = ? AND idx = ?'),
    insertNode: prepare('INSERT INTO ledger_nodes (level, idx, hash) VALUES (?, ?, ?)'),
    insertHead: prepare(
      'INSERT OR IGNORE INTO ledger_heads (tree_size, root_hash, timestamp, kid, signature, checkpoint, occasion, event_id, consistent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    latestHead: prepare('SELECT * FROM ledger_heads ORDER BY tree_size DESC LIMIT 1'),
    firstHeadCovering: prepare('SELECT * FROM ledger_heads WHERE tree_size >= ? ORDER BY tree_size LIMIT 1'),
    headsNewestFirst: prepare('SELECT * FROM ledger_heads ORDER BY tree_size DESC LIMIT ? OFFSET ?'),
    headsOldestFirst: prepare('SELECT * FROM ledger_heads ORDER BY tree_size'),
    headCount: prepare('SELECT COUNT(*) AS count FROM ledger_heads'),
  };
}

export type LedgerStatements = ReturnType<typeof prepareLedgerStatements>;

/** The stored nodes as the tree algorithms read and write them. */
export class StoredTreeNodes implements TreeNodes {
  constructor(private readonly statements: () => LedgerStatements) {}

  node(level: number, index: number): Hash {
    if (level === 0) {
      const leaf = this.statements().leafAt.get(index) as LeafRow | undefined;
      if (!leaf) throw new RangeError(`leaf ${index} is not in the tree`);
      return leafHash(leaf.event_hash);
    }
    const row = this.statements().node.get(level, index) as { hash: Buffer } | undefined;
    if (!row) throw new RangeError(`node (${level}, ${index}) is not in the tree`);
    return row.hash;
  }

  put(level: number, index: number, hash: Hash): void {
    // Leaves are rows of ledger_leaves, written by the projection with their event.
    if (level > 0) this.statements().insertNode.run(level, index, hash);
  }
}
