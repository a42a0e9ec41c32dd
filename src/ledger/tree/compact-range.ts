import { EMPTY_TREE_ROOT, nodeHash, type Hash, type TreeNodes } from './merkle-tree';

const NO_NODES: Hash = Buffer.alloc(0);

/**
 * The right edge of a growing tree: one hash per perfect subtree, largest first (the binary digits of the size).
 * O(log n) memory, enough to know the root at every size on the way, so the whole log can be re-hashed in one pass,
 * and enough to append to a stored tree without reading a node back.
 */
export class CompactRange {
  private readonly subtrees: { leaves: number; hash: Hash }[] = [];
  size = 0;

  /** The right edge of the stored tree of `size` leaves: one node read per binary digit of the size. */
  static of(nodes: TreeNodes, size: number): CompactRange {
    const range = new CompactRange();
    let level = Math.floor(Math.log2(Math.max(size, 1)));
    for (let start = 0; start < size; level--) {
      const leaves = 2 ** level;
      if (start + leaves > size) continue;
      range.subtrees.push({ leaves, hash: nodes.node(level, start / leaves) });
      start += leaves;
    }
    range.size = size;
    return range;
  }

  /**
   * Appends a leaf; returns the hashes of the perfect subtrees above the leaves it completes, level 1 upwards, end to
   * end (what the leaf's row stores). Half the leaves complete none and a quarter one: no concatenation for those.
   */
  append(leaf: Hash): Buffer {
    let merged = { leaves: 1, hash: leaf };
    const completed: Hash[] = [];
    for (let last = this.subtrees.at(-1); last && last.leaves === merged.leaves; last = this.subtrees.at(-1)) {
      this.subtrees.pop();
      merged = { leaves: last.leaves * 2, hash: nodeHash(last.hash, merged.hash) };
      completed.push(merged.hash);
    }
    this.subtrees.push(merged);
    this.size += 1;
    return completed.length === 0 ? NO_NODES : completed.length === 1 ? completed[0] : Buffer.concat(completed);
  }

  /** RFC 9162's MTH of the leaves so far: each smaller subtree is the right child of the larger one before it. */
  root(): Hash {
    if (this.subtrees.length === 0) return EMPTY_TREE_ROOT;
    let hash = this.subtrees[this.subtrees.length - 1].hash;
    for (let i = this.subtrees.length - 2; i >= 0; i--) hash = nodeHash(this.subtrees[i].hash, hash);
    return hash;
  }
}
