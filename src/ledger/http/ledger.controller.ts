import { Controller, Get, Header, Query } from '@nestjs/common';
import { Public } from '../../auth/auth.guard';
import { badInput } from '../../kernel/domain-error';
import { HeadSigner } from '../heads/head-signer';
import { LedgerTree } from '../tree/ledger-tree';

const DECIMAL = /^(0|[1-9]\d{0,15})$/;

/**
 * The two public doors of the ledger: the latest signed head, and the proof that a later tree extends an earlier one.
 * Neither carries patient data (sizes and hashes only), so outsiders fetch them without a token.
 */
@Controller('ledger')
export class LedgerController {
  constructor(
    private readonly tree: LedgerTree,
    private readonly heads: HeadSigner,
  ) {}

  @Public()
  @Get('checkpoint')
  @Header('content-type', 'text/plain; charset=utf-8')
  @Header('cache-control', 'no-store')
  async checkpoint(): Promise<string> {
    const latest = this.tree.latestHead() ?? (await this.heads.sign('STARTED'));
    return latest.checkpoint;
  }

  @Public()
  @Get('proof/consistency')
  consistency(@Query('from') from?: string, @Query('to') to?: string): { proof: string[] } {
    const size = this.tree.storedSize();
    const fromSize = treeSize('from', from, size);
    const toSize = treeSize('to', to, size);
    if (fromSize > toSize) throw badInput('from', 'must not be larger than to');
    return { proof: this.tree.consistencyProof(fromSize, toSize).map((hash) => hash.toString('base64')) };
  }
}

function treeSize(name: string, raw: string | undefined, current: number): number {
  if (raw === undefined || !DECIMAL.test(raw)) throw badInput(name, 'must be a tree size (a decimal number)');
  const size = Number(raw);
  if (size > current) throw badInput(name, `must be at most the current tree size, ${current}`);
  return size;
}
