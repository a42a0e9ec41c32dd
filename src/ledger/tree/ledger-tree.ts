import type { ReadDatabase } from '../../projections/projection';
import { prepareLedgerStatements, StoredTreeNodes, type HeadRow, type LeafRow, type LedgerStatements } from './ledger-tables';
import { consistencyProof, inclusionProof, rootHash, type Hash } from './merkle-tree';

/**
 * The ledger's tree as stored in the read database: written by LedgerProjection only, read by the ledger's service
 * for roots, proofs and heads. Sizes are numbers inside (a log of 2^53 events is far off) and strings at the edge.
 */
export class LedgerTree {
  private prepared?: LedgerStatements;
  readonly nodes = new StoredTreeNodes(() => this.statements());

  /** Called by the projection's setup, after the DDL (and again after a reset recreated the tables). */
  attach(db: ReadDatabase): void {
    this.prepared = prepareLedgerStatements(db);
  }

  statements(): LedgerStatements {
    if (!this.prepared) throw new Error('The ledger tree is not set up yet');
    return this.prepared;
  }

  /**
   * The size of the tree as stored. Read from the database, never kept in memory: inside the projection's
   * transaction it counts the batch's leaves so far, and a rolled-back batch cannot leave it ahead of the rows.
   */
  storedSize(): number {
    return Number((this.statements().size.get() as { size: bigint }).size);
  }

  root(size: number): Hash {
    return rootHash(this.nodes, size);
  }

  inclusionProof(index: number, size: number): Hash[] {
    return inclusionProof(this.nodes, index, size);
  }

  consistencyProof(from: number, to: number): Hash[] {
    return consistencyProof(this.nodes, from, to);
  }

  /** Binary search: positions grow with the leaf index, so O(log n) reads of the primary key find a position. */
  leafOf(position: bigint): LeafRow | undefined {
    let low = 0;
    let high = this.storedSize() - 1;
    while (low <= high) {
      const middle = Math.floor((low + high) / 2);
      const leaf = this.leafAt(middle)!;
      const at = BigInt(leaf.position);
      if (at === position) return leaf;
      if (at < position) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  }

  leafAt(index: number): LeafRow | undefined {
    return this.statements().leafAt.get(index) as LeafRow | undefined;
  }

  leavesFrom(index: number, count: number): LeafRow[] {
    return this.statements().leavesFrom.all(index, count) as LeafRow[];
  }

  latestHead(): HeadRow | undefined {
    return this.statements().latestHead.get() as HeadRow | undefined;
  }

  /** The earliest head whose tree holds `size` leaves or more. */
  firstHeadCovering(size: number): HeadRow | undefined {
    return this.statements().firstHeadCovering.get(size) as HeadRow | undefined;
  }

  headsNewestFirst(limit: number, offset: number): HeadRow[] {
    return this.statements().headsNewestFirst.all(limit, offset) as HeadRow[];
  }

  headsOldestFirst(): HeadRow[] {
    return this.statements().headsOldestFirst.all() as HeadRow[];
  }

  headCount(): number {
    return Number((this.statements().headCount.get() as { count: bigint }).count);
  }
}
