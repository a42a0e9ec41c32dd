import { isAcceptedInstant, isValidYearMonth } from '../kernel/calendar';
import type { Command, Decider } from '../kernel/decider';
import { badInput, DomainError, notFound, preconditionFailed } from '../kernel/domain-error';
import type {
  DocumentationDeliveryFailed,
  DocumentationDeliverySucceeded,
  DocumentationRequestEvent,
  DocumentationRequestOpened,
  DocumentationRequestResponded,
} from './documentation-request.events';
import { defaultDueAt, REQUEST_CHANNELS, REVIEW_CONTRACTORS, type RequestChannel, type ReviewContractor } from './response-deadline';

/** A LOINC code: up to 7 digits, a hyphen and its check digit (e.g. 11506-3, 34133-9). */
const LOINC_CODE = /^\d{1,7}-\d$/;
const MAX_REQUESTED_CODES = 25;
/** Tracking numbers (esMD transaction ids, ADR letter numbers, CDex TrackingIds) are short printable strings. */
const TRACKING_ID = /^[\x21-\x7e](?:[\x20-\x7e]{0,98}[\x21-\x7e])?$/;

/** Channels each kind of caller records: a payer asks through CDex (POST /fhir/Task) or CareLedger's API; staff type in what came by esMD, mail, fax or a payer's portal. */
const PAYER_CHANNELS: readonly RequestChannel[] = ['CDEX_TASK', 'PORTAL'];
const STAFF_CHANNELS: readonly RequestChannel[] = ['ESMD', 'MAIL', 'FAX', 'PORTAL'];

export interface OpenDocumentationRequest extends Command<
  'OpenDocumentationRequest',
  // What the request says; the decider adds where its due date comes from and the claim it is about.
  Omit<DocumentationRequestOpened['data'], 'dueAt' | 'dueFrom' | 'claimEventId'> & { dueAt: string | null; reviewer: ReviewContractor | null }
> {
  /** The claim submitted for the patient-month (the evidence index), or null when there is none. */
  observed: { claim: { eventId: string; payerId: string } | null };
}

export interface RespondToDocumentationRequest extends Command<'RespondToDocumentationRequest', { requestId: string }> {
  /** The signed answer, made by the handler from the record before deciding (signing reads a clock and a key). */
  observed: { response: Omit<DocumentationRequestResponded['data'], 'requestId' | 'practiceId' | 'payerId'> };
}

/** What came of sending the last answer to the payer's endpoint. */
export type RecordDocumentationDelivery = Command<
  'RecordDocumentationDelivery',
  {
    requestId: string;
    documentSha256: string;
    deliveredTo: string;
    at: string;
    attempts: number;
    httpStatus: number | null;
    /** null when the payer accepted it. */
    failure: string | null;
  }
>;

export type DocumentationRequestCommand = OpenDocumentationRequest | RespondToDocumentationRequest | RecordDocumentationDelivery;

export interface DocumentationRequestState {
  opened: DocumentationRequestOpened['data'] | null;
  lastResponse: DocumentationRequestResponded['data'] | null;
  /** The last answer reached the payer's endpoint (or needed no delivery). */
  answered: boolean;
}

function instant(field: string, value: string): Date {
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime()) || !isAcceptedInstant(parsed)) throw badInput(field, 'must be an ISO 8601 date-time');
  return parsed;
}

function checkShape(data: OpenDocumentationRequest['data'], now: Date, byPayer: boolean): void {
  if (!TRACKING_ID.test(data.trackingId)) throw badInput('trackingId', 'must be 1 to 100 printable characters');
  if (!isValidYearMonth(data.month)) throw badInput('month', 'must be a calendar month, e.g. 2026-03');
  if (!REQUEST_CHANNELS.includes(data.channel)) throw badInput('channel', `must be one of ${REQUEST_CHANNELS.join(', ')}`);
  const allowed = byPayer ? PAYER_CHANNELS : STAFF_CHANNELS;
  if (!allowed.includes(data.channel)) {
    throw badInput(
      'channel',
      byPayer
        ? 'a payer asks through CDex (POST /fhir/Task) or PORTAL'
        : 'staff record requests received by ESMD, MAIL, FAX or PORTAL; CDex Tasks come from the payer',
    );
  }
  if ((data.channel === 'CDEX_TASK') !== (data.cdex !== null)) throw badInput('channel', 'CDEX_TASK requests are posted as a Task to /fhir/Task');
  if (data.requestedCodes.length === 0 || data.requestedCodes.length > MAX_REQUESTED_CODES)
    throw badInput('requestedCodes', `must name 1 to ${MAX_REQUESTED_CODES} LOINC document codes`);
  const bad = data.requestedCodes.find((code) => !LOINC_CODE.test(code));
  if (bad !== undefined) throw badInput('requestedCodes', `"${bad.slice(0, 20)}" is not a LOINC code (e.g. 11506-3)`);
  if (new Set(data.requestedCodes).size !== data.requestedCodes.length) throw badInput('requestedCodes', 'must not repeat a code');
  if (data.reviewer !== null && !REVIEW_CONTRACTORS.includes(data.reviewer)) throw badInput('reviewer', `must be one of ${REVIEW_CONTRACTORS.join(', ')}`);
  if (data.reviewer !== null && data.channel === 'CDEX_TASK') throw badInput('reviewer', 'a CDex Task states its own due date');
  if (instant('receivedAt', data.receivedAt).getTime() > now.getTime()) throw badInput('receivedAt', 'must not be in the future');
}

function decideOpen(command: OpenDocumentationRequest, state: DocumentationRequestState): DocumentationRequestOpened[] {
  const { data, metadata } = command;
  if (state.opened) throw preconditionFailed('DOCUMENTATION_REQUEST_ID_IN_USE', 'requestId is already used by another documentation request');
  checkShape(data, metadata.now, metadata.actorRoles.includes('PAYER'));
  const receivedAt = instant('receivedAt', data.receivedAt);
  const reviewer = data.reviewer ?? 'MAC';
  const dueAt = data.dueAt === null ? defaultDueAt(data.channel, reviewer, receivedAt) : instant('dueAt', data.dueAt);
  if (dueAt === null) throw badInput('dueAt', 'a CDex request must state when it is due (Task.restriction.period.end)');
  if (dueAt.getTime() <= receivedAt.getTime()) throw badInput('dueAt', 'must be after receivedAt');
  const { claim } = command.observed;
  if (!claim)
    throw preconditionFailed('CLAIM_NOT_SUBMITTED', 'No claim was submitted for this patient and month: a documentation request is about a submitted claim');
  if (claim.payerId !== data.payerId) throw preconditionFailed('PAYER_MISMATCH', 'payerId is not the payer the claim was submitted to');
  const { reviewer: _reviewer, dueAt: _dueAt, ...rest } = data;
  return [
    {
      type: 'DocumentationRequestOpened',
      data: {
        ...rest,
        receivedAt: receivedAt.toISOString(),
        dueAt: dueAt.toISOString(),
        dueFrom: data.dueAt === null ? reviewer : 'REQUEST',
        claimEventId: claim.eventId,
      },
    },
  ];
}

function decideRespond(command: RespondToDocumentationRequest, state: DocumentationRequestState): DocumentationRequestResponded[] {
  const opened = state.opened;
  if (!opened) throw notFound('Documentation request');
  if (state.answered) throw preconditionFailed('DOCUMENTATION_REQUEST_ANSWERED', 'The request was already answered');
  return [
    {
      type: 'DocumentationRequestResponded',
      data: { requestId: opened.requestId, practiceId: opened.practiceId, payerId: opened.payerId, ...command.observed.response },
    },
  ];
}

function decideDelivery(
  command: RecordDocumentationDelivery,
  state: DocumentationRequestState,
): (DocumentationDeliverySucceeded | DocumentationDeliveryFailed)[] {
  const { opened, lastResponse } = state;
  if (!opened) throw notFound('Documentation request');
  const { documentSha256, deliveredTo, at, attempts, httpStatus, failure } = command.data;
  // A delivery of an answer that a later one replaced, or one already recorded, changes nothing.
  if (lastResponse?.documentSha256 !== documentSha256 || state.answered) return [];
  const ids = { requestId: opened.requestId, practiceId: opened.practiceId, documentSha256, deliveredTo, attempts };
  if (failure === null) return [{ type: 'DocumentationDeliverySucceeded', data: { ...ids, deliveredAt: at, httpStatus: httpStatus ?? 200 } }];
  return [{ type: 'DocumentationDeliveryFailed', data: { ...ids, failedAt: at, httpStatus, reason: failure } }];
}

/** One documentation request: opened once, answered (and for CDex delivered) until the payer has the answer. */
export const documentationRequestDecider: Decider<DocumentationRequestCommand, DocumentationRequestEvent, DocumentationRequestState> = {
  initialState: () => ({ opened: null, lastResponse: null, answered: false }),

  decide(command, state) {
    switch (command.type) {
      case 'OpenDocumentationRequest':
        return decideOpen(command, state);
      case 'RespondToDocumentationRequest':
        return decideRespond(command, state);
      case 'RecordDocumentationDelivery':
        return decideDelivery(command, state);
      default:
        throw new DomainError('BAD_USER_INPUT', 'Unknown documentation request command');
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'DocumentationRequestOpened':
        return { ...state, opened: event.data };
      case 'DocumentationRequestResponded':
        // Answers by mail, fax or esMD are sent by the practice itself; a CDex answer counts once the payer accepted it.
        return { ...state, lastResponse: event.data, answered: event.data.deliverTo === null };
      case 'DocumentationDeliverySucceeded':
        return { ...state, answered: true };
      case 'DocumentationDeliveryFailed':
        return state;
      default:
        return state;
    }
  },
};
