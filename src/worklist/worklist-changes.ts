import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { AccessLogRecorder } from '../audit/access-log/access-log.recorder';
import type { PracticeActor } from '../auth/actor';
import { LOGGER } from '../config/logger';
import { DomainError } from '../kernel/domain-error';
import type { RecordedEvent } from '../event-store/event-store.port';
import { ProjectionHost } from '../projections/projections.module';
import { LatestValueChannel } from '../graphql/latest-value-channel';
import { WorklistService, type WorklistItemView, type WorklistRow } from './worklist.service';

interface Watcher {
  practiceId: string;
  month: string;
  /** A care manager's own worklist, or null for the practice's. */
  careManagerId: string | null;
  /** Each patient's row as last seen, so an unchanged row is not pushed again. */
  last: Map<string, string>;
  channel: LatestValueChannel<WorklistItemView>;
  /** Who watches, for the access log of each row pushed; one request id for the subscription's whole life. */
  reader: { actor: PracticeActor; requestId: string; correlationId: string };
}

const PATIENT_STREAM = 'patient-';

/**
 * Feeds `worklistChanged` from the projection engine, as BillingProgress feeds billingProgress: after each committed
 * batch every watcher of the practice gets the rows of the patients the batch touched, when they changed. A row
 * that leaves a care manager's worklist (reassigned) is pushed once more, naming the new care manager.
 *
 * The start is in the access log as a read of the caller's worklist (no one patient, like an unfiltered list); each
 * row pushed then is a read of its patient, logged under the subscription's request id like any other read.
 */
@Injectable()
export class WorklistChanges implements OnApplicationShutdown {
  private readonly watchers = new Set<Watcher>();
  private stopListening?: () => void;

  constructor(
    private readonly projections: ProjectionHost,
    private readonly worklist: WorklistService,
    private readonly accessLog: AccessLogRecorder,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  watch(actor: PracticeActor, month: string, careManagerId: string | null, correlationId?: string): AsyncIterableIterator<WorklistItemView> {
    const { practiceId } = actor;
    this.stopListening ??= this.projections.engine.onBatchCommitted((events) => this.onBatch(events));
    // The worklist as it is now is the baseline (it also refuses a month without rules before anything is watched).
    const baseline = this.worklist.rows(practiceId, month, careManagerId);
    const requestId = randomUUID();
    const watcher: Watcher = {
      practiceId,
      month,
      careManagerId,
      last: new Map(baseline.map((row) => [row.patientId, JSON.stringify(row)])),
      channel: new LatestValueChannel(() => this.watchers.delete(watcher)),
      reader: { actor, requestId, correlationId: correlationId ?? requestId },
    };
    this.watchers.add(watcher);
    return watcher.channel;
  }

  onApplicationShutdown(): void {
    this.stopListening?.();
    for (const watcher of [...this.watchers]) watcher.channel.close();
  }

  private onBatch(events: RecordedEvent[]): void {
    if (this.watchers.size === 0) return;
    const touched = new Map<string, Set<string>>();
    const touch = (practiceId: string, patientId: string) => touched.set(practiceId, (touched.get(practiceId) ?? new Set()).add(patientId));
    for (const event of events) {
      const practiceId = String(event.data.practiceId ?? '');
      // The data names the patient: a stream's name may be a practice-scoped key (see patientStreamKey).
      if (event.streamId.startsWith(PATIENT_STREAM)) touch(practiceId, String(event.data.patientId));
      else if (event.type === 'ClaimSubmitted') touch(practiceId, String(event.data.patientId));
      else if (event.type === 'BillingMonthClosed')
        for (const watcher of this.watchers) if (watcher.practiceId === practiceId) watcher.last.forEach((_row, patientId) => touch(practiceId, patientId));
    }
    for (const watcher of [...this.watchers]) {
      for (const patientId of touched.get(watcher.practiceId) ?? []) this.refresh(watcher, patientId);
    }
  }

  private refresh(watcher: Watcher, patientId: string): void {
    try {
      const row = this.worklist.row(watcher.practiceId, watcher.month, patientId);
      const wasMine = watcher.last.has(patientId);
      const isMine = watcher.careManagerId === null || row.careManagerId === watcher.careManagerId;
      if (!wasMine && !isMine) return;
      const serialized = JSON.stringify(row);
      if (watcher.last.get(patientId) === serialized) return;
      if (isMine) watcher.last.set(patientId, serialized);
      else watcher.last.delete(patientId);
      watcher.channel.push(this.worklist.item(watcher.practiceId, row as WorklistRow), patientId);
      this.accessLog.record({ operation: 'worklistChanged', patientIds: [patientId], ...watcher.reader });
    } catch (error) {
      // A patient billing does not know (yet) has no row to push.
      if (error instanceof DomainError && error.code === 'NOT_FOUND') return;
      this.logger.error({ err: error }, 'worklistChanged: could not refresh a subscriber; closing it');
      watcher.channel.close();
    }
  }
}
