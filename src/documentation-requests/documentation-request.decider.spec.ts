import { given, testMetadata } from '../../test/support/decider-specification';
import { documentationRequestDecider, type OpenDocumentationRequest } from './documentation-request.decider';
import type { CdexRequestDetails, DocumentationRequestOpened, DocumentationRequestResponded } from './documentation-request.events';

const staff = testMetadata({ actorId: 'billing-1', actorRoles: ['BILLING'] });
const payer = testMetadata({ actorId: 'reviewer-1', actorRoles: ['PAYER'] });
const claim = { eventId: 'claim-event-1', payerId: 'payer-x' };

const openData = (overrides: Partial<OpenDocumentationRequest['data']> = {}): OpenDocumentationRequest['data'] => ({
  requestId: 'req-1',
  practiceId: 'p1',
  patientId: 'pat-1',
  month: '2026-02',
  payerId: 'payer-x',
  trackingId: 'ADR-2026-000123',
  channel: 'ESMD',
  requestedCodes: ['11506-3', '34133-9'],
  receivedAt: '2026-03-02T14:00:00.000Z',
  dueAt: null,
  reviewer: null,
  cdex: null,
  ...overrides,
});
const open = (overrides: Partial<OpenDocumentationRequest['data']> = {}, metadata = staff, observed: OpenDocumentationRequest['observed'] = { claim }) => ({
  type: 'OpenDocumentationRequest' as const,
  data: openData(overrides),
  observed,
  metadata,
});

const cdex: CdexRequestDetails = {
  payerUrl: 'https://payer-x.example/fhir',
  memberId: '1EG4TE5MK73',
  serviceDate: '2026-02-28',
  providerNpi: '1234567893',
  signatureRequired: true,
  purposeOfUse: 'COVERAGE',
  task: { resourceType: 'Task', id: 'req-1' },
};

const opened = (overrides: Partial<DocumentationRequestOpened['data']> = {}): DocumentationRequestOpened => ({
  type: 'DocumentationRequestOpened',
  data: {
    requestId: 'req-1',
    practiceId: 'p1',
    patientId: 'pat-1',
    month: '2026-02',
    payerId: 'payer-x',
    trackingId: 'ADR-2026-000123',
    channel: 'ESMD',
    requestedCodes: ['11506-3', '34133-9'],
    receivedAt: '2026-03-02T14:00:00.000Z',
    dueAt: '2026-04-16T14:00:00.000Z',
    dueFrom: 'MAC',
    claimEventId: 'claim-event-1',
    cdex: null,
    ...overrides,
  },
});

const response = (deliverTo: string | null, documentSha256 = 'a'.repeat(64)) => ({
  deliverTo,
  signedAt: '2026-03-10T09:00:00.000Z',
  fhirDocument: '{"resourceType":"Bundle"}',
  documentSha256,
  packetSha256: 'b'.repeat(64),
  packet: { json: '{}', signature: 'sig', kid: 'kid' },
});
const responded = (deliverTo: string | null, documentSha256?: string): DocumentationRequestResponded => ({
  type: 'DocumentationRequestResponded',
  data: { requestId: 'req-1', practiceId: 'p1', payerId: 'payer-x', ...response(deliverTo, documentSha256) },
});
const respond = (deliverTo: string | null, documentSha256?: string) => ({
  type: 'RespondToDocumentationRequest' as const,
  data: { requestId: 'req-1' },
  observed: { response: response(deliverTo, documentSha256) },
  metadata: staff,
});
const delivery = (failure: string | null, documentSha256 = 'a'.repeat(64)) => ({
  type: 'RecordDocumentationDelivery' as const,
  data: {
    requestId: 'req-1',
    documentSha256,
    deliveredTo: cdex.payerUrl,
    at: '2026-03-10T09:00:01.000Z',
    attempts: failure ? 3 : 1,
    httpStatus: failure ? 503 : 200,
    failure,
  },
  metadata: staff,
});

describe('documentation request decider', () => {
  describe('OpenDocumentationRequest', () => {
    it('records an esMD ADR from a MAC, due 45 days after receipt (42 CFR 405.929)', () => given(documentationRequestDecider).when(open()).then([opened()]));

    it('records a UPIC request due 30 days after receipt', () =>
      given(documentationRequestDecider)
        .when(open({ channel: 'MAIL', reviewer: 'UPIC' }))
        .then([opened({ channel: 'MAIL', dueAt: '2026-04-01T14:00:00.000Z', dueFrom: 'UPIC' })]));

    it('keeps a due date the request states', () =>
      given(documentationRequestDecider)
        .when(open({ channel: 'FAX', dueAt: '2026-03-30T21:00:00.000Z' }))
        .then([opened({ channel: 'FAX', dueAt: '2026-03-30T21:00:00.000Z', dueFrom: 'REQUEST' })]));

    it('records a CDex Task from the payer with its own due date and where to answer', () =>
      given(documentationRequestDecider)
        .when(open({ channel: 'CDEX_TASK', cdex, dueAt: '2026-03-20T00:00:00.000Z' }, payer))
        .then([opened({ channel: 'CDEX_TASK', cdex, dueAt: '2026-03-20T00:00:00.000Z', dueFrom: 'REQUEST' })]));

    it('refuses a CDex Task without a due date', () =>
      given(documentationRequestDecider)
        .when(open({ channel: 'CDEX_TASK', cdex }, payer))
        .thenThrows('BAD_USER_INPUT', /^dueAt:/));

    it('refuses a second request with the same requestId', () =>
      given(documentationRequestDecider, [opened()])
        .when(open())
        .thenThrows('PRECONDITION_FAILED', /requestId/));

    it('refuses a request about a patient-month with no submitted claim', () =>
      given(documentationRequestDecider)
        .when(open({}, staff, { claim: null }))
        .thenThrows('PRECONDITION_FAILED', /No claim was submitted/));

    it('refuses a request naming another payer than the claim was submitted to', () =>
      given(documentationRequestDecider)
        .when(open({ payerId: 'payer-y' }))
        .thenThrows('PRECONDITION_FAILED', /payerId/));

    it.each([
      ['staff recording a CDex Task', { channel: 'CDEX_TASK' as const }, staff, /^channel:/],
      ['a payer asking by mail', { channel: 'MAIL' as const }, payer, /^channel:/],
      ['a CDex channel without the Task', { channel: 'CDEX_TASK' as const }, payer, /^channel:/],
      ['no requested codes', { requestedCodes: [] }, staff, /^requestedCodes:/],
      ['a code that is not LOINC', { requestedCodes: ['ABC'] }, staff, /^requestedCodes:/],
      ['a repeated code', { requestedCodes: ['11506-3', '11506-3'] }, staff, /^requestedCodes:/],
      ['an empty tracking number', { trackingId: '' }, staff, /^trackingId:/],
      ['a tracking number with a line break', { trackingId: 'ADR\n1' }, staff, /^trackingId:/],
      ['a receipt in the future', { receivedAt: '2026-03-16T00:00:00.000Z' }, staff, /^receivedAt:/],
      ['a receipt that is not a date-time', { receivedAt: 'yesterday' }, staff, /^receivedAt:/],
      ['a due date before the receipt', { dueAt: '2026-03-01T00:00:00.000Z' }, staff, /^dueAt:/],
      ['a month that is not one', { month: '2026-13' }, staff, /^month:/],
      ['an unknown reviewer', { reviewer: 'OIG' as never }, staff, /^reviewer:/],
    ])('refuses %s', (_case, overrides, metadata, message) =>
      given(documentationRequestDecider).when(open(overrides, metadata)).thenThrows('BAD_USER_INPUT', message),
    );
  });

  describe('RespondToDocumentationRequest', () => {
    it('records the signed answer to an ADR, which the practice sends itself', () =>
      given(documentationRequestDecider, [opened()])
        .when(respond(null))
        .then([responded(null)]));

    it('refuses to answer an unknown request', () => given(documentationRequestDecider).when(respond(null)).thenThrows('NOT_FOUND'));

    it('refuses a second answer once the first was sent', () =>
      given(documentationRequestDecider, [opened(), responded(null)])
        .when(respond(null))
        .thenThrows('PRECONDITION_FAILED', /already answered/));

    it('answers a CDex request again after its delivery failed', () =>
      given(documentationRequestDecider, [opened({ cdex }), responded(cdex.payerUrl), deliveryFailed()])
        .when(respond(cdex.payerUrl, 'c'.repeat(64)))
        .then([responded(cdex.payerUrl, 'c'.repeat(64))]));

    it('refuses to answer a CDex request the payer already accepted', () =>
      given(documentationRequestDecider, [opened({ cdex }), responded(cdex.payerUrl), delivered()])
        .when(respond(cdex.payerUrl))
        .thenThrows('PRECONDITION_FAILED'));
  });

  describe('RecordDocumentationDelivery', () => {
    it('records the payer accepting the answer', () =>
      given(documentationRequestDecider, [opened({ cdex }), responded(cdex.payerUrl)])
        .when(delivery(null))
        .then([delivered()]));

    it('records a failed delivery with the last status and the attempts', () =>
      given(documentationRequestDecider, [opened({ cdex }), responded(cdex.payerUrl)])
        .when(delivery('HTTP 503'))
        .then([deliveryFailed()]));

    it('ignores the outcome of an answer a later one replaced', () =>
      given(documentationRequestDecider, [opened({ cdex }), responded(cdex.payerUrl), deliveryFailed(), responded(cdex.payerUrl, 'c'.repeat(64))])
        .when(delivery(null))
        .thenNothingHappens());
  });
});

function delivered() {
  return {
    type: 'DocumentationDeliverySucceeded' as const,
    data: {
      requestId: 'req-1',
      practiceId: 'p1',
      documentSha256: 'a'.repeat(64),
      deliveredTo: cdex.payerUrl,
      deliveredAt: '2026-03-10T09:00:01.000Z',
      httpStatus: 200,
      attempts: 1,
    },
  };
}

function deliveryFailed() {
  return {
    type: 'DocumentationDeliveryFailed' as const,
    data: {
      requestId: 'req-1',
      practiceId: 'p1',
      documentSha256: 'a'.repeat(64),
      deliveredTo: cdex.payerUrl,
      failedAt: '2026-03-10T09:00:01.000Z',
      httpStatus: 503,
      reason: 'HTTP 503',
      attempts: 3,
    },
  };
}
