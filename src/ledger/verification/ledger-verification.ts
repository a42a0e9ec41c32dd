import type { RecordedEvent } from '../../event-store/event-store.port';
import type { PublicJwk } from '../../evidence/signing/public-jwk';
import { checkpointSignedBy, type ParsedCheckpoint } from '../checkpoint/checkpoint-note';
import { recomputedEventHash } from '../tree/event-leaf';
import { appendLeaf, leafHash, MemoryTreeNodes, rootHash } from '../tree/merkle-tree';
import { verifyConsistency } from '../tree/proof-verification';

/** What verify-ledger concluded: consistent, a named divergence, or a reason it is not consistent. */
export type LedgerVerdict =
  | { consistent: true; summary: string }
  | { consistent: false; problem: string; firstDivergentLeaf?: { index: number; eventId: string; stream: string; revision: string } };

/** The server's side, as fetched from GET /ledger/checkpoint and GET /ledger/proof/consistency. */
export interface LedgerServer {
  checkpoint: ParsedCheckpoint;
  consistencyProof(from: number, to: number): Promise<Buffer[]>;
}

export const signedByAny = (checkpoint: ParsedCheckpoint, keys: readonly PublicJwk[]) =>
  keys.some((key) => checkpointSignedBy(checkpoint, checkpoint.origin, Buffer.from(key.x, 'base64url')));

/**
 * The checks of `npm run verify-ledger`, in order: the saved head is signed by a published key; the server's
 * current head is too, is no smaller, and extends the saved one (RFC 9162 consistency proof); the log, re-hashed from
 * its content, has the saved root (and the current one). When it has not, the first rewritten leaf is found by
 * bisection: the server's consistency proofs authenticate the root of every prefix against the saved head.
 */
export async function verifyLedger(
  saved: ParsedCheckpoint,
  keys: readonly PublicJwk[],
  server?: LedgerServer,
  log?: AsyncIterable<RecordedEvent[]>,
): Promise<LedgerVerdict> {
  if (!signedByAny(saved, keys)) return { consistent: false, problem: 'the saved checkpoint is not signed by any published key' };
  const findings: string[] = [`saved head ${saved.treeSize} is signed`];
  if (server) {
    const current = server.checkpoint;
    if (current.origin !== saved.origin)
      return { consistent: false, problem: `the server's log is "${current.origin}", the saved checkpoint's "${saved.origin}"` };
    if (!signedByAny(current, keys)) return { consistent: false, problem: "the server's checkpoint is not signed by any published key" };
    if (current.treeSize < saved.treeSize)
      return { consistent: false, problem: `the server's tree (${current.treeSize}) is smaller than the saved one (${saved.treeSize}): events were removed` };
    const proof = await server.consistencyProof(saved.treeSize, current.treeSize);
    if (!verifyConsistency(saved.treeSize, current.treeSize, saved.rootHash, current.rootHash, proof)) {
      return {
        consistent: false,
        problem: `the server's tree of ${current.treeSize} does not extend the saved tree of ${saved.treeSize} (consistency proof fails)`,
      };
    }
    findings.push(`the server's head ${current.treeSize} extends it`);
  }
  if (!log) return { consistent: true, summary: findings.join('; ') };

  const events: RecordedEvent[] = [];
  const nodes = new MemoryTreeNodes();
  for await (const page of log) {
    for (const event of page) {
      appendLeaf(nodes, events.length, leafHash(recomputedEventHash(event)));
      events.push(event);
    }
  }
  const heads = [saved, ...(server ? [server.checkpoint] : [])];
  for (const head of heads) {
    if (events.length < head.treeSize)
      return { consistent: false, problem: `the log has ${events.length} events, fewer than the ${head.treeSize} of a signed head` };
  }
  const broken = heads.find((head) => !rootHash(nodes, head.treeSize).equals(head.rootHash));
  if (!broken) return { consistent: true, summary: [...findings, `the log's ${events.length} events re-hash to the signed roots`].join('; ') };
  const problem = `the log, re-hashed from its content, does not have the root signed for tree size ${broken.treeSize}`;
  if (!server || broken !== saved) return { consistent: false, problem };

  // The largest prefix whose recomputed root the saved head still vouches for: the leaf after it was rewritten.
  const vouched = async (size: number) =>
    size === 0 || verifyConsistency(size, saved.treeSize, rootHash(nodes, size), saved.rootHash, await server.consistencyProof(size, saved.treeSize));
  let good = 0;
  let bad = saved.treeSize;
  while (bad - good > 1) {
    const middle = Math.floor((good + bad) / 2);
    if (await vouched(middle)) good = middle;
    else bad = middle;
  }
  const event = events[good];
  return { consistent: false, problem, firstDivergentLeaf: { index: good, eventId: event.id, stream: event.streamId, revision: event.revision.toString() } };
}
