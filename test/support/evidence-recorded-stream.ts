/**
 * Recorded events for evidence unit specs: a patient's stream sealed into its hash chain exactly as the command
 * pipeline seals it (envelope.ts), with the store and valid times a test chooses, and the same events fed to the
 * billing projection harness so the packet is built on billing's real evaluation.
 */
import { randomUUID } from 'node:crypto';
import { sealEvents } from '../../src/event-store/envelope';
import type { JsonObject, RecordedEvent } from '../../src/event-store/event-store.port';
import type { DomainEvent } from '../../src/kernel/decider';
import type { BillingProjectionHarness } from './billing-projection-harness';

export interface StreamEntry {
  event: DomainEvent;
  /** Valid time (metadata.occurredAt). */
  occurredAt: string;
  /** Store time; defaults to occurredAt. */
  recordedAt?: string;
}

/** The entries as the store would hold them in `stream`, revisions from 0 and positions from `firstPosition`. */
export function sealedStream(stream: string, entries: readonly StreamEntry[], firstPosition = 1n): RecordedEvent[] {
  const unsealed = entries.map(({ event, occurredAt }) => ({
    id: randomUUID(),
    type: event.type,
    data: event.data as JsonObject,
    metadata: {
      actorId: 'rn-b',
      actorRoles: ['CARE_MANAGER'],
      practiceId: 'p1',
      commandId: randomUUID(),
      commandHash: 'h',
      correlationId: randomUUID(),
      causationId: randomUUID(),
      occurredAt,
      schemaVersion: 1,
    },
  }));
  return sealEvents(stream, 0n, null, unsealed).map((sealed, index) => ({
    ...sealed,
    streamId: stream,
    revision: BigInt(index),
    position: firstPosition + BigInt(index),
    recordedAt: new Date(entries[index].recordedAt ?? entries[index].occurredAt),
  }));
}

/** Feeds the same entries to the billing projection, in order. */
export function recordForBilling(harness: BillingProjectionHarness, entries: readonly StreamEntry[]): void {
  for (const { event, occurredAt, recordedAt } of entries) harness.record(event, { occurredAt, recordedAt: recordedAt ?? occurredAt });
}
