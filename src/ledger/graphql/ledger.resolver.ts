import { Args, Query, Resolver } from '@nestjs/graphql';
import { pageWindow, toConnection } from '../../graphql/pagination';
import { HeadSigner } from '../heads/head-signer';
import { signedTreeHead } from '../heads/signed-tree-head';
import { LedgerTree } from '../tree/ledger-tree';

/** Any authenticated caller: heads name no patient, and the latest one is public at GET /ledger/checkpoint. */
@Resolver()
export class LedgerResolver {
  constructor(
    private readonly tree: LedgerTree,
    private readonly heads: HeadSigner,
  ) {}

  @Query('ledgerHead')
  async ledgerHead() {
    return signedTreeHead(this.tree.latestHead() ?? (await this.heads.sign('STARTED')));
  }

  /** Newest first. */
  @Query('ledgerHeads')
  ledgerHeads(@Args('first') first?: number | null, @Args('after') after?: string | null) {
    const window = pageWindow(first, after);
    return toConnection(this.tree.headsNewestFirst(window.limit, window.offset).map(signedTreeHead), window, this.tree.headCount());
  }
}
