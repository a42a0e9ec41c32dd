import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { CommandPipeline, type CommandContext } from '../../command-pipeline/command-pipeline';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { LOGGER } from '../../config/logger';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '../../event-store/event-store.port';
import { EvidenceSigner } from '../../evidence/signing/evidence-signer';
import { CLOCK, type Clock } from '../../kernel/clock';
import { DomainError } from '../../kernel/domain-error';
import { newId } from '../../kernel/ids';
import { ProjectionHost } from '../../projections/projections.module';
import { checkpointBody, signedCheckpoint } from '../checkpoint/checkpoint-note';
import type { HeadRow } from '../tree/ledger-tables';
import { LedgerTree } from '../tree/ledger-tree';
import { assertExtendsLastHead, ledgerHeadDecider } from './ledger-head.decider';
import { LEDGER_HEADS_STREAM, type HeadOccasion } from './ledger-head.events';

/** Records whose making outsiders will rely on: a head is signed right after each. */
const OCCASIONS: Record<string, HeadOccasion> = {
  BillingMonthClosed: 'MONTH_CLOSED',
  ClaimSubmitted: 'CLAIM_SUBMITTED',
  DocumentationRequestResponded: 'DOCUMENTATION_RESPONSE',
};

/**
 * Signs tree heads: one at start when the log has grown since the last, one every LEDGER_HEAD_INTERVAL_MS while it
 * grows, one after each month close, claim submission and documentation response, and one whenever a packet needs a head covering its
 * events. Signing is serialised in this instance and decided by ledgerHeadDecider, so a head is appended only when
 * it extends the last one (instances racing on one log: the loser's head is simply not needed).
 */
@Injectable()
export class HeadSigner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly pipeline: CommandPipeline;
  private queue: Promise<unknown> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  private unsubscribe?: () => void;

  constructor(
    private readonly tree: LedgerTree,
    private readonly signer: EvidenceSigner,
    private readonly projections: ProjectionHost,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.pipeline = new CommandPipeline(store);
  }

  onApplicationBootstrap() {
    if (!this.config.ledger.signHeads) return;
    this.unsubscribe = this.projections.engine.onBatchCommitted((events) => this.signAfterOccasions(events));
    this.timer = setInterval(() => this.signIfGrown('INTERVAL'), this.config.ledger.headIntervalMs).unref();
    this.projections.engine.whenCaughtUp().then(
      () => this.signIfGrown('STARTED'),
      () => undefined,
    );
  }

  onApplicationShutdown() {
    clearInterval(this.timer);
    this.unsubscribe?.();
  }

  /** The head over the whole log as it is now, signing one if the last head does not cover it. */
  sign(occasion: HeadOccasion): Promise<HeadRow> {
    const next = this.queue.then(() => this.signNow(occasion));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** True when the log holds events the last head does not cover, its own LedgerHeadSigned aside. */
  grownSinceLastHead(): boolean {
    const last = this.tree.latestHead();
    const size = this.tree.storedSize();
    if (!last) return size > 0;
    const signedSize = Number(last.tree_size);
    if (size <= signedSize) return false;
    return size > signedSize + 1 || this.tree.leafAt(signedSize)?.event_id !== last.event_id;
  }

  private signIfGrown(occasion: HeadOccasion): void {
    if (!this.grownSinceLastHead()) return;
    this.sign(occasion).catch((error: unknown) => this.logFailure(occasion, error));
  }

  private signAfterOccasions(events: RecordedEvent[]): void {
    const occasion = events.map((event) => OCCASIONS[event.type]).find(Boolean);
    // A head's own event is a batch too: reacting to it would sign forever.
    if (occasion) this.sign(occasion).catch((error: unknown) => this.logFailure(occasion, error));
  }

  private async signNow(occasion: HeadOccasion): Promise<HeadRow> {
    await this.treeHasCaughtUp();
    const last = this.tree.latestHead();
    const size = this.tree.storedSize();
    if (last && Number(last.tree_size) >= size) return last;

    const rootAtLastSignedSize = last ? this.tree.root(Number(last.tree_size)).toString('base64') : null;
    // Checked before signing, not only when deciding: the key never signs a head that contradicts an earlier one.
    assertExtendsLastHead({ last: last ? { treeSize: last.tree_size, rootHash: last.root_hash } : null }, rootAtLastSignedSize);
    const rootHash = this.tree.root(size).toString('base64');
    const { origin } = this.config.ledger;
    const body = checkpointBody(origin, { treeSize: size, rootHash: Buffer.from(rootHash, 'base64') });
    const signature = this.signer.signBytes(Buffer.from(body, 'utf8'));
    const now = this.clock.now();
    const head = {
      treeSize: String(size),
      rootHash,
      timestamp: now.toISOString(),
      origin,
      kid: this.signer.kid,
      signature: signature.toString('base64'),
      checkpoint: signedCheckpoint(body, origin, this.signer.publicKeyBytes, signature),
      occasion,
    };
    const result = await this.pipeline.execute({
      stream: LEDGER_HEADS_STREAM,
      decider: ledgerHeadDecider,
      command: { type: 'SignLedgerHead', data: { head, rootAtLastSignedSize } },
      context: this.context(now),
    });
    if (result.position !== undefined) await this.projections.engine.waitFor(result.position, this.config.readYourWritesTimeoutMs);
    const signed = this.tree.firstHeadCovering(size);
    if (!signed) throw new DomainError('CONFLICT', 'The ledger is still catching up with the log; retry in a moment');
    this.logger.info({ treeSize: signed.tree_size.toString(), occasion }, 'ledger head signed');
    return signed;
  }

  /** The tree must hold every event appended so far, or the head would leave the newest out. */
  private async treeHasCaughtUp(): Promise<void> {
    const [last] = await this.store.readAll({ direction: 'backwards', maxCount: 1 });
    if (last && !(await this.projections.engine.waitFor(last.position, this.config.readYourWritesTimeoutMs))) {
      throw new DomainError('CONFLICT', 'The ledger is still catching up with the log; retry in a moment');
    }
  }

  private context(now: Date): CommandContext {
    const commandId = newId();
    return { actorId: 'careledger-ledger', actorRoles: ['SYSTEM'], practiceId: null, commandId, correlationId: commandId, causationId: commandId, now };
  }

  private logFailure(occasion: HeadOccasion, error: unknown): void {
    const reason = error instanceof DomainError ? (error.details?.reason ?? error.code) : error instanceof Error ? error.name : 'unknown';
    this.logger.error({ occasion, reason }, 'ledger head not signed');
  }
}
