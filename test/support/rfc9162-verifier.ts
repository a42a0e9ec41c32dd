import { createHash } from 'node:crypto';

/**
 * An outsider's RFC 9162 implementation, written here from the RFC's definitions (§2.1.1 MTH, §2.1.3.1 PATH,
 * §2.1.4.1 SUBPROOF) rather than from its verification pseudo-code, so the production tree, its proofs and its
 * verifier are each checked against code that shares nothing with them.
 */
export const sha256 = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
export const rfcLeaf = (entry: Buffer) => sha256(Buffer.from([0]), entry);
const rfcNode = (left: Buffer, right: Buffer) => sha256(Buffer.from([1]), left, right);
const rfcK = (n: number) => 2 ** Math.ceil(Math.log2(n) - 1);

/** §2.1.1: MTH({}) = SHA-256(), MTH({d0}) = leaf, MTH(D_n) = node(MTH(D[0:k]), MTH(D[k:n])). */
export function rfcMth(entries: Buffer[]): Buffer {
  if (entries.length === 0) return sha256();
  if (entries.length === 1) return rfcLeaf(entries[0]);
  const k = rfcK(entries.length);
  return rfcNode(rfcMth(entries.slice(0, k)), rfcMth(entries.slice(k)));
}

/** Undoes PATH(m, D_n): the audit path lists the innermost sibling first, so the outermost one is last. */
export function rfcRootFromPath(m: number, n: number, leaf: Buffer, path: Buffer[]): Buffer | null {
  if (n === 1) return path.length === 0 ? leaf : null;
  if (path.length === 0) return null;
  const k = rfcK(n);
  const sibling = path[path.length - 1];
  const rest = path.slice(0, -1);
  if (m < k) {
    const left = rfcRootFromPath(m, k, leaf, rest);
    return left && rfcNode(left, sibling);
  }
  const right = rfcRootFromPath(m - k, n - k, leaf, rest);
  return right && rfcNode(sibling, right);
}

/** Undoes SUBPROOF(m, D_n, b): the (old, new) roots the proof implies, given the old root when it is omitted. */
function rfcRootsFromSubproof(m: number, n: number, proof: Buffer[], complete: boolean, oldRoot: Buffer): { old: Buffer; new: Buffer } | null {
  if (m === n) {
    if (complete) return proof.length === 0 ? { old: oldRoot, new: oldRoot } : null;
    return proof.length === 1 ? { old: proof[0], new: proof[0] } : null;
  }
  if (proof.length === 0) return null;
  const k = rfcK(n);
  const sibling = proof[proof.length - 1];
  const rest = proof.slice(0, -1);
  if (m <= k) {
    const left = rfcRootsFromSubproof(m, k, rest, complete, oldRoot);
    return left && { old: left.old, new: rfcNode(left.new, sibling) };
  }
  const right = rfcRootsFromSubproof(m - k, n - k, rest, false, oldRoot);
  return right && { old: rfcNode(sibling, right.old), new: rfcNode(sibling, right.new) };
}

export function rfcVerifyConsistency(m: number, n: number, oldRoot: Buffer, newRoot: Buffer, proof: Buffer[]): boolean {
  if (m === n) return proof.length === 0 && oldRoot.equals(newRoot);
  // Every tree extends the empty one (SUBPROOF is defined for 0 < m < n).
  if (m === 0) return proof.length === 0 && oldRoot.equals(sha256());
  const roots = rfcRootsFromSubproof(m, n, proof, true, oldRoot);
  return roots !== null && roots.old.equals(oldRoot) && roots.new.equals(newRoot);
}

/** A packet's inclusion proof, checked as a payer would: leaf from the event hash, root from the path. */
export function rfcVerifyEventInclusion(proof: { eventHash: string; leafIndex: string; path: string[] }, treeSize: number, rootBase64: string): boolean {
  const root = rfcRootFromPath(
    Number(proof.leafIndex),
    treeSize,
    rfcLeaf(Buffer.from(proof.eventHash, 'hex')),
    proof.path.map((hash) => Buffer.from(hash, 'base64')),
  );
  return root !== null && root.equals(Buffer.from(rootBase64, 'base64'));
}
