import { StreamNotFound } from '../../event-store/errors';
import type { EventStore } from '../../event-store/event-store.port';
import { checkpointSignedBy, parseCheckpoint, type ParsedCheckpoint } from '../checkpoint/checkpoint-note';
import type { LedgerHeadSigned } from '../heads/ledger-head.events';
import { LEDGER_HEADS_STREAM } from '../heads/ledger-head.events';
import { logPages, replayLog, type HeldHead } from '../verification/log-replay';

export interface LogFileVerdict {
  consistent: boolean;
  events: number;
  /** The largest signed head the log was checked against, if any. */
  latestHead: number | null;
  problem?: string;
}

/**
 * Checks a log (a backup, a log about to be restored) against the signed heads it holds, each signature checked with
 * the instance's public key, and against `saved`, a checkpoint kept outside (which the log must cover).
 */
export async function verifyLogAgainstHeads(store: EventStore, publicKey: Buffer, saved?: ParsedCheckpoint): Promise<LogFileVerdict> {
  const heads: HeldHead[] = [];
  for (const event of await headEvents(store)) {
    const checkpoint = parseCheckpoint((event.data as LedgerHeadSigned['data']).checkpoint);
    if (!checkpointSignedBy(checkpoint, checkpoint.origin, publicKey)) {
      return {
        consistent: false,
        events: 0,
        latestHead: null,
        problem: `the head of tree size ${checkpoint.treeSize} in the log is not signed by this instance's key`,
      };
    }
    heads.push(checkpoint);
  }
  if (saved) {
    if (!checkpointSignedBy(saved, saved.origin, publicKey))
      return { consistent: false, events: 0, latestHead: null, problem: "the saved checkpoint is not signed by this instance's key" };
    heads.push(saved);
  }
  const result = await replayLog(
    logPages((from, maxCount) => store.readAll({ fromPosition: from, maxCount })),
    heads,
  );
  const latestHead = heads.reduce<number | null>((max, head) => Math.max(max ?? 0, head.treeSize), null);
  if (result.firstBrokenHead) {
    const problem =
      result.firstBrokenHead.treeSize > result.size
        ? `the log has ${result.size} events, fewer than the ${result.firstBrokenHead.treeSize} of a signed head`
        : `the log, re-hashed from its content, does not have the root signed for tree size ${result.firstBrokenHead.treeSize}`;
    return { consistent: false, events: result.size, latestHead, problem };
  }
  return { consistent: true, events: result.size, latestHead };
}

async function headEvents(store: EventStore) {
  try {
    return await store.readStream(LEDGER_HEADS_STREAM);
  } catch (error) {
    if (error instanceof StreamNotFound) return [];
    throw error;
  }
}
