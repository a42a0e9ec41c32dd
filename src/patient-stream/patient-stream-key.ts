import { Inject, Injectable } from '@nestjs/common';
import { owningPractice } from '../audit/patient-stream';
import { StreamNotFound } from '../event-store/errors';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { uuidV5 } from '../kernel/ids';
import { patientStream } from '../patients/patient.events';

/**
 * Namespace of practice-scoped stream keys. Fixed forever: changing it would lose every scoped record. The key is
 * still a UUID (architecture decision 3: `patient-<uuid>`, no PHI in a stream name).
 */
const PRACTICE_SCOPED_PATIENT_NAMESPACE = '6f0d3a52-8c1e-5b7a-9e44-2d61c8f0b9a3';

/** The key a practice's record of `patientId` uses when another practice already holds `patient-<patientId>`. */
export const practiceScopedPatientKey = (practiceId: string, patientId: string): string =>
  uuidV5(`${practiceId}/${patientId}`, PRACTICE_SCOPED_PATIENT_NAMESPACE);

/**
 * Patient ids are chosen by the client, so two practices may pick the same one; each must see it as free. The key
 * names the patient's streams (`patient-<key>`, `tasks-<key>`): the id itself while `patient-<id>` is free or
 * belongs to this practice (`owner` undefined: no such stream), the practice-scoped key otherwise. Every
 * single-practice record therefore keeps the stream it always had.
 */
export const patientStreamKey = (practiceId: string, patientId: string, owner: string | null | undefined): string =>
  owner === undefined || owner === practiceId ? patientId : practiceScopedPatientKey(practiceId, patientId);

/** How many owners of `patient-<id>` streams are remembered (a stream's owner never changes once it exists). */
const REMEMBERED_OWNERS = 100_000;

/** Resolves which streams hold a practice's record of a patient id, from the log (the first event's practice). */
@Injectable()
export class PatientStreamKeys {
  private readonly owners = new Map<string, string | null>();
  /** The latest resolution of each patient id still under way: the next one for that id waits for it. */
  private readonly resolving = new Map<string, Promise<string>>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The stream key of the practice's record of `patientId` (a lower-cased UUID), existing or to be created. */
  resolve(practiceId: string, patientId: string): Promise<string> {
    // Resolutions of one id finish in the order they were asked for, whether the owner is remembered or read, so
    // commands issued together for a patient reach its stream in the order they were issued (an import appends a
    // patient's resources in file order).
    const previous = this.resolving.get(patientId);
    const read = () => this.ownerOf(patientId);
    // After the previous one however it ended: its own caller has its error.
    const owner = previous ? previous.then(read, read) : read();
    const resolution = owner.then((known) => patientStreamKey(practiceId, patientId, known));
    this.resolving.set(patientId, resolution);
    const forget = () => {
      if (this.resolving.get(patientId) === resolution) this.resolving.delete(patientId);
    };
    resolution.then(forget, forget);
    return resolution;
  }

  private async ownerOf(patientId: string): Promise<string | null | undefined> {
    if (this.owners.has(patientId)) return this.owners.get(patientId);
    const owner = await this.readOwner(patientId);
    // Only an existing stream's owner is settled; a free id may be taken at any moment.
    if (owner !== undefined) {
      if (this.owners.size >= REMEMBERED_OWNERS) this.owners.clear();
      this.owners.set(patientId, owner);
    }
    return owner;
  }

  private async readOwner(patientId: string): Promise<string | null | undefined> {
    try {
      const [first] = await this.store.readStream(patientStream(patientId), { fromRevision: 'start', maxCount: 1 });
      return first && owningPractice(first);
    } catch (error) {
      if (error instanceof StreamNotFound) return undefined;
      throw error;
    }
  }
}
