import type { Statement } from 'better-sqlite3';
import type { ReadDatabase } from '../../projections/projection';
import { leafHash, type Hash, type TreeNodes } from './merkle-tree';

/**
 * The tree in the read database: one row per leaf, holding the event it commits to (by log position) and the hashes
 * of the perfect subtrees that leaf completes, so an append writes one row of one table and no node is written
 * twice. Level-0 nodes are not stored: a leaf hash is one SHA-256 of the stored event hash away. Positions grow with
 * the leaf index (log order), which is how a leaf is found by position without an index of its own. The signed heads
 * are kept beside them, for serving and paging.
 */
export const LEDGER_SCHEMA = `
CREATE TABLE IF NOT EXISTS ledger_leaves (
  leaf_index INTEGER PRIMARY KEY,
  -- Decimal: an EventStoreDB position is 128 bits (commit and prepare), more than an SQLite INTEGER holds.
  position   TEXT    NOT NULL,
  event_id   TEXT    NOT NULL,
  event_hash BLOB    NOT NULL,
  -- 32 bytes for each perfect subtree ending at this leaf, level 1 upwards: node (level, i) is in leaf
  -- (i + 1) * 2^level - 1 at byte (level - 1) * 32. Empty for an even leaf index.
  completed  BLOB    NOT NULL
);
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

// ledger_nodes: where version 1 kept the subtrees, dropped when that version is rebuilt.
export const LEDGER_TABLES = ['ledger_leaves', 'ledger_nodes', 'ledger_heads'];

export interface LeafRow {
  leaf_index: bigint;
  position: string;
  event_id: string;
  event_hash: Buffer;
  completed: Buffer;
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

/** The values of one ledger_leaves row, in column order, as insertLeaf and insertLeafChunk bind them. */
export type LeafValues = [leafIndex: number, position: string, eventId: string, eventHash: Buffer, completed: Buffer];

/** Leaves written by one statement when a page has that many: one native call and one statement step for all. */
export const LEAF_CHUNK = 64;

const INSERT_LEAVES = 'INSERT INTO ledger_leaves (leaf_index, position, event_id, event_hash, completed) VALUES ';

/** Prepared statements over the ledger tables; prepared again after a reset drops them. */
export function prepareLedgerStatements(db: ReadDatabase) {
  const prepare = (sql: string): Statement => db.prepare(sql).safeIntegers(true);
  return {
    size: prepare('SELECT COALESCE(MAX(leaf_index) + 1, 0) AS size FROM ledger_leaves'),
    insertLeaf: prepare(`${INSERT_LEAVES}(?, ?, ?, ?, ?)`),
    insertLeafChunk: prepare(INSERT_LEAVES + Array.from({ length: LEAF_CHUNK }, () => '(?, ?, ?, ?, ?)').join(', ')),
    leafAt: prepare('SELECT * FROM ledger_leaves WHERE leaf_index = ?'),
    lastLeaf: prepare('SELECT leaf_index, position FROM ledger_leaves ORDER BY leaf_index DESC LIMIT 1'),
    leavesFrom: prepare('SELECT * FROM ledger_leaves WHERE leaf_index >= ? ORDER BY leaf_index LIMIT ?'),
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

const HASH_BYTES = 32;

/** The stored nodes as the tree algorithms read them. */
export class StoredTreeNodes implements TreeNodes {
  constructor(private readonly statements: () => LedgerStatements) {}

  node(level: number, index: number): Hash {
    const lastLeaf = (index + 1) * 2 ** level - 1;
    const leaf = this.statements().leafAt.get(lastLeaf) as LeafRow | undefined;
    if (level === 0 && leaf) return leafHash(leaf.event_hash);
    const hash = leaf?.completed.subarray((level - 1) * HASH_BYTES, level * HASH_BYTES);
    if (!hash || hash.length !== HASH_BYTES) throw new RangeError(`node (${level}, ${index}) is not in the tree`);
    return hash;
  }
}
