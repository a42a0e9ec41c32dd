import { Inject, Injectable } from '@nestjs/common';
import { PatientHistory } from '../audit/history/patient-history';
import type { Actor } from '../auth/actor';
import { billingPractitionerIn } from '../billing/facts/billing-patient';
import { billingStream } from '../billing/month/billing-month.events';
import { BillingEvaluator } from '../billing/evaluation/billing-evaluator';
import { claimDiagnoses } from '../billing/facts/patient-month-facts';
import { BillingRepository } from '../billing/read/billing.repository';
import { ruleSet } from '../billing/rules';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '../event-store/event-store.port';
import { canonicalJson } from '../kernel/canonical-json';
import { PacketLedgerBlocks } from '../ledger/packet-ledger';
import { forbidden, notFound } from '../kernel/domain-error';
import { PracticeRepository } from '../practice/practice.repository';
import { ReadYourWrites } from '../projections/projections.module';
import { evidenceScope, NOT_SUBMITTED_TO_PAYER } from './access/evidence-access';
import { SubmissionIndex, type Submission } from './access/submission-index';
import { assemblePacket } from './packet/assemble-packet';
import { staffNamedOnlyById } from './fhir/parties';
import type { EvidencePacketDocument, Staff } from './packet/evidence-packet';
import { EvidenceSigner } from './signing/evidence-signer';

/** Billing-stream events read per round trip while looking for the month's close (it is almost always the first). */
const CLOSE_PAGE = 16;

/** A packet with its canonical JSON, the signature over those bytes and the signing key's id. */
export interface SignedPacket {
  document: EvidencePacketDocument;
  json: string;
  signature: string;
  kid: string;
  /** Registry entries of the staff the packet names by id only, so its FHIR views can name them (fhir/parties.ts). */
  registry: Staff[];
}

/**
 * Generates signed evidence packets: checks who may read the patient-month, reads the patient's record from the
 * event store (the log itself, so the head hash is recomputed from what is stored), waits until billing has applied
 * that record, and combines it with billing's evaluation and the claim event. No clock is read: while the record
 * and its month's billing are unchanged, every call gives the same bytes and the same (deterministic Ed25519)
 * signature.
 */
@Injectable()
export class EvidencePackets {
  constructor(
    private readonly history: PatientHistory,
    private readonly submissions: SubmissionIndex,
    private readonly billing: BillingRepository,
    private readonly practices: PracticeRepository,
    private readonly signer: EvidenceSigner,
    private readonly evaluator: BillingEvaluator,
    private readonly readYourWrites: ReadYourWrites,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly ledger: PacketLedgerBlocks,
  ) {}

  async signedPacket(actor: Actor, patientId: string, month: string): Promise<SignedPacket> {
    const { practiceId, submission } = evidenceScope(actor, this.submissions.find(patientId, month, actor));
    const patientEvents = await this.history.read(patientId, practiceId);
    if (!patientEvents) throw actor.roles.includes('PAYER') ? forbidden(NOT_SUBMITTED_TO_PAYER) : notFound('Patient');
    const claim = submission && (await this.claimEvent(submission));
    await this.billingHasApplied([...patientEvents, ...(claim ? [claim] : [])]);

    const { billing } = this;
    const patient = billing.patient(practiceId, patientId);
    const view = billing.patientMonthView(practiceId, patient.patientId, month);
    const practice = billing.practice(practiceId);
    // Billing has applied the close when it reports one: the packet cites the event (status and close come from it).
    const monthClose = view.closedAt === null ? null : await this.monthCloseEvent(billingStream(practiceId, month));
    const assembled = assemblePacket({
      patientId: patient.patientId,
      month,
      practice: { practiceId, name: this.practices.practice(practiceId)?.name ?? null, timeZone: practice.timeZone, npi: practice.npi, taxId: practice.taxId },
      billingSettings: { apcmBehaviouralHealth: practice.apcmBehaviouralHealth, consentRenewalMonths: practice.consentRenewalMonths },
      patientEvents,
      billingPractitioner: billingPractitionerIn(patient, month),
      qualifyingDiagnoses: claimDiagnoses(patient, month, ruleSet(view.ruleYear)),
      billing: view,
      claim,
      monthClose,
      evaluate: (facts, ruleYear) => this.evaluator.evaluate(facts, ruleYear),
    });
    const document: EvidencePacketDocument = {
      ...assembled,
      ledger: await this.ledgerBlock(assembled, [...patientEvents, ...(monthClose ? [monthClose] : []), ...(claim ? [claim] : [])]),
    };
    const json = canonicalJson(document);
    return { document, json, signature: this.signer.sign(json), kid: this.signer.kid, registry: this.registryOf(practiceId, document) };
  }

  private registryOf(practiceId: string, packet: EvidencePacketDocument): Staff[] {
    return staffNamedOnlyById(packet).flatMap((staffId) => {
      const member = this.practices.staffMember(practiceId, staffId);
      return member ? [{ staffId, name: member.name, credential: member.credential, npi: member.npi }] : [];
    });
  }

  /** The signed ledger head and an inclusion proof for every event the packet cites (src/ledger/packet-ledger.ts). */
  private ledgerBlock(packet: EvidencePacketDocument, events: readonly RecordedEvent[]) {
    const cited = new Set(packet.audit.sourceEvents.map((source) => source.eventId));
    return this.ledger.blockFor(events.filter((event) => cited.has(event.id)));
  }

  /** The ClaimSubmitted event itself, from the log (the index only says where it is). */
  private async claimEvent(submission: Submission): Promise<RecordedEvent> {
    const [event] = await this.store.readStream(submission.stream, { fromRevision: submission.revision, maxCount: 1 });
    if (event?.id !== submission.eventId)
      throw new Error(`evidence index points at ${submission.stream}@${submission.revision}, which is not claim ${submission.eventId}`);
    return event;
  }

  /**
   * The month's BillingMonthClosed event, from the log. A month is closed once (MONTH_ALREADY_CLOSED) and before any
   * claim, so it opens its billing stream; the stream is read in small pages until it shows up.
   */
  private async monthCloseEvent(stream: string): Promise<RecordedEvent> {
    for (let fromRevision = 0n; ;) {
      const page = await this.store.readStream(stream, { fromRevision, maxCount: CLOSE_PAGE });
      const close = page.find((event) => event.type === 'BillingMonthClosed');
      if (close) return close;
      if (page.length < CLOSE_PAGE) throw new Error(`billing reports ${stream} closed, but the stream has no BillingMonthClosed`);
      fromRevision = page[page.length - 1].revision + 1n;
    }
  }

  /** Billing's evaluation must include every event the packet cites, or the codes and the record could disagree. */
  private async billingHasApplied(events: readonly RecordedEvent[]): Promise<void> {
    const latest = events.reduce((max, event) => (event.position > max ? event.position : max), 0n);
    await this.readYourWrites.require(latest, 'Billing is still catching up with the latest entries of this record; retry in a moment');
  }
}
