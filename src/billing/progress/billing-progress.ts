import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '../../config/logger';
import type { RecordedEvent } from '../../event-store/event-store.port';
import { monthOf } from '../../kernel/calendar';
import { CLOCK, type Clock } from '../../kernel/clock';
import { ProjectionHost } from '../../projections/projections.module';
import type { PatientBillingMonthView } from '../read/billing-views';
import { BillingRepository } from '../read/billing.repository';
import { LatestValueChannel } from '../../graphql/latest-value-channel';

interface Watcher {
  practiceId: string;
  patientId: string;
  /** A fixed month, or null for the current month in the practice's zone (it moves on at midnight). */
  month: string | null;
  /** What was pushed last, so an unchanged month is not pushed again. */
  last: string;
  channel: LatestValueChannel<PatientBillingMonthView>;
}

const PATIENT_STREAM = 'patient-';

/**
 * Feeds `billingProgress` subscriptions from the projection engine (architecture decision 9: every instance runs
 * every projection, so each instance's subscribers are fed locally). After each committed batch, the watchers of
 * the patients it touched get their month again, if it changed; the billing stream (close, claim) counts too.
 */
@Injectable()
export class BillingProgress implements OnApplicationShutdown {
  private readonly watchers = new Map<string, Set<Watcher>>();
  private stopListening?: () => void;

  constructor(
    private readonly projections: ProjectionHost,
    private readonly billing: BillingRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Starts with the month as it is now (throws NOT_FOUND for a patient of another practice), then every change. */
  watch(practiceId: string, patientId: string, month: string | null): AsyncIterableIterator<PatientBillingMonthView> {
    this.stopListening ??= this.projections.engine.onBatchCommitted((events) => this.onBatch(events));
    const first = this.view(practiceId, patientId, month);
    const key = first.patientId;
    const watcher: Watcher = {
      practiceId,
      patientId: key,
      month,
      last: JSON.stringify(first),
      channel: new LatestValueChannel(() => this.forget(key, watcher)),
    };
    const watching = this.watchers.get(key) ?? new Set();
    this.watchers.set(key, watching.add(watcher));
    watcher.channel.push(first);
    return watcher.channel;
  }

  onApplicationShutdown(): void {
    this.stopListening?.();
    for (const watching of [...this.watchers.values()]) for (const watcher of [...watching]) watcher.channel.close();
  }

  private view(practiceId: string, patientId: string, month: string | null): PatientBillingMonthView {
    const current = month ?? monthOf(this.clock.now(), this.billing.practice(practiceId).timeZone);
    return this.billing.patientMonthView(practiceId, patientId, current);
  }

  private onBatch(events: RecordedEvent[]): void {
    if (this.watchers.size === 0) return;
    const touched = new Set<string>();
    for (const event of events) {
      // The data names the patient: a stream's name may be a practice-scoped key (see patientStreamKey).
      if (event.streamId.startsWith(PATIENT_STREAM)) touched.add(String(event.data.patientId));
      else if (event.type === 'ClaimSubmitted') touched.add(String(event.data.patientId));
      else if (event.type === 'BillingMonthClosed') this.watchersOfPractice(String(event.data.practiceId)).forEach((patientId) => touched.add(patientId));
    }
    for (const patientId of touched) {
      for (const watcher of this.watchers.get(patientId) ?? []) this.refresh(watcher);
    }
  }

  private watchersOfPractice(practiceId: string): string[] {
    return [...this.watchers.entries()].filter(([, watching]) => [...watching].some((w) => w.practiceId === practiceId)).map(([patientId]) => patientId);
  }

  private refresh(watcher: Watcher): void {
    try {
      const view = this.view(watcher.practiceId, watcher.patientId, watcher.month);
      const serialized = JSON.stringify(view);
      if (serialized === watcher.last) return;
      watcher.last = serialized;
      watcher.channel.push(view);
    } catch (error) {
      this.logger.error({ err: error }, 'billingProgress: could not refresh a subscriber; closing it');
      watcher.channel.close();
    }
  }

  private forget(patientId: string, watcher: Watcher): void {
    const watching = this.watchers.get(patientId);
    watching?.delete(watcher);
    if (watching?.size === 0) this.watchers.delete(patientId);
  }
}
