import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import type { RecordedEvent } from '../event-store/event-store.port';
import { DomainError, preconditionFailed } from '../kernel/domain-error';
import { ProjectionHost } from '../projections/projections.module';
import { HeadSigner } from './heads/head-signer';
import { signedTreeHead, type SignedTreeHead } from './heads/signed-tree-head';
import { recomputedEventHash } from './tree/event-leaf';
import { LedgerTree } from './tree/ledger-tree';

/** The inclusion proof of one cited event: leaf = SHA-256(0x00 ‖ eventHash), path per RFC 9162 §2.1.3.1. */
export interface EventInclusionProof {
  eventId: string;
  /** Hex, as the event's metadata.hash. */
  eventHash: string;
  leafIndex: string;
  /** Base64 SHA-256 hashes, leaf to root. */
  path: string[];
}

/** The `ledger` block of a packet: the head its events are proven against and their inclusion proofs. */
export interface PacketLedger {
  head: SignedTreeHead;
  proofs: EventInclusionProof[];
}

/**
 * The ledger's part of an evidence packet. The head is the earliest signed head that holds every cited event (one
 * is signed when none does yet), so a packet generated again later carries the same head and the same proofs.
 */
@Injectable()
export class PacketLedgerBlocks {
  constructor(
    private readonly tree: LedgerTree,
    private readonly heads: HeadSigner,
    private readonly projections: ProjectionHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async blockFor(cited: readonly RecordedEvent[]): Promise<PacketLedger> {
    const latest = cited.reduce((max, event) => (event.position > max ? event.position : max), 0n);
    if (!(await this.projections.engine.waitFor(latest, this.config.readYourWritesTimeoutMs))) {
      throw new DomainError('CONFLICT', 'The ledger is still catching up with the latest entries of this record; retry in a moment');
    }
    const leaves = cited.map((event) => ({ event, hash: recomputedEventHash(event), leaf: this.tree.leafOf(event.position) }));
    for (const { event, hash, leaf } of leaves) {
      // The log says something else than what the ledger took in: the record was rewritten after it was logged.
      if (!leaf || leaf.event_id !== event.id || !leaf.event_hash.equals(hash)) {
        throw preconditionFailed('LEDGER_MISMATCH', 'An event of this record differs from the one the signed ledger holds; no evidence is signed over it');
      }
    }
    const needed = leaves.reduce((max, { leaf }) => Math.max(max, Number(leaf!.leaf_index) + 1), 0);
    const head = this.tree.firstHeadCovering(needed) ?? (await this.heads.sign('EVIDENCE_PACKET'));
    if (head.consistent === 0n)
      throw preconditionFailed('LEDGER_MISMATCH', 'The ledger head covering this record does not match the log; no evidence is signed over it');
    const size = Number(head.tree_size);
    return {
      head: signedTreeHead(head),
      proofs: leaves.map(({ event, hash, leaf }) => ({
        eventId: event.id,
        eventHash: hash.toString('hex'),
        leafIndex: leaf!.leaf_index.toString(),
        path: this.tree.inclusionProof(Number(leaf!.leaf_index), size).map((node) => node.toString('base64')),
      })),
    };
  }
}
