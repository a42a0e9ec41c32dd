import type { DomainEvent } from '../kernel/decider';
import type { JsonObject } from '../kernel/json';
import type { RequestChannel, ReviewContractor } from './response-deadline';

/**
 * Stream `documentation-request-<practiceId>-<requestId>`: one payer's request for the documentation of one claimed
 * patient-month, and the practice's answers to it. No PHI in the name.
 */
export const documentationRequestStream = (practiceId: string, requestId: string) => `documentation-request-${practiceId}-${requestId}`;
export const DOCUMENTATION_REQUEST_STREAM_PREFIX = 'documentation-request-';

/** What a CDex attachment request (a Task from the payer) said beyond the common fields; the answer goes back by it. */
export type CdexRequestDetails = {
  /** The configured payer endpoint (PAYER_ENDPOINTS) that Task.input PayerUrl named. */
  payerUrl: string;
  memberId: string;
  serviceDate: string;
  /** NPI of the PractitionerRole the Task was addressed to. */
  providerNpi: string | null;
  signatureRequired: boolean;
  purposeOfUse: string | null;
  /** The Task as the payer posted it (id assigned by CareLedger), to answer GET /fhir/Task/{id} with. */
  task: JsonObject;
};

export type DocumentationRequestOpened = DomainEvent<
  'DocumentationRequestOpened',
  {
    requestId: string;
    practiceId: string;
    patientId: string;
    month: string;
    payerId: string;
    trackingId: string;
    channel: RequestChannel;
    /** LOINC document codes asked for. */
    requestedCodes: string[];
    receivedAt: string;
    dueAt: string;
    /** Where the due date comes from: the request itself, or the deadline rule of this reviewer (response-deadline.ts). */
    dueFrom: 'REQUEST' | ReviewContractor;
    /** The ClaimSubmitted event the request is about. */
    claimEventId: string;
    cdex: CdexRequestDetails | null;
  }
>;

/**
 * The practice answered: the signed FHIR document it sends (what), to whom (the payer, and the endpoint for CDex),
 * when it was signed, the SHA-256 of the document's bytes, and the signed evidence packet it was made from (its
 * canonical JSON and Ed25519 signature), so the reviewer's PDF of this answer is the same whatever is recorded later.
 */
export type DocumentationRequestResponded = DomainEvent<
  'DocumentationRequestResponded',
  {
    requestId: string;
    practiceId: string;
    payerId: string;
    deliverTo: string | null;
    signedAt: string;
    fhirDocument: string;
    documentSha256: string;
    packetSha256: string;
    packet: { json: string; signature: string; kid: string };
  }
>;

export type DocumentationDeliverySucceeded = DomainEvent<
  'DocumentationDeliverySucceeded',
  {
    requestId: string;
    practiceId: string;
    documentSha256: string;
    deliveredTo: string;
    deliveredAt: string;
    httpStatus: number;
    attempts: number;
  }
>;

export type DocumentationDeliveryFailed = DomainEvent<
  'DocumentationDeliveryFailed',
  {
    requestId: string;
    practiceId: string;
    documentSha256: string;
    deliveredTo: string;
    failedAt: string;
    /** The payer's HTTP status of the last attempt, or null when none answered (timeout, refused connection). */
    httpStatus: number | null;
    reason: string;
    attempts: number;
  }
>;

export type DocumentationRequestEvent =
  DocumentationRequestOpened | DocumentationRequestResponded | DocumentationDeliverySucceeded | DocumentationDeliveryFailed;
