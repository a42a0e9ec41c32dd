import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { LOGGER } from '../../config/logger';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import { ProjectionHost } from '../../projections/projections.module';
import { LedgerTree } from '../tree/ledger-tree';
import { logPages, replayLog } from './log-replay';

/** What /health says of the ledger: not yet checked since start, matching its signed heads, or not. */
export type LedgerHealth = 'checking' | 'ok' | 'mismatch';

/**
 * At start and every LEDGER_SELF_CHECK_INTERVAL_MS, re-hashes the whole log from the event store and compares it with
 * every signed head and every leaf the tree recorded. The tree's own nodes are not trusted for this: a rewrite of
 * the log (an insider recomputing a stream's hash chain) shows as a root that no longer matches a signed one.
 */
@Injectable()
export class LedgerSelfCheck implements OnApplicationBootstrap, OnApplicationShutdown {
  private state: LedgerHealth = 'checking';
  private timer?: NodeJS.Timeout;
  private running?: Promise<LedgerHealth>;

  constructor(
    private readonly tree: LedgerTree,
    private readonly projections: ProjectionHost,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  get health(): LedgerHealth {
    return this.state;
  }

  onApplicationBootstrap() {
    this.projections.engine.whenCaughtUp().then(
      () => this.check(),
      () => undefined,
    );
    this.timer = setInterval(() => void this.check(), this.config.ledger.selfCheckIntervalMs).unref();
  }

  onApplicationShutdown() {
    clearInterval(this.timer);
  }

  /** Runs one check (or joins the one running) and returns the health it leaves. */
  check(): Promise<LedgerHealth> {
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  private async run(): Promise<LedgerHealth> {
    try {
      const heads = this.tree.headsOldestFirst();
      const size = this.tree.storedSize();
      const inconsistent = heads.find((head) => head.consistent === 0n);
      const result = await replayLog(
        logPages((from, maxCount) => this.store.readAll({ fromPosition: from, maxCount })),
        heads.map((head) => ({ treeSize: Number(head.tree_size), rootHash: Buffer.from(head.root_hash, 'base64') })),
        (index) => (index < size ? this.tree.leafAt(index)?.event_hash : undefined),
      );
      if (inconsistent || result.firstBrokenHead || result.firstDivergentLeaf !== null) {
        // Sizes and leaf indexes only: which event it is stays in the log, for whoever may read it.
        this.logger.error(
          { treeSize: (result.firstBrokenHead?.treeSize ?? Number(inconsistent?.tree_size ?? 0)).toString(), firstDivergentLeaf: result.firstDivergentLeaf },
          'ledger self-check: the event log no longer matches its signed tree heads',
        );
        this.state = 'mismatch';
      } else if (this.state !== 'mismatch') {
        this.state = 'ok';
      }
    } catch (error) {
      this.logger.warn({ err: { type: (error as Error)?.name } }, 'ledger self-check could not run; will retry');
    }
    return this.state;
  }
}
