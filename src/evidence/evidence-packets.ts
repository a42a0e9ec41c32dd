import { Inject, Injectable } from '@nestjs/common';
import { PatientHistory } from '../audit/history/patient-history';
import type { Actor } from '../auth/actor';
import { billingPractitionerIn } from '../billing/facts/billing-patient';
import { claimDiagnoses } from '../billing/facts/patient-month-facts';
import { BillingRepository } from '../billing/read/billing.repository';
import { ruleSet } from '../billing/rules';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '../event-store/event-store.port';
import { canonicalJson } from '../kernel/canonical-json';
import { CLOCK, type Clock } from '../kernel/clock';
import { PacketLedgerBlocks } from '../ledger/packet-ledger';
import { DomainError, forbidden, notFound } from '../kernel/domain-error';
import { PracticeRepository } from '../practice/practice.repository';
import { ProjectionHost } from '../projections/projections.module';
import { evidenceScope, NOT_SUBMITTED_TO_PAYER } from './access/evidence-access';
import { SubmissionIndex, type Submission } from './access/submission-index';
import { assemblePacket } from './packet/assemble-packet';
import type { EvidencePacketDocument } from './packet/evidence-packet';
import { EvidenceSigner } from './signing/evidence-signer';

/** A packet with its canonical JSON, the signature over those bytes and the signing key's id. */
export interface SignedPacket {
  document: EvidencePacketDocument;
  json: string;
  signature: string;
  kid: string;
}

/**
 * Generates signed evidence packets: checks who may read the patient-month, reads the patient's record from the
 * event store (the log itself, so the head hash is recomputed from what is stored), waits until billing has applied
 * that record, and combines it with billing's evaluation and the claim event. Every call generates afresh, at the
 * Clock's now: the packet states what the log and billing say at that moment.
 */
@Injectable()
export class EvidencePackets {
  constructor(
    private readonly history: PatientHistory,
    private readonly submissions: SubmissionIndex,
    private readonly billing: BillingRepository,
    private readonly practices: PracticeRepository,
    private readonly signer: EvidenceSigner,
    private readonly projections: ProjectionHost,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ledger: PacketLedgerBlocks,
  ) {}

  async signedPacket(actor: Actor, patientId: string, month: string): Promise<SignedPacket> {
    const { practiceId, submission } = evidenceScope(actor, this.submissions.find(patientId, month));
    const patientEvents = await this.history.read(patientId, practiceId);
    if (!patientEvents) throw actor.roles.includes('PAYER') ? forbidden(NOT_SUBMITTED_TO_PAYER) : notFound('Patient');
    const claim = submission && (await this.claimEvent(submission));
    await this.billingHasApplied([...patientEvents, ...(claim ? [claim] : [])]);

    const { billing } = this;
    const patient = billing.patient(practiceId, patientId);
    const view = billing.patientMonthView(practiceId, patient.patientId, month);
    const practice = billing.practice(practiceId);
    const assembled = assemblePacket({
      patientId: patient.patientId,
      month,
      generatedAt: this.clock.now(),
      practice: { practiceId, name: this.practices.practice(practiceId)?.name ?? null, timeZone: practice.timeZone, npi: practice.npi, taxId: practice.taxId },
      patientEvents,
      billingPractitioner: billingPractitionerIn(patient, month),
      qualifyingDiagnoses: claimDiagnoses(patient, month, ruleSet(view.ruleYear)),
      billing: view,
      claim,
    });
    const document: EvidencePacketDocument = { ...assembled, ledger: await this.ledgerBlock(assembled, [...patientEvents, ...(claim ? [claim] : [])]) };
    const json = canonicalJson(document);
    return { document, json, signature: this.signer.sign(json), kid: this.signer.kid };
  }

  /** The signed ledger head and an inclusion proof for every event the packet cites (src/ledger/packet-ledger.ts). */
  private ledgerBlock(packet: EvidencePacketDocument, events: readonly RecordedEvent[]) {
    const cited = new Set(packet.audit.sourceEvents.map((source) => source.eventId));
    return this.ledger.blockFor(events.filter((event) => cited.has(event.id)));
  }

  /** The ClaimSubmitted event itself, from the log (the index only says where it is). */
  private async claimEvent(submission: Submission): Promise<RecordedEvent> {
    const [event] = await this.store.readStream(submission.stream, { fromRevision: submission.revision, maxCount: 1 });
    if (event?.id !== submission.eventId) throw new Error(`evidence index points at ${submission.stream}@${submission.revision}, which is not claim ${submission.eventId}`);
    return event;
  }

  /** Billing's evaluation must include every event the packet cites, or the codes and the record could disagree. */
  private async billingHasApplied(events: readonly RecordedEvent[]): Promise<void> {
    const latest = events.reduce((max, event) => (event.position > max ? event.position : max), 0n);
    if (!(await this.projections.engine.waitFor(latest, this.config.readYourWritesTimeoutMs))) {
      throw new DomainError('CONFLICT', 'Billing is still catching up with the latest entries of this record; retry in a moment');
    }
  }
}
