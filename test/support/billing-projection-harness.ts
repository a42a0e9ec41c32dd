/**
 * Drives the billing projection with recorded events, without a store or an application: each `record` is one
 * engine transaction, with the store time (`recordedAt`) and valid time (`occurredAt`) the test chooses.
 */
import { randomUUID } from 'node:crypto';
import type { JsonObject, RecordedEvent } from '../../src/event-store/event-store.port';
import { BillingEvaluator } from '../../src/billing/evaluation/billing-evaluator';
import { billingStream } from '../../src/billing/month/billing-month.events';
import { BillingProjection } from '../../src/billing/projection/billing.projection';
import type { PatientMonthFacts, PatientMonthResult } from '../../src/billing/rules';
import type { DomainEvent } from '../../src/kernel/decider';
import type { PracticeConfigured } from '../../src/practice/practice.events';
import { openReadDatabase } from '../../src/projections/read-database';
import type { ReadDatabase } from '../../src/projections/projection';

export const practiceConfigured = (overrides: Partial<PracticeConfigured['data']> = {}): PracticeConfigured => ({
  type: 'PracticeConfigured',
  data: { practiceId: 'p1', name: 'Maple Family Medicine', timeZone: 'America/New_York', npi: '1245319599', taxId: '12-3456789', ...overrides },
});

function streamOf(event: DomainEvent): string {
  const data = event.data as { patientId?: string; practiceId: string; month?: string };
  if (event.type === 'BillingMonthSnapshotRecorded' || event.type === 'BillingMonthClosed' || event.type === 'ClaimSubmitted')
    return billingStream(data.practiceId, data.month!);
  if (data.patientId) return `patient-${data.patientId}`;
  return `practice-${data.practiceId}`;
}

export interface RecordOptions {
  /** Store time; defaults to occurredAt, else the harness's current time. */
  recordedAt?: string;
  /** Valid time of the event (metadata.occurredAt). */
  occurredAt?: string;
}

export class BillingProjectionHarness {
  readonly db: ReadDatabase = openReadDatabase(':memory:');
  readonly projection: BillingProjection;
  private position = 0n;
  /** Store time used when a record names none; tests move it forward. */
  now = '2026-03-01T12:00:00.000Z';
  /** While set, `record` collects the recorded events here instead of applying them (see applyPage). */
  collecting?: RecordedEvent[];

  constructor(evaluator = new BillingEvaluator()) {
    this.projection = new BillingProjection(evaluator);
    this.projection.setup(this.db);
  }

  record(event: DomainEvent, options: RecordOptions = {}): this {
    this.position += 1n;
    const recordedAt = options.recordedAt ?? options.occurredAt ?? this.now;
    const recorded: RecordedEvent = {
      streamId: streamOf(event),
      revision: this.position,
      position: this.position,
      id: randomUUID(),
      type: event.type,
      data: event.data as JsonObject,
      metadata: { occurredAt: options.occurredAt ?? recordedAt },
      recordedAt: new Date(recordedAt),
    };
    if (this.collecting) this.collecting.push(recorded);
    else this.db.transaction(() => this.projection.apply(this.db, recorded))();
    return this;
  }

  /** Applies events as the engine applies one page to a batch-aware projection: one call, one transaction. */
  applyPage(events: readonly RecordedEvent[]): this {
    this.db.transaction(() => this.projection.applyBatch(this.db, events))();
    return this;
  }

  /** Every billing table's rows, in a stable order. */
  tables(): Record<string, unknown[]> {
    const names = this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'billing_%' ORDER BY name").pluck().all() as string[];
    const orderBy = (name: string) => {
      const columns = this.db.prepare('SELECT count(*) FROM pragma_table_info(?)').pluck().get(name) as number;
      return Array.from({ length: Math.min(columns, 3) }, (_, index) => index + 1).join(', ');
    };
    return Object.fromEntries(names.map((name) => [name, this.db.prepare(`SELECT * FROM "${name}" ORDER BY ${orderBy(name)}`).all()]));
  }

  /** The facts the engine is given for the patient-month, as the projection gathered them. */
  facts(patientId: string, month: string, practiceId = 'p1'): PatientMonthFacts {
    const model = this.projection.readModel;
    return this.projection.evaluation.facts(model.practice(practiceId)!, model.patient(practiceId, patientId)!, month);
  }

  /** The stored result, or undefined when the projection has no row for the patient-month. */
  result(patientId: string, month: string, practiceId = 'p1'): PatientMonthResult | undefined {
    return this.projection.readModel.row(practiceId, month, patientId)?.result;
  }

  amended(patientId: string, month: string, practiceId = 'p1'): boolean {
    return this.projection.readModel.amendedAfterClose(practiceId, month, patientId);
  }

  close(): void {
    this.db.close();
  }
}
