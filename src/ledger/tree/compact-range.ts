import { EMPTY_TREE_ROOT, nodeHash, type Hash } from './merkle-tree';

/**
 * The right edge of a growing tree: one hash per perfect subtree, largest first (the binary digits of the size).
 * O(log n) memory, enough to know the root at every size on the way, so the whole log can be re-hashed in one pass.
 */
export class CompactRange {
  private readonly subtrees: { leaves: number; hash: Hash }[] = [];
  size = 0;

  append(leaf: Hash): void {
    let merged = { leaves: 1, hash: leaf };
    for (let last = this.subtrees.at(-1); last && last.leaves === merged.leaves; last = this.subtrees.at(-1)) {
      this.subtrees.pop();
      merged = { leaves: last.leaves * 2, hash: nodeHash(last.hash, merged.hash) };
    }
    this.subtrees.push(merged);
    this.size += 1;
  }

  /** RFC 9162's MTH of the leaves so far: each smaller subtree is the right child of the larger one before it. */
  root(): Hash {
    if (this.subtrees.length === 0) return EMPTY_TREE_ROOT;
    let hash = this.subtrees[this.subtrees.length - 1].hash;
    for (let i = this.subtrees.length - 2; i >= 0; i--) hash = nodeHash(this.subtrees[i].hash, hash);
    return hash;
  }
}
