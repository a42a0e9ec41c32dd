import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../auth/auth.guard';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { LedgerSelfCheck } from '../ledger/verification/ledger-self-check';
import { ProjectionHost } from '../projections/projections.module';

/** Liveness and readiness for operators: is the event store answering, and how far are the projections? */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projections: ProjectionHost,
    private readonly ledgerCheck: LedgerSelfCheck,
  ) {}

  @Public()
  @Get()
  async health(@Res() response: Response) {
    const eventStore = await this.store.ping().then(
      () => ({ status: 'up' as const }),
      () => ({ status: 'down' as const }),
    );
    const head = eventStore.status === 'up' ? await this.headPosition() : undefined;
    const projections = this.projections.engine.status();
    const lagging = head !== undefined && (projections.position === undefined || BigInt(projections.position) < head);
    // A log that no longer matches its signed heads must not look healthy (src/ledger/verification/ledger-self-check.ts).
    const ledger = this.ledgerCheck.health;
    const healthy = eventStore.status === 'up' && projections.running && !projections.failed && ledger !== 'mismatch';
    response.status(healthy ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({
      status: healthy ? 'ok' : 'degraded',
      eventStore,
      projections: { ...projections, headPosition: head?.toString() ?? null, lagging },
      ledger,
    });
  }

  private async headPosition(): Promise<bigint | undefined> {
    try {
      const [last] = await this.store.readAll({ direction: 'backwards', maxCount: 1 });
      return last?.position;
    } catch {
      return undefined;
    }
  }
}
