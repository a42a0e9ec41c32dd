/**
 * The size limits of a KurrentDB 26.1 node, as EsdbTestServer enforces them (KurrentDB sources: TFConsts,
 * ClusterVNodeOptions.Application, Streams.Append/BatchAppend). Test code only.
 */
import type { ProposedEvent } from './esdb-test-log';

export interface EsdbSizeLimits {
  /** MaxAppendEventSize: one event's size on disk (default 16 MiB). */
  maxEventBytes: number;
  /** MaxAppendSize: the sum over one append (default 256 MiB, the chunk size). */
  maxAppendBytes: number;
  /** gRPC's receive limit on the Streams service: 16 MiB less the log record overhead of 10,000 bytes. */
  maxReceiveMessageBytes: number;
}

const MiB = 1024 * 1024;
export const KURRENTDB_LIMITS: EsdbSizeLimits = {
  maxEventBytes: 16 * MiB,
  maxAppendBytes: 256 * MiB,
  maxReceiveMessageBytes: 16 * MiB - 10_000,
};

export type SizeViolation = { kind: 'event'; eventId: string; size: number; max: number } | { kind: 'append'; max: number };

/** As the server counts it (Event.SizeOnDisk): data, metadata, and the type at two bytes a character. */
export const sizeOnDisk = (event: ProposedEvent): number => event.data.length + event.customMetadata.length + event.type.length * 2;

/** Counts one append's events as they arrive and says which limit, if any, the latest one broke. */
export class AppendSize {
  private total = 0;

  constructor(private readonly limits: EsdbSizeLimits) {}

  add(event: ProposedEvent): SizeViolation | undefined {
    const size = sizeOnDisk(event);
    if (size > this.limits.maxEventBytes) return { kind: 'event', eventId: event.id, size, max: this.limits.maxEventBytes };
    this.total += size;
    if (this.total > this.limits.maxAppendBytes) return { kind: 'append', max: this.limits.maxAppendBytes };
    return undefined;
  }
}
