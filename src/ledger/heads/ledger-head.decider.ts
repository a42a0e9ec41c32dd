import type { Command, Decider } from '../../kernel/decider';
import { preconditionFailed } from '../../kernel/domain-error';
import type { LedgerHeadSigned } from './ledger-head.events';

/** Sign the head in `head`; `rootAtLastSignedSize` is the current tree's root at the size of the last signed head. */
export type SignLedgerHead = Command<'SignLedgerHead', { head: LedgerHeadSigned['data']; rootAtLastSignedSize: string | null }>;

export interface LedgerHeadsState {
  last: { treeSize: bigint; rootHash: string } | null;
}

/**
 * The one rule of signing: a new head must extend the last one. The tree of today, cut at the last head's size, must
 * have that head's root; otherwise the log was rewritten under it, and signing would vouch for the rewrite.
 */
export function assertExtendsLastHead(state: LedgerHeadsState, rootAtLastSignedSize: string | null): void {
  if (state.last && rootAtLastSignedSize !== state.last.rootHash) {
    throw preconditionFailed(
      'LEDGER_INCONSISTENT',
      `The log no longer has the root signed at tree size ${state.last.treeSize}; no later head is signed over it`,
    );
  }
}

export const ledgerHeadDecider: Decider<SignLedgerHead, LedgerHeadSigned, LedgerHeadsState> = {
  initialState: () => ({ last: null }),
  decide({ data: { head, rootAtLastSignedSize } }, state) {
    // Another instance signed this size or a larger one meanwhile: that head already covers these events.
    if (state.last && BigInt(head.treeSize) <= state.last.treeSize) return [];
    assertExtendsLastHead(state, rootAtLastSignedSize);
    return [{ type: 'LedgerHeadSigned', data: head }];
  },
  evolve: (_state, event) => ({ last: { treeSize: BigInt(event.data.treeSize), rootHash: event.data.rootHash } }),
};
