import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Actor } from '../../auth/actor';
import { LOGGER } from '../../config/logger';
import { EVENT_STORE, type EventStore, type Position } from '../../event-store/event-store.port';
import { CLOCK, type Clock } from '../../kernel/clock';
import { AuditTrailRepository } from '../trail/audit-trail.repository';
import { accessLogStream, PATIENT_DATA_ACCESSED, type AccessEventMetadata, type PatientDataAccessed } from './access-log.events';
import type { UnsealedEvent } from '../../event-store/envelope';
import { HashChainedAppender } from './hash-chained-appender';

/** One read of patient data, as the interceptor reports it. */
export interface PatientDataRead {
  operation: string;
  /** Empty for a read of no particular patient. */
  patientIds: string[];
  actor: Actor;
  requestId: string;
  correlationId: string;
}

interface PendingRead extends Omit<PatientDataRead, 'patientIds'> {
  patientIds: Set<string>;
  at: Date;
}

interface QueuedEvent {
  stream: string;
  event: UnsealedEvent;
}

/** Reads are written in batches: at most this long after the first unwritten one. */
const FLUSH_DELAY_MS = 200;
const RETRY_DELAY_MS = 1000;
/** Only a payer reading a patient the audit model does not know could have neither; kept, never dropped. */
const UNATTRIBUTED = 'unattributed';

/**
 * The durable access log (architecture decision 13): reads are buffered in memory and appended to the event log in
 * batches, off the request path, within FLUSH_DELAY_MS, and once more on shutdown. Reads of one operation in one
 * request (e.g. Patient.activities for every patient of a list) become one PatientDataAccessed event. Each event is
 * filed under the reader's practice, or for a payer under the practice that owns the patients read (fileUnder), so a
 * practice's compliance officer sees every reader of its patients, payers included, and no one else's.
 */
@Injectable()
export class AccessLogRecorder implements OnApplicationShutdown {
  private readonly appender: HashChainedAppender;
  private readonly pending = new Map<string, PendingRead>();
  /** Events of an earlier flush whose append failed: retried first, with the same ids. */
  private unsent: QueuedEvent[] = [];
  private timer?: NodeJS.Timeout;
  private closed = false;
  /** The latest access event this recorder wrote (whichever flush wrote it), for callers that wait on projections. */
  private lastWritten?: Position;
  private flushing: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly patients: AuditTrailRepository,
  ) {
    this.appender = new HashChainedAppender(store);
  }

  /** Buffers the read and returns at once. */
  record(read: PatientDataRead): void {
    const key = `${read.requestId} ${read.operation}`;
    const pending = this.pending.get(key);
    if (pending) for (const id of read.patientIds) pending.patientIds.add(id);
    else this.pending.set(key, { ...read, patientIds: new Set(read.patientIds), at: this.clock.now() });
    this.schedule(FLUSH_DELAY_MS);
  }

  /**
   * Writes everything buffered so far, after any flush in flight; resolves with the position of the latest access
   * event written, by this flush or an earlier one.
   */
  flush(): Promise<Position | undefined> {
    const run = this.flushing.then(() => this.writeBuffered());
    this.flushing = run.catch(() => undefined);
    return run;
  }

  /**
   * A graceful shutdown loses nothing. This runs after the HTTP server has closed (no request can add a read any
   * more) and before the event store is disposed: Nest shuts global modules (event store, projections) down last.
   */
  async onApplicationShutdown() {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush().catch((error: unknown) => this.logger.error({ err: error }, 'access log: last flush failed'));
    const left = this.backlog;
    if (left > 0) this.logger.error({ events: left }, 'access log: entries could not be written before shutdown');
  }

  /** Reads buffered and not yet in the log (an operator's view of the backlog). */
  get backlog(): number {
    return this.pending.size + this.unsent.length;
  }

  private schedule(delayMs: number) {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().catch((error: unknown) => {
        this.logger.error({ err: error }, 'access log: flush failed, will retry');
        this.schedule(RETRY_DELAY_MS);
      });
    }, delayMs);
    // Never keeps a process alive on its own; shutdown flushes explicitly.
    this.timer.unref();
  }

  /** What cannot be appended now stays queued for the next attempt; nothing buffered is dropped. */
  private async writeBuffered(): Promise<Position | undefined> {
    const queued = [...this.unsent, ...this.toEvents([...this.pending.values()])];
    this.pending.clear();
    this.unsent = [];
    for (const [stream, events] of groupByStream(queued)) {
      try {
        const position = await this.appender.append(
          stream,
          events.map(({ event }) => event),
        );
        if (position !== undefined && (this.lastWritten === undefined || position > this.lastWritten)) this.lastWritten = position;
      } catch (error) {
        this.unsent.push(...events);
        this.logger.error({ err: error, stream, events: events.length }, 'access log: append failed, will retry');
      }
    }
    if (this.unsent.length > 0) this.schedule(RETRY_DELAY_MS);
    return this.lastWritten;
  }

  private toEvents(reads: PendingRead[]): QueuedEvent[] {
    if (reads.length === 0) return [];
    const payerReads = reads.filter((read) => read.actor.practiceId === undefined);
    const owners =
      payerReads.length > 0 ? this.patients.practicesOf([...new Set(payerReads.flatMap((read) => [...read.patientIds]))]) : new Map<string, string | null>();
    return reads.flatMap((read) => {
      const byPractice = new Map<string | null, string[]>();
      if (read.patientIds.size === 0) byPractice.set(read.actor.practiceId ?? null, []);
      for (const patientId of read.patientIds) {
        const practiceId = fileUnder(read.actor, owners.get(patientId) ?? null);
        const ids = byPractice.get(practiceId);
        if (ids) ids.push(patientId);
        else byPractice.set(practiceId, [patientId]);
      }
      return [...byPractice].map(([practiceId, patientIds]) => this.toEvent(read, practiceId, patientIds));
    });
  }

  private toEvent(read: PendingRead, practiceId: string | null, patientIds: string[]): QueuedEvent {
    const data: PatientDataAccessed['data'] = { operation: read.operation, patientIds };
    const metadata: AccessEventMetadata = {
      actorId: read.actor.id,
      actorRoles: read.actor.roles,
      practiceId,
      commandId: read.requestId,
      correlationId: read.correlationId,
      causationId: read.requestId,
      occurredAt: read.at.toISOString(),
      schemaVersion: 1,
    };
    return { stream: accessLogStream(practiceId ?? UNATTRIBUTED, read.at), event: { id: randomUUID(), type: PATIENT_DATA_ACCESSED, data, metadata } };
  }
}

/**
 * Whose log a read goes in. A practice's user is logged in its own practice's log, whatever id was asked for: filing
 * it under the patient's owner would let one practice write "reads" into another's append-only log, and the answer
 * would tell that the id exists there. A payer, who acts for no practice, is logged under the practice that owns the
 * patient (whose compliance officer must see who outside read its records).
 */
function fileUnder(actor: Actor, owner: string | null): string | null {
  return actor.practiceId ?? owner;
}

function groupByStream(queued: QueuedEvent[]): Map<string, QueuedEvent[]> {
  const streams = new Map<string, QueuedEvent[]>();
  for (const item of queued) {
    const events = streams.get(item.stream);
    if (events) events.push(item);
    else streams.set(item.stream, [item]);
  }
  return streams;
}
