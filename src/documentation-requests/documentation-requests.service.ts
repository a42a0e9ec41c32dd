import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { normalizePatientId } from '../audit/patient-stream';
import type { Actor, PracticeActor } from '../auth/actor';
import { CommandService } from '../command-pipeline/command.service';
import { payerEndpoint } from '../config/config';
import { NOT_SUBMITTED_TO_PAYER } from '../evidence/access/evidence-access';
import { SubmissionIndex, type Submission } from '../evidence/access/submission-index';
import { EvidencePackets } from '../evidence/evidence-packets';
import { FhirDocumentSigner } from '../evidence/fhir/document/fhir-document-signer';
import { packetDigest } from '../evidence/signing/packet-signature';
import type { JsonObject } from '../kernel/json';
import { CLOCK, type Clock } from '../kernel/clock';
import { forbidden, notFound } from '../kernel/domain-error';
import { uuidV5 } from '../kernel/ids';
import { PracticeRepository } from '../practice/practice.repository';
import { PayerDelivery } from './cdex/payer-delivery';
import { submitAttachmentParameters } from './cdex/submit-attachment';
import { MAX_TASK_BYTES, MalformedTask, parseAttachmentRequest } from './cdex/task-request';
import { documentationRequestStream } from './documentation-request.events';
import type { OpenDocumentationRequestInput, RespondToDocumentationRequestInput } from './documentation-request.inputs';
import { DocumentationRequestRepository, type DocumentationRequestRow, type RequestFilter, type RequestScope } from './documentation-request.repository';
import { documentationRequestView } from './documentation-request.view';

/** A CDex Task whose PayerUrl is not its payer's configured endpoint (answered 422). */
export class PayerUrlNotConfigured extends Error {
  override readonly name = 'PayerUrlNotConfigured';
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Whose requests a caller reads: a payer its own, staff their practice's. */
export const scopeOf = (actor: Actor): RequestScope =>
  actor.roles.includes('PAYER') ? { payerId: actor.payerId ?? '' } : { practiceId: actor.practiceId ?? '' };

/**
 * Payers' documentation requests: opening one (staff typing in an ADR, a payer through the API or a CDex Task),
 * reading them with their deadlines, and answering one with the signed documentation of its patient-month,
 * delivered to the payer's configured endpoint for CDex.
 */
@Injectable()
export class DocumentationRequests {
  constructor(
    private readonly commands: CommandService,
    private readonly requests: DocumentationRequestRepository,
    private readonly submissions: SubmissionIndex,
    private readonly practices: PracticeRepository,
    private readonly packets: EvidencePackets,
    private readonly fhirSigner: FhirDocumentSigner,
    private readonly delivery: PayerDelivery,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  view(row: DocumentationRequestRow) {
    return documentationRequestView(row, this.clock.now(), this.practices.practice(row.practiceId)?.timeZone ?? 'UTC');
  }

  find(actor: Actor, requestId: string): DocumentationRequestRow | null {
    return this.requests.find(scopeOf(actor), requestId);
  }

  list(actor: Actor, filter: RequestFilter, window: { offset: number; limit: number }) {
    return this.requests.list(scopeOf(actor), filter, this.clock.now(), window);
  }

  /**
   * Records a request received by esMD, mail, fax or a portal (staff), or sent by a payer through the API. A payer is
   * refused alike for a claim submitted to another payer, a month never claimed and a patient no one knows.
   */
  async open(actor: Actor, input: OpenDocumentationRequestInput, correlationId?: string): Promise<DocumentationRequestRow> {
    let practiceId: string;
    let submission: Submission | null = this.submissions.find(input.patientId, input.month, actor);
    if (actor.roles.includes('PAYER')) {
      if (!submission || submission.payerId !== actor.payerId || input.payerId !== actor.payerId) throw forbidden(NOT_SUBMITTED_TO_PAYER);
      practiceId = submission.practiceId;
    } else {
      practiceId = actor.practiceId!;
      if (submission?.practiceId !== practiceId) submission = null;
    }
    const { commandId, reviewer, dueAt, ...data } = input;
    await this.commands.execute('OpenDocumentationRequest', {
      stream: documentationRequestStream(practiceId, input.requestId),
      command: {
        data: { ...data, practiceId, patientId: normalizePatientId(input.patientId), dueAt: dueAt ?? null, reviewer: reviewer ?? null, cdex: null },
        observed: { claim: submission && { eventId: submission.eventId, payerId: submission.payerId } },
      },
      caller: { actor: { ...actor, practiceId }, commandId, correlationId },
    });
    return this.requireRow({ practiceId }, input.requestId);
  }

  /**
   * A CDex attachment request posted by a payer (POST /fhir/Task). The Task's tracking id names the request, so the
   * payer posting the same Task again gets the same request back. Refused: a malformed Task (MalformedTask), a PayerUrl
   * that is not the payer's configured endpoint (PayerUrlNotConfigured), a claim not submitted to this payer (FORBIDDEN,
   * as for an unknown member).
   */
  async openCdexTask(actor: Actor, body: unknown): Promise<DocumentationRequestRow> {
    if (Buffer.byteLength(JSON.stringify(body ?? null), 'utf8') > MAX_TASK_BYTES)
      throw new MalformedTask('Task', `a Task may be at most ${MAX_TASK_BYTES} bytes`);
    const request = parseAttachmentRequest(body);
    const payerId = actor.payerId!;
    const configured = this.delivery.endpointOf(payerId);
    if (!configured || payerEndpoint(request.payerUrl, false) !== configured)
      throw new PayerUrlNotConfigured('Task.input payer-url is not a payer endpoint configured for this practice');
    const submission = request.claimId
      ? this.submissions.findByClaim(payerId, request.claimId)
      : this.submissions.findByMember(payerId, request.memberId, request.serviceDate.slice(0, 7));
    if (!submission) throw forbidden(NOT_SUBMITTED_TO_PAYER);
    const requestId = uuidV5(`cdex-task ${payerId} ${request.trackingId}`);
    const { practiceId } = submission;
    // The same tracking id posted again is the same request: answered as it was received.
    const known = this.requests.find({ practiceId }, requestId);
    if (known) return known;
    const task = { ...(body as JsonObject), id: requestId } as JsonObject;
    await this.commands.execute('OpenDocumentationRequest', {
      stream: documentationRequestStream(practiceId, requestId),
      command: {
        data: {
          requestId,
          practiceId,
          patientId: submission.patientId,
          month: submission.month,
          payerId,
          trackingId: request.trackingId,
          channel: 'CDEX_TASK',
          requestedCodes: request.requestedCodes,
          // Posted now: the Task itself carries no receipt time (its authoredOn is the payer's).
          receivedAt: new Date(Math.floor(this.clock.now().getTime() / 1000) * 1000).toISOString(),
          dueAt: request.dueAt,
          reviewer: null,
          cdex: {
            payerUrl: configured,
            memberId: request.memberId,
            serviceDate: request.serviceDate,
            providerNpi: request.providerNpi,
            signatureRequired: request.signatureRequired,
            purposeOfUse: request.purposeOfUse,
            task,
          },
        },
        observed: { claim: { eventId: submission.eventId, payerId: submission.payerId } },
      },
      caller: { actor: { ...actor, practiceId }, commandId: uuidV5(`cdex-task-command ${payerId} ${request.trackingId}`) },
    });
    return this.requireRow({ practiceId }, requestId);
  }

  /**
   * Answers a request: the evidence packet of its patient-month, signed as a FHIR document, recorded (what, to whom,
   * when, its hash) and, for CDex, delivered to the payer's endpoint. A failed delivery is recorded and leaves the
   * request open; answering again with a new commandId retries, the same commandId returns the first answer.
   */
  async respond(actor: PracticeActor, input: RespondToDocumentationRequestInput, correlationId?: string): Promise<DocumentationRequestRow> {
    const scope = { practiceId: actor.practiceId };
    const row = this.requests.find(scope, input.requestId);
    if (!row) throw notFound('Documentation request');
    const packet = await this.packets.signedPacket(actor, row.patientId, row.month);
    const signed = this.fhirSigner.sign(packet.document, packet.registry);
    const signedAt = signed.signedAt.toISOString();
    const documentSha256 = sha256(signed.json);
    const result = await this.commands.execute('RespondToDocumentationRequest', {
      stream: documentationRequestStream(actor.practiceId, row.requestId),
      command: {
        data: { requestId: row.requestId },
        observed: {
          response: {
            deliverTo: row.cdex?.payerUrl ?? null,
            signedAt,
            fhirDocument: signed.json,
            documentSha256,
            packetSha256: packetDigest(packet.json),
            packet: { json: packet.json, signature: packet.signature, kid: packet.kid },
          },
        },
      },
      caller: { actor, commandId: input.commandId, correlationId },
    });
    if (!result.replayed && row.cdex)
      await this.deliver(actor, row, { json: signed.json, signedAt, documentSha256, packet: packet.document }, input.commandId, correlationId);
    return this.requireRow(scope, row.requestId);
  }

  private async deliver(
    actor: PracticeActor,
    row: DocumentationRequestRow,
    answer: {
      json: string;
      signedAt: string;
      documentSha256: string;
      packet: { practice: { npi: string | null }; billingPractitioner: { npi: string | null } };
    },
    commandId: string,
    correlationId?: string,
  ) {
    const cdex = row.cdex!;
    const configured = this.delivery.endpointOf(row.payerId);
    const organizationNpi = answer.packet.practice.npi ?? answer.packet.billingPractitioner.npi;
    const providerNpi = cdex.providerNpi ?? answer.packet.billingPractitioner.npi;
    const outcome =
      configured !== cdex.payerUrl
        ? { failure: 'the PayerUrl is no longer a configured payer endpoint (PAYER_ENDPOINTS)', httpStatus: null, attempts: 0 }
        : !organizationNpi || !providerNpi
          ? { failure: 'no NPI recorded for the practice or the billing practitioner', httpStatus: null, attempts: 0 }
          : await this.delivery.submitAttachment(
              configured,
              submitAttachmentParameters(
                { trackingId: row.trackingId, payerId: row.payerId, organizationNpi, providerNpi, requestedCodes: row.requestedCodes, cdex },
                answer.json,
                answer.signedAt,
              ),
            );
    await this.commands.execute('RecordDocumentationDelivery', {
      stream: documentationRequestStream(actor.practiceId, row.requestId),
      command: {
        data: { requestId: row.requestId, documentSha256: answer.documentSha256, deliveredTo: cdex.payerUrl, at: this.clock.now().toISOString(), ...outcome },
      },
      caller: { actor, commandId: uuidV5(`documentation-delivery ${commandId}`), correlationId },
    });
  }

  private requireRow(scope: RequestScope, requestId: string): DocumentationRequestRow {
    const row = this.requests.find(scope, requestId);
    if (!row) throw new Error(`documentation request ${requestId} is not in the read model after its command`);
    return row;
  }
}
