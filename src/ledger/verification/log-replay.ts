import type { RecordedEvent } from '../../event-store/event-store.port';
import { CompactRange } from '../tree/compact-range';
import { recomputedEventHash } from '../tree/event-leaf';
import { leafHash } from '../tree/merkle-tree';

/** A head as a verifier holds it: a size and the root signed for it. */
export interface HeldHead {
  treeSize: number;
  rootHash: Buffer;
}

export interface ReplayResult {
  /** Leaves re-hashed from the log's content. */
  size: number;
  /** The first held head the log no longer matches. */
  firstBrokenHead: HeldHead | null;
  /** The first leaf whose recomputed hash differs from the reference leaf, when a reference was given. */
  firstDivergentLeaf: number | null;
}

/**
 * Re-hashes the log from its content, in one pass with O(log n) memory, and compares the root at every held head's
 * size with the signed root. `referenceLeaf`, when given, is the event hash the ledger recorded at an index: the
 * first difference names the rewritten event.
 */
export async function replayLog(
  pages: AsyncIterable<RecordedEvent[]>,
  heads: readonly HeldHead[],
  referenceLeaf?: (index: number) => Buffer | undefined,
): Promise<ReplayResult> {
  const range = new CompactRange();
  const pending = [...heads].sort((a, b) => a.treeSize - b.treeSize);
  let firstBrokenHead: HeldHead | null = null;
  let firstDivergentLeaf: number | null = null;
  const compareHeadsAt = (size: number) => {
    while (pending.length > 0 && pending[0].treeSize === size) {
      const head = pending.shift()!;
      if (!firstBrokenHead && !range.root().equals(head.rootHash)) firstBrokenHead = head;
    }
  };
  compareHeadsAt(0);
  for await (const page of pages) {
    for (const event of page) {
      const hash = recomputedEventHash(event);
      const reference = firstDivergentLeaf === null ? referenceLeaf?.(range.size) : undefined;
      if (reference && !reference.equals(hash)) firstDivergentLeaf = range.size;
      range.append(leafHash(hash));
      compareHeadsAt(range.size);
    }
  }
  // A head larger than the log: events it covered are gone.
  if (!firstBrokenHead && pending.length > 0) firstBrokenHead = pending[0];
  return { size: range.size, firstBrokenHead, firstDivergentLeaf };
}

/** The whole log in global order, a page at a time. */
export async function* logPages(
  readAll: (from: bigint | 'start', maxCount: number) => Promise<RecordedEvent[]>,
  pageSize = 1000,
): AsyncGenerator<RecordedEvent[]> {
  let from: bigint | 'start' = 'start';
  for (;;) {
    const page = await readAll(from, pageSize + (from === 'start' ? 0 : 1));
    // fromPosition is inclusive: after the first page, the first event is the last one already given.
    const fresh: RecordedEvent[] = from === 'start' ? page : page.slice(1);
    if (fresh.length === 0) return;
    yield fresh;
    from = fresh[fresh.length - 1].position;
  }
}
