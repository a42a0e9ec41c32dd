import { appendLeaf, consistencyProof, EMPTY_TREE_ROOT, inclusionProof, MemoryTreeNodes, rootHash, type Hash } from './merkle-tree';
import { verifyConsistency, verifyInclusion } from './proof-verification';
import { rfcLeaf, rfcMth, rfcRootFromPath, rfcVerifyConsistency, sha256 } from '../../../test/support/rfc9162-verifier';

const eventHashes = (count: number) => Array.from({ length: count }, (_, i) => sha256(Buffer.from(`event ${i}`)));

function treeOf(entries: Buffer[]): MemoryTreeNodes {
  const nodes = new MemoryTreeNodes();
  entries.forEach((entry, index) => appendLeaf(nodes, index, rfcLeaf(entry)));
  return nodes;
}

const flip = (hash: Hash) => {
  const copy = Buffer.from(hash);
  copy[0] ^= 1;
  return copy;
};

describe('the ledger tree (RFC 9162 §2.1)', () => {
  const MAX = 37;
  const entries = eventHashes(MAX);
  const tree = treeOf(entries);

  it('has the root of the RFC definition at every size, grown one leaf at a time', () => {
    expect(rootHash(tree, 0)).toEqual(EMPTY_TREE_ROOT);
    for (let size = 0; size <= MAX; size++) expect(rootHash(tree, size).toString('hex')).toBe(rfcMth(entries.slice(0, size)).toString('hex'));
  });

  it('gives inclusion proofs that the RFC verifier and ours accept for every leaf of every size, and nothing else', () => {
    for (let size = 1; size <= MAX; size++) {
      const root = rfcMth(entries.slice(0, size));
      for (let index = 0; index < size; index++) {
        const path = inclusionProof(tree, index, size);
        const leaf = rfcLeaf(entries[index]);
        expect(rfcRootFromPath(index, size, leaf, path)?.equals(root)).toBe(true);
        expect(verifyInclusion(leaf, index, size, path, root)).toBe(true);
        expect(verifyInclusion(rfcLeaf(flip(entries[index])), index, size, path, root)).toBe(false);
        if (size > 1) expect(verifyInclusion(leaf, (index + 1) % size, size, path, root)).toBe(false);
        if (path.length > 0) expect(verifyInclusion(leaf, index, size, [...path.slice(0, -1), flip(path[path.length - 1])], root)).toBe(false);
      }
    }
  });

  it('gives consistency proofs that the RFC verifier and ours accept between every pair of sizes, and rejects a rewritten past', () => {
    const rewritten = [...entries];
    rewritten[5] = flip(entries[5]);
    for (let to = 1; to <= MAX; to++) {
      const newRoot = rfcMth(entries.slice(0, to));
      for (let from = 1; from <= to; from++) {
        const oldRoot = rfcMth(entries.slice(0, from));
        const proof = consistencyProof(tree, from, to);
        expect(rfcVerifyConsistency(from, to, oldRoot, newRoot, proof)).toBe(true);
        expect(verifyConsistency(from, to, oldRoot, newRoot, proof)).toBe(true);
        // A head kept from before leaf 5 was rewritten no longer fits the rewritten tree.
        if (from > 5) expect(verifyConsistency(from, to, oldRoot, rfcMth(rewritten.slice(0, to)), proof)).toBe(false);
        if (proof.length > 0) expect(verifyConsistency(from, to, oldRoot, newRoot, [flip(proof[0]), ...proof.slice(1)])).toBe(false);
      }
    }
  });

  it('matches the RFC 9162 reference vectors of the Go implementation for the 8-leaf tree', () => {
    // transparency-dev/merkle's test leaves: "", 0x00, 0x10, 0x2021, 0x3031, 0x40414243, ..., with RFC 6962 hashing.
    const leaves = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((hex) => Buffer.from(hex, 'hex'));
    const nodes = new MemoryTreeNodes();
    leaves.forEach((leaf, index) => appendLeaf(nodes, index, rfcLeaf(leaf)));
    expect(rootHash(nodes, 8).toString('hex')).toBe('5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328');
    expect(rootHash(nodes, 1).toString('hex')).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
  });
});
