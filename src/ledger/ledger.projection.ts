import type { RecordedEvent } from '../event-store/event-store.port';
import type { Projection, ReadDatabase } from '../projections/projection';
import type { LedgerHeadSigned } from './heads/ledger-head.events';
import { storedEventHash } from './tree/event-leaf';
import { LEDGER_SCHEMA, LEDGER_TABLES } from './tree/ledger-tables';
import type { LedgerTree } from './tree/ledger-tree';
import { appendLeaf, leafHash, rootHash } from './tree/merkle-tree';

/**
 * Every event of the log becomes the next leaf, in log order, fed by the $all subscription like any projection: the
 * tree advances in the same transaction as its checkpoint, so a restart resumes where it stopped, and a version bump
 * rebuilds it from the log. A LedgerHeadSigned event is also kept as a head, marked inconsistent if this tree has
 * another root at that size (a tree rebuilt from a rewritten log).
 */
export class LedgerProjection implements Projection {
  readonly name = 'ledger-tree';
  readonly version = 1;

  constructor(private readonly tree: LedgerTree) {}

  setup(db: ReadDatabase): void {
    db.exec(LEDGER_SCHEMA);
    this.tree.attach(db);
  }

  reset(db: ReadDatabase): void {
    for (const table of LEDGER_TABLES) db.exec(`DROP TABLE IF EXISTS ${table}`);
  }

  apply(_db: ReadDatabase, event: RecordedEvent): void {
    const { tree } = this;
    // An event delivered again (a subscription that resumed over it) is already a leaf: one leaf per event.
    if (tree.leafOf(event.position)) return;
    // The size as this transaction sees it, never an in-memory count that a rolled-back batch left ahead.
    const index = tree.storedSize();
    const hash = storedEventHash(event);
    tree.statements().insertLeaf.run(index, event.position.toString(), event.id, hash);
    appendLeaf(tree.nodes, index, leafHash(hash));
    if (event.type === 'LedgerHeadSigned') this.keepHead(event, event.data as LedgerHeadSigned['data'], index + 1);
  }

  /** `treeSize`: the tree's size with this head's own event as its latest leaf. */
  private keepHead(event: RecordedEvent, head: LedgerHeadSigned['data'], treeSize: number): void {
    const size = Number(head.treeSize);
    const consistent = size <= treeSize && rootHash(this.tree.nodes, size).toString('base64') === head.rootHash;
    this.tree.statements().insertHead.run(size, head.rootHash, head.timestamp, head.kid, head.signature, head.checkpoint, head.occasion, event.id, consistent ? 1 : 0);
  }
}
