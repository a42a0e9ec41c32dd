import { Global, Inject, Injectable, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Database } from 'better-sqlite3';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { LOGGER } from '../config/logger';
import { EVENT_STORE, type EventStore, type Position } from '../event-store/event-store.port';
import { DomainError } from '../kernel/domain-error';
import { ProjectionEngine } from './projection-engine';
import type { Projection } from './projection';
import { openReadDatabase } from './read-database';

export const READ_DB = Symbol('READ_DB');

/**
 * Capability modules register their projections while the application initialises; the engine starts once all are
 * known (architecture decision 9: every instance runs every projection over the whole log).
 */
@Injectable()
export class ProjectionHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly projections: Projection[] = [];
  private engineInstance?: ProjectionEngine;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_DB) private readonly db: Database,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  register(...projections: Projection[]) {
    if (this.engineInstance) throw new Error('Projections must be registered before the application starts');
    this.projections.push(...projections);
  }

  get engine(): ProjectionEngine {
    if (!this.engineInstance) throw new Error('The projection engine has not started yet');
    return this.engineInstance;
  }

  async onApplicationBootstrap() {
    this.engineInstance = new ProjectionEngine({ store: this.store, db: this.db, projections: this.projections, logger: this.logger });
    await this.engineInstance.start();
  }

  async onApplicationShutdown() {
    await this.engineInstance?.stop();
    this.db.close();
  }
}

/**
 * Waits until the read models have applied a position of the log (read-your-writes, architecture decision 10),
 * bounded by READ_YOUR_WRITES_TIMEOUT_MS: the one wait that commands, billing decisions and evidence packets share.
 */
@Injectable()
export class ReadYourWrites {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly projections: ProjectionHost,
  ) {}

  /** True once every projection has applied `position`; false when they have not within the bound. */
  reached(position: Position): Promise<boolean> {
    return this.projections.engine.waitFor(position, this.config.readYourWritesTimeoutMs);
  }

  /** Waits for `position`; still behind after the bound, the request is refused as CONFLICT (retry in a moment). */
  async require(position: Position, stillCatchingUp: string): Promise<void> {
    if (!(await this.reached(position))) throw new DomainError('CONFLICT', stillCatchingUp);
  }

  /** Waits for everything the log holds now, for decisions taken on read-model figures. */
  async requireLogHead(stillCatchingUp: string): Promise<void> {
    const [head] = await this.store.readAll({ direction: 'backwards', maxCount: 1 });
    if (head) await this.require(head.position, stillCatchingUp);
  }
}

@Global()
@Module({
  providers: [
    { provide: READ_DB, inject: [APP_CONFIG], useFactory: (config: AppConfig) => openReadDatabase(join(config.dataDir, 'read-models.db')) },
    ProjectionHost,
    ReadYourWrites,
  ],
  exports: [READ_DB, ProjectionHost, ReadYourWrites],
})
export class ProjectionsModule {}
