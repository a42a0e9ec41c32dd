import { Inject, Injectable } from '@nestjs/common';
import { StreamNotFound } from '../../event-store/errors';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '../../event-store/event-store.port';
import { patientStream } from '../../patients/patient.events';
import { owningPractice } from '../patient-stream';
import { AuditTrailRepository } from '../trail/audit-trail.repository';

/** Events read per round trip; a patient's record is read page by page so an export never holds it all at once. */
const PAGE_SIZE = 500;

/**
 * A patient's record read straight from the event store, never from a read model: what the verification, the export
 * and time travel must see is the log itself, byte for byte.
 */
@Injectable()
export class PatientHistory {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly trail: AuditTrailRepository,
  ) {}

  /**
   * The patient's events, oldest first, in pages; undefined when the patient is unknown or belongs to another
   * practice (both are answered alike, so another practice's patient is never revealed). Ownership is decided from
   * the read model first: another practice's stream is never read, so neither the answer nor its timing tells it
   * from an id that exists nowhere. The stream's first event is checked again, as the log is the record.
   */
  async open(patientId: string, practiceId: string | undefined): Promise<AsyncIterable<RecordedEvent[]> | undefined> {
    const streamKey = practiceId === undefined ? undefined : this.trail.streamKeyOf(practiceId, patientId);
    if (streamKey === undefined) return undefined;
    const stream = patientStream(streamKey);
    const first = await this.page(stream, 0n);
    if (first.length === 0 || owningPractice(first[0]) !== practiceId) return undefined;
    return this.pages(stream, first);
  }

  /** The whole record at once (verification and time travel fold over all of it anyway). */
  async read(patientId: string, practiceId: string | undefined): Promise<RecordedEvent[] | undefined> {
    const pages = await this.open(patientId, practiceId);
    if (!pages) return undefined;
    const events: RecordedEvent[] = [];
    for await (const page of pages) events.push(...page);
    return events;
  }

  private async *pages(stream: string, first: RecordedEvent[]): AsyncGenerator<RecordedEvent[]> {
    let page = first;
    for (;;) {
      yield page;
      if (page.length < PAGE_SIZE) return;
      page = await this.page(stream, page[page.length - 1].revision + 1n);
      if (page.length === 0) return;
    }
  }

  private async page(stream: string, fromRevision: bigint): Promise<RecordedEvent[]> {
    try {
      return await this.store.readStream(stream, { fromRevision, maxCount: PAGE_SIZE });
    } catch (error) {
      if (error instanceof StreamNotFound) return [];
      throw error;
    }
  }
}
