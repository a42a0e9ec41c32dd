import { Module, type OnModuleInit } from '@nestjs/common';
import { SigningKeyModule } from '../evidence/signing/signing-key.module';
import { ProjectionHost } from '../projections/projections.module';
import { LedgerResolver } from './graphql/ledger.resolver';
import { HeadSigner } from './heads/head-signer';
import { LedgerController } from './http/ledger.controller';
import { LedgerProjection } from './ledger.projection';
import { PacketLedgerBlocks } from './packet-ledger';
import { LedgerTree } from './tree/ledger-tree';
import { LedgerSelfCheck } from './verification/ledger-self-check';

/**
 * The signed ledger (architecture decision 16): a Merkle tree over every event of the log, signed heads that
 * outsiders keep, the proofs that tie packets and later heads to them, and the self-check behind /health.
 */
@Module({
  imports: [SigningKeyModule],
  controllers: [LedgerController],
  providers: [{ provide: LedgerTree, useValue: new LedgerTree() }, HeadSigner, LedgerSelfCheck, PacketLedgerBlocks, LedgerResolver],
  exports: [PacketLedgerBlocks, LedgerSelfCheck],
})
export class LedgerModule implements OnModuleInit {
  constructor(
    private readonly projections: ProjectionHost,
    private readonly tree: LedgerTree,
  ) {}

  onModuleInit() {
    this.projections.register(new LedgerProjection(this.tree));
  }
}
