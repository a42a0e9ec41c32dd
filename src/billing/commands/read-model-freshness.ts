import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import { DomainError } from '../../kernel/domain-error';
import { ProjectionHost } from '../../projections/projections.module';

/**
 * Close and submit decide on figures read from the billing read model; they first wait until the projections have
 * applied everything the log holds, so the snapshot includes every entry written before the command arrived.
 */
@Injectable()
export class ReadModelFreshness {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly projections: ProjectionHost,
  ) {}

  async catchUp(): Promise<void> {
    const [head] = await this.store.readAll({ direction: 'backwards', maxCount: 1 });
    if (!head) return;
    const reached = await this.projections.engine.waitFor(head.position, this.config.readYourWritesTimeoutMs);
    if (!reached) throw new DomainError('CONFLICT', 'The billing figures are still catching up with the latest entries; retry in a moment');
  }
}
