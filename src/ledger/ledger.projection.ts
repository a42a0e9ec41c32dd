import type { RecordedEvent } from '../event-store/event-store.port';
import type { Projection, ReadDatabase } from '../projections/projection';
import type { LedgerHeadSigned } from './heads/ledger-head.events';
import { CompactRange } from './tree/compact-range';
import { storedEventHash } from './tree/event-leaf';
import { LEAF_CHUNK, LEDGER_SCHEMA, LEDGER_TABLES, type LeafValues } from './tree/ledger-tables';
import type { LedgerTree } from './tree/ledger-tree';
import { leafHash, rootHash } from './tree/merkle-tree';

/** The tree's right edge as this projection last wrote it, with the log position of its latest leaf. */
interface Frontier {
  range: CompactRange;
  lastPosition: bigint;
}

/**
 * Every event of the log becomes the next leaf, in log order, fed by the $all subscription like any projection: the
 * tree advances in the same transaction as its checkpoint, so a restart resumes where it stopped, and a version bump
 * rebuilds it from the log. A LedgerHeadSigned event is also kept as a head, marked inconsistent if this tree has
 * another root at that size (a tree rebuilt from a rewritten log).
 *
 * Version 2: the subtrees a leaf completes are stored in its row (one row of one table per event).
 * Appending needs only the tree's right edge, kept in memory between pages; every page first checks it against the
 * stored latest leaf (one indexed read), so a rolled-back page or another writer of the same file makes it reload
 * the edge from the stored nodes instead of trusting memory.
 */
export class LedgerProjection implements Projection {
  readonly name = 'ledger-tree';
  readonly version = 2;
  private frontier?: Frontier;

  constructor(private readonly tree: LedgerTree) {}

  setup(db: ReadDatabase): void {
    db.exec(LEDGER_SCHEMA);
    this.tree.attach(db);
    this.frontier = undefined;
  }

  reset(db: ReadDatabase): void {
    for (const table of LEDGER_TABLES) db.exec(`DROP TABLE IF EXISTS ${table}`);
    this.frontier = undefined;
  }

  apply(db: ReadDatabase, event: RecordedEvent): void {
    this.applyBatch(db, [event]);
  }

  /**
   * A page at once: its leaves and the nodes they complete are hashed in memory from the right edge, then written
   * LEAF_CHUNK rows per statement. A head is judged against the stored tree, so the rows before it are written first.
   */
  applyBatch(_db: ReadDatabase, events: readonly RecordedEvent[]): void {
    const frontier = this.storedFrontier();
    const pending: LeafValues[] = [];
    try {
      for (const event of events) {
        // An event delivered again (a subscription that resumed over it) is already a leaf: one leaf per event.
        if (event.position <= frontier.lastPosition) continue;
        const index = frontier.range.size;
        const hash = storedEventHash(event);
        pending.push([index, event.position.toString(), event.id, hash, frontier.range.append(leafHash(hash))]);
        frontier.lastPosition = event.position;
        if (event.type === 'LedgerHeadSigned') {
          this.insertLeaves(pending.splice(0));
          this.keepHead(event, event.data as LedgerHeadSigned['data'], index + 1);
        }
      }
      this.insertLeaves(pending);
    } catch (error) {
      // The page's transaction rolls back: the edge in memory is ahead of the rows, or half-merged.
      this.frontier = undefined;
      throw error;
    }
  }

  private insertLeaves(rows: readonly LeafValues[]): void {
    const { insertLeaf, insertLeafChunk } = this.tree.statements();
    let next = 0;
    for (; next + LEAF_CHUNK <= rows.length; next += LEAF_CHUNK) insertLeafChunk.run(rows.slice(next, next + LEAF_CHUNK).flat());
    for (; next < rows.length; next++) insertLeaf.run(rows[next]);
  }

  /** The edge in memory when it matches the stored latest leaf, otherwise reloaded from the stored nodes. */
  private storedFrontier(): Frontier {
    const last = this.tree.statements().lastLeaf.get() as { leaf_index: bigint; position: string } | undefined;
    const size = last ? Number(last.leaf_index) + 1 : 0;
    const lastPosition = last ? BigInt(last.position) : -1n;
    const kept = this.frontier;
    if (kept && kept.range.size === size && kept.lastPosition === lastPosition) return kept;
    this.frontier = { range: CompactRange.of(this.tree.nodes, size), lastPosition };
    return this.frontier;
  }

  /** `treeSize`: the tree's size with this head's own event as its latest leaf. */
  private keepHead(event: RecordedEvent, head: LedgerHeadSigned['data'], treeSize: number): void {
    const size = Number(head.treeSize);
    const consistent = size <= treeSize && rootHash(this.tree.nodes, size).toString('base64') === head.rootHash;
    this.tree
      .statements()
      .insertHead.run(size, head.rootHash, head.timestamp, head.kid, head.signature, head.checkpoint, head.occasion, event.id, consistent ? 1 : 0);
  }
}
