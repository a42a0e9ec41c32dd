import { createHash, hash as oneShotHash } from 'node:crypto';

/**
 * The Merkle tree of RFC 9162 §2.1 over the event log: leaf = SHA-256(0x00 ‖ event hash), node = SHA-256(0x01 ‖
 * left ‖ right), and MTH of the empty list = SHA-256(""). The tree is kept as its perfect subtrees: a node (level,
 * index) covers the 2^level leaves from index·2^level, and is written once, when its last leaf arrives. Any hash a
 * proof or a root needs is then a combination of O(log n) stored nodes, and appending a leaf writes O(1) nodes on
 * average; the right edge of those nodes (the compact range) is the frontier a root of the current size is built from.
 */
export type Hash = Buffer;

/** Where the perfect subtrees are kept: the read database in the server, memory for a recomputation. */
export interface TreeNodes {
  /** The node (level, index); only asked for nodes whose leaves have all been appended. */
  node(level: number, index: number): Hash;
}

/** Nodes that appendLeaf can grow. */
export interface WritableTreeNodes extends TreeNodes {
  put(level: number, index: number, hash: Hash): void;
}

// One-shot hashing (Node ≥ 20.12): about half the cost of a Hash object for inputs this small, on every append. The
// input is assembled in one buffer per kind, reused (hashing is synchronous), instead of a concatenation per hash.
const leafInput = Buffer.alloc(1 + 32, 0x00);
const nodeInput = Buffer.alloc(1 + 64, 0x01);

export function leafHash(eventHash: Hash): Hash {
  if (eventHash.length !== 32) return oneShotHash('sha256', Buffer.concat([leafInput.subarray(0, 1), eventHash]), 'buffer');
  eventHash.copy(leafInput, 1);
  return oneShotHash('sha256', leafInput, 'buffer');
}

export function nodeHash(left: Hash, right: Hash): Hash {
  if (left.length !== 32 || right.length !== 32) return oneShotHash('sha256', Buffer.concat([nodeInput.subarray(0, 1), left, right]), 'buffer');
  left.copy(nodeInput, 1);
  right.copy(nodeInput, 33);
  return oneShotHash('sha256', nodeInput, 'buffer');
}
export const EMPTY_TREE_ROOT: Hash = createHash('sha256').digest();

/** The largest power of two smaller than n (n ≥ 2): RFC 9162's split point k. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

// Indices stay far below 2^53, where log2 of a power of two is exact.
const isPowerOfTwo = (n: number) => n > 0 && Number.isInteger(Math.log2(n));

/** Appends the leaf at `leafIndex` (the current size) and every perfect subtree it completes. */
export function appendLeaf(nodes: WritableTreeNodes, leafIndex: number, leaf: Hash): void {
  nodes.put(0, leafIndex, leaf);
  let hash = leaf;
  let level = 0;
  let index = leafIndex;
  // A right child completes its parent; the parent may itself be a right child, and so on up.
  while (index % 2 === 1) {
    hash = nodeHash(nodes.node(level, index - 1), hash);
    level += 1;
    index = (index - 1) / 2;
    nodes.put(level, index, hash);
  }
}

/**
 * MTH(D[start:end]) for the ranges RFC 9162's algorithms split a tree into: `start` is a multiple of the split
 * size at every level, so each range is a perfect subtree (stored) or splits into one plus a smaller such range.
 */
export function subtreeHash(nodes: TreeNodes, start: number, end: number): Hash {
  const n = end - start;
  if (n === 0) return EMPTY_TREE_ROOT;
  if (isPowerOfTwo(n) && start % n === 0) return nodes.node(Math.log2(n), start / n);
  const k = splitPoint(n);
  return nodeHash(subtreeHash(nodes, start, start + k), subtreeHash(nodes, start + k, end));
}

export const rootHash = (nodes: TreeNodes, size: number): Hash => subtreeHash(nodes, 0, size);

/** RFC 9162 §2.1.3.1: the inclusion proof of leaf `index` in the tree of `size` leaves, leaf to root. */
export function inclusionProof(nodes: TreeNodes, index: number, size: number): Hash[] {
  if (!(index >= 0 && index < size)) throw new RangeError(`leaf ${index} is not in a tree of ${size}`);
  const path = (m: number, start: number, n: number): Hash[] => {
    if (n <= 1) return [];
    const k = splitPoint(n);
    return m < k ? [...path(m, start, k), subtreeHash(nodes, start + k, start + n)] : [...path(m - k, start + k, n - k), subtreeHash(nodes, start, start + k)];
  };
  return path(index, 0, size);
}

/** RFC 9162 §2.1.4.1: the consistency proof from the tree of `from` leaves to the tree of `to` leaves. */
export function consistencyProof(nodes: TreeNodes, from: number, to: number): Hash[] {
  if (!(from >= 0 && from <= to)) throw new RangeError(`no consistency proof from ${from} to ${to}`);
  if (from === 0 || from === to) return [];
  const subproof = (m: number, start: number, n: number, complete: boolean): Hash[] => {
    if (m === n) return complete ? [] : [subtreeHash(nodes, start, start + n)];
    const k = splitPoint(n);
    return m <= k
      ? [...subproof(m, start, k, complete), subtreeHash(nodes, start + k, start + n)]
      : [...subproof(m - k, start + k, n - k, false), subtreeHash(nodes, start, start + k)];
  };
  return subproof(from, 0, to, true);
}

/** Nodes in memory: for recomputing the tree from a copy of the log. */
export class MemoryTreeNodes implements WritableTreeNodes {
  private readonly levels: Hash[][] = [];

  node(level: number, index: number): Hash {
    const hash = this.levels[level]?.[index];
    if (!hash) throw new RangeError(`node (${level}, ${index}) is not in the tree`);
    return hash;
  }

  put(level: number, index: number, hash: Hash): void {
    (this.levels[level] ??= [])[index] = hash;
  }
}
