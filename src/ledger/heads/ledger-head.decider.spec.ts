import { given } from '../../../test/support/decider-specification';
import { ledgerHeadDecider } from './ledger-head.decider';
import type { LedgerHeadSigned } from './ledger-head.events';

const head = (treeSize: number, rootHash: string): LedgerHeadSigned['data'] => ({
  treeSize: String(treeSize),
  rootHash,
  timestamp: '2026-03-15T12:00:00.000Z',
  origin: 'careledger.example/ledger',
  kid: 'kid-1',
  signature: 'c2lnbmF0dXJl',
  checkpoint: `careledger.example/ledger\n${treeSize}\n${rootHash}\n\n— careledger.example/ledger AAAA\n`,
  occasion: 'INTERVAL',
});
const signed = (treeSize: number, rootHash: string): LedgerHeadSigned => ({ type: 'LedgerHeadSigned', data: head(treeSize, rootHash) });
const sign = (treeSize: number, rootHash: string, rootAtLastSignedSize: string | null) => ({
  type: 'SignLedgerHead' as const,
  data: { head: head(treeSize, rootHash), rootAtLastSignedSize },
});

describe('signing ledger heads', () => {
  it('signs the first head of a log', () => {
    given(ledgerHeadDecider, [])
      .when(sign(3, 'root-3', null))
      .then([signed(3, 'root-3')]);
  });

  it('signs a larger head whose tree still has the last head as its prefix', () => {
    given(ledgerHeadDecider, [signed(3, 'root-3')])
      .when(sign(9, 'root-9', 'root-3'))
      .then([signed(9, 'root-9')]);
  });

  it('never signs over a log rewritten under the last head (RFC 9162 consistency)', () => {
    given(ledgerHeadDecider, [signed(3, 'root-3')])
      .when(sign(9, 'root-9', 'root-3-rewritten'))
      .thenThrows('PRECONDITION_FAILED', /tree size 3/);
  });

  it('signs nothing when a head of that size or a larger one is already signed (another instance was first)', () => {
    given(ledgerHeadDecider, [signed(9, 'root-9')])
      .when(sign(9, 'root-9', 'root-9'))
      .thenNothingHappens();
    given(ledgerHeadDecider, [signed(9, 'root-9')])
      .when(sign(5, 'root-5', 'whatever'))
      .thenNothingHappens();
  });
});
