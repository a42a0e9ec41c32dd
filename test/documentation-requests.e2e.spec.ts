/**
 * Payers' documentation requests over HTTP: a practice's March 2026 documented, closed and claimed to payer-1; then
 * an esMD ADR typed in by billing staff, a payer's portal request, and a Da Vinci CDex attachment request posted as a
 * Task, each answered with the month's signed FHIR document. A loopback payer endpoint (PAYER_ENDPOINTS) receives
 * the CDex `$submit-attachment`; the delivered document and the Task are checked with Medplum's validator, HL7's R4
 * JSON schema and an independent JWS verification. The app's clock reads 10 April 2026, 10:00 in New York.
 */
import { randomUUID } from 'node:crypto';
import { ADAPTERS, newCommandId, outcome, startTestApp, type TestApp } from './support/app-harness';
import { EVENT_STORE, type EventStore } from '../src/event-store/event-store.port';
import { LEDGER_HEADS_STREAM } from '../src/ledger/heads/ledger-head.events';
import { CLOSE_BILLING_MONTH, documentedPatient, logCall, PAYER_ID, SUBMIT_CLAIM } from './support/billing-fixtures';
import { mutate, seedPractice, testMedicareId, type SeededPractice } from './support/care-record-fixtures';
import { download } from './support/evidence-fixtures';
import { flattened, pdfText } from './support/evidence-pdf';
import { resourcesOf } from './support/evidence-fhir';
import { verifyBundleSignature } from './support/fhir-signature';
import { entryTypes, medplumProblems, r4SchemaProblems } from './support/fhir-validators';
import { cdexTask } from './support/cdex-fixtures';
import { startLoopbackPayer, type LoopbackPayer } from './support/loopback-payer';

const NOW = new Date('2026-04-10T14:00:00Z');
const MARCH = '2026-03';
const REQUEST_FIELDS = `id trackingId payerId patientId month channel requestedCodes receivedAt dueAt status overdue daysLeft respondedAt
  response { fhirDocument pdfUrl deliveredTo deliveredAt deliveryFailure }`;
const OPEN = `mutation($input: OpenDocumentationRequestInput!) { openDocumentationRequest(input: $input) { ${REQUEST_FIELDS} } }`;
const RESPOND = `mutation($input: RespondToDocumentationRequestInput!) { respondToDocumentationRequest(input: $input) { ${REQUEST_FIELDS} } }`;
const LIST = `query($filter: DocumentationRequestFilter, $first: Int, $after: String) {
  documentationRequests(filter: $filter, first: $first, after: $after) { totalCount edges { node { ${REQUEST_FIELDS} } } pageInfo { hasNextPage endCursor } } }`;
const ONE = `query($id: ID!) { documentationRequest(id: $id) { ${REQUEST_FIELDS} } }`;
const FHIR_DOCUMENT = `query($patientId: ID!, $month: YearMonth!) { evidencePacket(patientId: $patientId, month: $month) { fhirDocument } }`;

type Json = Record<string, any>;

describe.each(ADAPTERS)('payers’ documentation requests on %s', (adapter) => {
  let app: TestApp;
  let payer: LoopbackPayer;
  let practice: SeededPractice;
  /** Claimed to payer-1 in March. */
  let claimed: string;
  let alsoClaimed: string;
  /** Documented in March, never claimed. */
  let unclaimed: string;
  let otherPayer: string;

  const gql = (query: string, variables: Json, token: string) => app.gql(query, variables, token);
  const open = (input: Json, token = practice.tokens.billing) =>
    gql(OPEN, { input: { commandId: newCommandId(), requestId: randomUUID(), month: MARCH, payerId: PAYER_ID, requestedCodes: ['11506-3'], ...input } }, token);
  const fhir = async (method: 'GET' | 'POST', path: string, token?: string, body?: unknown) => {
    const response = await fetch(`${app.url}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/fhir+json' }) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      location: response.headers.get('location'),
      body: (await response.json()) as Json,
    };
  };
  const count = async (token: string) => (await gql(LIST, {}, token)).data!.documentationRequests.totalCount as number;

  beforeAll(async () => {
    // Loading the validators blocks for seconds: done before the app listens, so no request waits on it.
    medplumProblems({ resourceType: 'Bundle', type: 'document' });
    r4SchemaProblems({ resourceType: 'Bundle', type: 'document' });
    payer = await startLoopbackPayer();
    app = await startTestApp(adapter, {
      clock: { now: () => NOW },
      env: { PAYER_ENDPOINTS: `${PAYER_ID}=${payer.baseUrl}`, PAYER_DELIVERY_ATTEMPTS: '2', PAYER_DELIVERY_TIMEOUT_MS: '2000' },
    });
    practice = await seedPractice(app);
    claimed = await documentedPatient(app, practice);
    await logCall(app, practice, claimed, { minutes: 25 });
    alsoClaimed = await documentedPatient(app, practice);
    await logCall(app, practice, alsoClaimed, { minutes: 30 });
    unclaimed = await documentedPatient(app, practice);
    await logCall(app, practice, unclaimed, { minutes: 25 });
    const { billing } = practice.tokens;
    await mutate(app, CLOSE_BILLING_MONTH, { commandId: newCommandId(), month: MARCH }, billing);
    for (const patientId of [claimed, alsoClaimed])
      await mutate(app, SUBMIT_CLAIM, { commandId: newCommandId(), patientId, month: MARCH, payerId: PAYER_ID }, billing);
    otherPayer = await app.token({ sub: 'payer-user-2', roles: ['PAYER'], payerId: 'payer-2' });
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await payer?.close();
  });

  describe('requests typed in by billing staff', () => {
    it('an esMD ADR from a MAC is due 45 days after receipt, with the days left counted in New York', async () => {
      const response = await open({ patientId: claimed, trackingId: 'ESMD-2026-0001', channel: 'ESMD', receivedAt: '2026-04-08T15:00:00Z' });
      expect(response.errors).toBeUndefined();
      expect(response.data!.openDocumentationRequest).toMatchObject({
        channel: 'ESMD',
        status: 'OPEN',
        dueAt: '2026-05-23T15:00:00.000Z',
        daysLeft: 43,
        overdue: false,
        respondedAt: null,
        response: null,
        patientId: claimed,
      });
    });

    it('a UPIC request is due 30 days after receipt; a due date the letter states is kept', async () => {
      const upic = await open({ patientId: alsoClaimed, trackingId: 'UPIC-77', channel: 'MAIL', reviewer: 'UPIC', receivedAt: '2026-04-01T14:00:00Z' });
      expect(upic.data!.openDocumentationRequest).toMatchObject({ dueAt: '2026-05-01T14:00:00.000Z', daysLeft: 21 });
      const stated = await open({
        patientId: alsoClaimed,
        trackingId: 'FAX-9',
        channel: 'FAX',
        receivedAt: '2026-04-01T14:00:00Z',
        dueAt: '2026-04-20T21:00:00Z',
      });
      expect(stated.data!.openDocumentationRequest).toMatchObject({ dueAt: '2026-04-20T21:00:00.000Z', daysLeft: 10 });
    });

    it('an overdue request says so, and the overdue filter finds it', async () => {
      const late = await open({
        patientId: alsoClaimed,
        trackingId: 'ESMD-LATE',
        channel: 'ESMD',
        receivedAt: '2026-02-01T14:00:00Z',
        dueAt: '2026-04-09T14:00:00Z',
      });
      expect(late.data!.openDocumentationRequest).toMatchObject({ overdue: true, daysLeft: -1 });
      const overdue = (await gql(LIST, { filter: { overdue: true } }, practice.tokens.compliance)).data!.documentationRequests;
      expect(overdue.edges.map((edge: Json) => edge.node.trackingId)).toEqual(['ESMD-LATE']);
    });

    it('the billing month shows its open requests, due first, as a reason to act', async () => {
      const month = await gql(
        `{ billingMonth(month: "2026-03") { documentationRequestsOpen { trackingId dueAt daysLeft overdue status } } }`,
        {},
        practice.tokens.billing,
      );
      const open = month.data!.billingMonth.documentationRequestsOpen;
      expect(open.map((request: Json) => request.trackingId)).toEqual(['ESMD-LATE', 'FAX-9', 'UPIC-77', 'ESMD-2026-0001']);
      expect(open[0]).toMatchObject({ overdue: true, status: 'OPEN' });
    });

    it('refuses, storing nothing: no claim for the month, another payer, a code that is not LOINC, a future receipt, a CDex channel, a used requestId, care staff', async () => {
      const before = await count(practice.tokens.billing);
      const requestId = randomUUID();
      await open({ requestId, patientId: claimed, trackingId: 'DUP', channel: 'FAX', receivedAt: '2026-04-09T14:00:00Z' });
      const refusals = [
        await open({ patientId: unclaimed, trackingId: 'X1', channel: 'ESMD', receivedAt: '2026-04-09T14:00:00Z' }),
        await open({ patientId: claimed, payerId: 'payer-2', trackingId: 'X2', channel: 'ESMD', receivedAt: '2026-04-09T14:00:00Z' }),
        await open({ patientId: claimed, trackingId: 'X3', channel: 'ESMD', requestedCodes: ['progress note'], receivedAt: '2026-04-09T14:00:00Z' }),
        await open({ patientId: claimed, trackingId: 'X4', channel: 'ESMD', receivedAt: '2026-04-11T14:00:00Z' }),
        await open({ patientId: claimed, trackingId: 'X5', channel: 'CDEX_TASK', receivedAt: '2026-04-09T14:00:00Z' }),
        await open({ requestId, patientId: claimed, trackingId: 'DUP', channel: 'MAIL', receivedAt: '2026-04-09T14:00:00Z' }),
        await open({ patientId: claimed, trackingId: 'X6', channel: 'ESMD', receivedAt: '2026-04-09T14:00:00Z' }, practice.tokens.nurse),
        await open({ patientId: claimed, trackingId: '', channel: 'ESMD', receivedAt: '2026-04-09T14:00:00Z' }),
      ];
      expect(refusals.map((response) => [outcome(response), response.errors?.[0]?.extensions?.reason ?? null])).toEqual([
        ['PRECONDITION_FAILED', 'CLAIM_NOT_SUBMITTED'],
        ['PRECONDITION_FAILED', 'PAYER_MISMATCH'],
        ['BAD_USER_INPUT', null],
        ['BAD_USER_INPUT', null],
        ['BAD_USER_INPUT', null],
        ['PRECONDITION_FAILED', 'DOCUMENTATION_REQUEST_ID_IN_USE'],
        ['FORBIDDEN', null],
        ['BAD_USER_INPUT', null],
      ]);
      expect(await count(practice.tokens.billing)).toBe(before + 1);
    });
  });

  describe('what payers see', () => {
    it('a payer opens a portal request about a claim submitted to it; about anything else it is FORBIDDEN with one message', async () => {
      const own = await open({ patientId: alsoClaimed, trackingId: 'PORTAL-1', channel: 'PORTAL', receivedAt: '2026-04-10T13:00:00Z' }, practice.tokens.payer);
      expect(own.data!.openDocumentationRequest).toMatchObject({ channel: 'PORTAL', status: 'OPEN' });
      const refused = [
        await open({ patientId: unclaimed, trackingId: 'PORTAL-2', channel: 'PORTAL', receivedAt: '2026-04-10T13:00:00Z' }, practice.tokens.payer),
        await open({ patientId: randomUUID(), trackingId: 'PORTAL-3', channel: 'PORTAL', receivedAt: '2026-04-10T13:00:00Z' }, practice.tokens.payer),
        await open({ patientId: claimed, payerId: 'payer-2', trackingId: 'PORTAL-4', channel: 'PORTAL', receivedAt: '2026-04-10T13:00:00Z' }, otherPayer),
      ];
      expect(refused.map((response) => [outcome(response), response.errors?.[0]?.message])).toEqual(
        Array(3).fill(['FORBIDDEN', 'Evidence is available to a payer only for claims submitted to it']),
      );
    });

    it('a payer lists only its own requests; another payer sees none of them', async () => {
      const mine = (await gql(LIST, {}, practice.tokens.payer)).data!.documentationRequests;
      expect(mine.totalCount).toBeGreaterThan(0);
      expect(new Set(mine.edges.map((edge: Json) => edge.node.payerId))).toEqual(new Set([PAYER_ID]));
      expect((await gql(LIST, {}, otherPayer)).data!.documentationRequests.totalCount).toBe(0);
      const id = mine.edges[0].node.id;
      expect((await gql(ONE, { id }, otherPayer)).data!.documentationRequest).toBeNull();
      expect((await gql(ONE, { id }, practice.tokens.payer)).data!.documentationRequest.id).toBe(id);
    });
  });

  describe('answering an ADR', () => {
    it('signs the month’s FHIR document, records it and marks the request RESPONDED; the same commandId returns the same answer', async () => {
      const opened = (await open({ patientId: claimed, trackingId: 'ESMD-ANSWER', channel: 'ESMD', receivedAt: '2026-04-09T14:00:00Z' })).data!
        .openDocumentationRequest;
      const input = { commandId: newCommandId(), requestId: opened.id };
      const answered = await gql(RESPOND, { input }, practice.tokens.billing);
      expect(answered.errors).toBeUndefined();
      const request = answered.data!.respondToDocumentationRequest;
      expect(request).toMatchObject({
        status: 'RESPONDED',
        respondedAt: '2026-04-10T14:00:00.000Z',
        response: { deliveredTo: null, deliveredAt: null, deliveryFailure: null },
      });
      const document = JSON.parse(request.response.fhirDocument);
      expect(document).toMatchObject({ resourceType: 'Bundle', type: 'document' });
      expect(await verifyBundleSignature(document)).toMatchObject({ valid: true });
      expect(medplumProblems(document, entryTypes(document))).toEqual([]);
      expect(r4SchemaProblems(document)).toEqual([]);
      const pdf = await download(app, request.response.pdfUrl, practice.tokens.billing);
      expect([pdf.status, pdf.type]).toEqual([200, 'application/pdf']);
      const cover = await pdfText(pdf.body, { first: 1, last: 1 });
      expect(cover).toContain('Tracking number: ESMD-ANSWER');
      expect(flattened(cover)).toContain(flattened('Due date: 2026-05-24 10:00 EDT'));
      expect(flattened(await pdfText(pdf.body))).toContain('Electronicallysignedby');
      expect((await download(app, request.response.pdfUrl, otherPayer)).status).toBe(404);

      // The answer is provable beyond the operator: the packet it was made from carries a signed ledger head and an
      // inclusion proof per cited event, and a head is signed right after the answer is recorded.
      const store = app.app.get<EventStore>(EVENT_STORE);
      const responded = (await store.readAll({ direction: 'backwards', maxCount: 200 })).find(
        (event) => event.type === 'DocumentationRequestResponded' && event.data.requestId === opened.id,
      )!;
      const packet = JSON.parse((responded.data as { packet: { json: string } }).packet.json) as {
        ledger: { head: { treeSize: string }; proofs: { eventId: string; path: string[] }[] };
      };
      expect(packet.ledger.proofs.length).toBeGreaterThan(0);
      expect(Number(packet.ledger.head.treeSize)).toBeGreaterThan(0);
      const headAfterAnswer = async () =>
        (await store.readStream(LEDGER_HEADS_STREAM)).some((head) => head.data.occasion === 'DOCUMENTATION_RESPONSE' && head.position > responded.position);
      for (let attempt = 0; attempt < 100 && !(await headAfterAnswer()); attempt++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await headAfterAnswer()).toBe(true);

      const replay = (await gql(RESPOND, { input }, practice.tokens.billing)).data!.respondToDocumentationRequest;
      expect(replay.response.fhirDocument).toBe(request.response.fhirDocument);
      const again = await gql(RESPOND, { input: { commandId: newCommandId(), requestId: opened.id } }, practice.tokens.billing);
      expect([outcome(again), again.errors?.[0]?.extensions?.reason]).toEqual(['PRECONDITION_FAILED', 'DOCUMENTATION_REQUEST_ANSWERED']);
    });

    it('is refused for a request of another practice (NOT_FOUND), for a payer and for care staff (FORBIDDEN)', async () => {
      const other = await seedPractice(app);
      const opened = (await open({ patientId: claimed, trackingId: 'ESMD-OTHER', channel: 'ESMD', receivedAt: '2026-04-09T14:00:00Z' })).data!
        .openDocumentationRequest;
      const input = { commandId: newCommandId(), requestId: opened.id };
      expect(outcome(await gql(RESPOND, { input }, other.tokens.billing))).toBe('NOT_FOUND');
      expect(outcome(await gql(RESPOND, { input }, practice.tokens.payer))).toBe('FORBIDDEN');
      expect(outcome(await gql(RESPOND, { input }, practice.tokens.nurse))).toBe('FORBIDDEN');
      expect((await gql(ONE, { id: opened.id }, practice.tokens.billing)).data!.documentationRequest.status).toBe('OPEN');
    });
  });

  describe('a Da Vinci CDex attachment request', () => {
    let taskId: string;
    const memberOf = (patientId: string) => testMedicareId(patientId);

    it('POST /fhir/Task from the payer: 201 with the Task as stored, matched to the claim by member and service date', async () => {
      const response = await fhir(
        'POST',
        '/fhir/Task',
        practice.tokens.payer,
        cdexTask({ trackingId: 'CDEX-1', memberId: memberOf(claimed), payerUrl: payer.baseUrl }),
      );
      expect(response.status).toBe(201);
      expect(response.type).toMatch(/^application\/fhir\+json/);
      expect(response.body).toMatchObject({ resourceType: 'Task', status: 'requested', identifier: [{ value: 'CDEX-1' }] });
      taskId = response.body.id;
      expect(response.location).toBe(`/fhir/Task/${taskId}`);
      expect(medplumProblems(response.body)).toEqual([]);
      expect(r4SchemaProblems(response.body)).toEqual([]);
      const listed = (await gql(ONE, { id: taskId }, practice.tokens.billing)).data!.documentationRequest;
      expect(listed).toMatchObject({
        channel: 'CDEX_TASK',
        trackingId: 'CDEX-1',
        patientId: claimed,
        requestedCodes: ['11506-3', '34133-9'],
        dueAt: '2026-05-10T03:59:59.000Z',
        status: 'OPEN',
      });
      // Posting the same Task again is the same request.
      const again = await fhir(
        'POST',
        '/fhir/Task',
        practice.tokens.payer,
        cdexTask({ trackingId: 'CDEX-1', memberId: memberOf(claimed), payerUrl: payer.baseUrl }),
      );
      expect([again.status, again.body.id]).toEqual([201, taskId]);
    });

    it('answers every bad request with an OperationOutcome: 400 malformed, 401, 403 not submitted to this payer (as for an unknown member), 403 staff, 422 PayerUrl not configured', async () => {
      const task = (overrides: Partial<Parameters<typeof cdexTask>[0]> = {}) =>
        cdexTask({ trackingId: `CDEX-BAD-${randomUUID()}`, memberId: memberOf(claimed), payerUrl: payer.baseUrl, ...overrides });
      const withoutDue = task();
      delete withoutDue.restriction;
      const cases = [
        await fhir('POST', '/fhir/Task', practice.tokens.payer, '{"resourceType": "Task",'),
        await fhir('POST', '/fhir/Task', practice.tokens.payer, { resourceType: 'Patient' }),
        await fhir('POST', '/fhir/Task', practice.tokens.payer, withoutDue),
        await fhir('POST', '/fhir/Task', practice.tokens.payer, task({ codes: [] })),
        await fhir('POST', '/fhir/Task', practice.tokens.payer, task({ memberId: 'not-an-mbi' })),
        await fhir('POST', '/fhir/Task', undefined, task()),
        await fhir('POST', '/fhir/Task', practice.tokens.payer, task({ memberId: memberOf(unclaimed) })),
        await fhir('POST', '/fhir/Task', practice.tokens.payer, task({ memberId: '1EG4TE5MK73' })),
        await fhir('POST', '/fhir/Task', practice.tokens.payer, task({ serviceDate: '2026-02-28' })),
        await fhir('POST', '/fhir/Task', practice.tokens.billing, task()),
        await fhir('POST', '/fhir/Task', practice.tokens.payer, task({ payerUrl: 'https://attacker.example/fhir' })),
        await fhir('POST', '/fhir/Task', otherPayer, task({ payerUrl: payer.baseUrl })),
      ];
      expect(cases.map((response) => [response.status, response.body.resourceType, response.body.issue?.[0]?.code])).toEqual([
        [400, 'OperationOutcome', 'invalid'],
        [400, 'OperationOutcome', 'invalid'],
        [400, 'OperationOutcome', 'invalid'],
        [400, 'OperationOutcome', 'invalid'],
        [400, 'OperationOutcome', 'invalid'],
        [401, 'OperationOutcome', 'login'],
        [403, 'OperationOutcome', 'forbidden'],
        [403, 'OperationOutcome', 'forbidden'],
        [403, 'OperationOutcome', 'forbidden'],
        [403, 'OperationOutcome', 'forbidden'],
        [422, 'OperationOutcome', 'business-rule'],
        [422, 'OperationOutcome', 'business-rule'],
      ]);
      // A claim not submitted to this payer and a member no one knows read the same.
      expect(new Set(cases.slice(6, 9).map((response) => JSON.stringify(response.body)))).toEqual(new Set([JSON.stringify(cases[6].body)]));
      for (const response of cases) expect(r4SchemaProblems(response.body)).toEqual([]);
      expect(payer.received).toEqual([]);
    });

    it('GET /fhir/Task/{id}: requested to its payer and the practice; another payer and an unknown id get 404', async () => {
      expect((await fhir('GET', `/fhir/Task/${taskId}`, practice.tokens.payer)).body.status).toBe('requested');
      expect((await fhir('GET', `/fhir/Task/${taskId}`, practice.tokens.billing)).body.status).toBe('requested');
      expect((await fhir('GET', `/fhir/Task/${taskId}`, otherPayer)).status).toBe(404);
      expect((await fhir('GET', `/fhir/Task/${randomUUID()}`, practice.tokens.payer)).status).toBe(404);
      expect((await fhir('GET', '/fhir/Task/not-a-uuid', practice.tokens.payer)).body.resourceType).toBe('OperationOutcome');
    });

    it('a failed delivery leaves the request open with the failure recorded; the Task is in progress', async () => {
      payer.answerWith(503);
      const response = await gql(RESPOND, { input: { commandId: newCommandId(), requestId: taskId } }, practice.tokens.billing);
      expect(response.errors).toBeUndefined();
      expect(response.data!.respondToDocumentationRequest).toMatchObject({
        status: 'OPEN',
        respondedAt: null,
        response: { deliveredTo: null, deliveredAt: null, deliveryFailure: expect.stringMatching(/HTTP 503 after 2 attempts$/) },
      });
      expect(payer.received).toHaveLength(2);
      expect((await fhir('GET', `/fhir/Task/${taskId}`, practice.tokens.payer)).body).toMatchObject({ status: 'in-progress' });
    });

    it('answering again delivers the $submit-attachment to the configured endpoint: the request is RESPONDED and the Task completed', async () => {
      payer.answerWith(200);
      payer.received.length = 0;
      const response = await gql(RESPOND, { input: { commandId: newCommandId(), requestId: taskId } }, practice.tokens.billing);
      const request = response.data!.respondToDocumentationRequest;
      expect(request).toMatchObject({
        status: 'RESPONDED',
        respondedAt: '2026-04-10T14:00:00.000Z',
        response: { deliveredTo: payer.baseUrl, deliveredAt: '2026-04-10T14:00:00.000Z', deliveryFailure: null },
      });

      expect(payer.received).toHaveLength(1);
      const [{ method, path, contentType, body: parameters }] = payer.received;
      expect([method, path, contentType]).toEqual(['POST', '/fhir/$submit-attachment', 'application/fhir+json']);
      expect(medplumProblems(parameters)).toEqual([]);
      expect(r4SchemaProblems(parameters)).toEqual([]);
      const named = (name: string) => parameters.parameter.filter((parameter: Json) => parameter.name === name);
      expect(named('TrackingId')[0].valueIdentifier.value).toBe('CDEX-1');
      expect(named('AttachTo')[0].valueCode).toBe('claim');
      expect(named('PayerId')[0].valueIdentifier.value).toBe(PAYER_ID);
      expect(named('OrganizationId')[0].valueIdentifier).toEqual({ system: 'http://hl7.org/fhir/sid/us-npi', value: '1234567893' });
      expect(named('ProviderId')[0].valueIdentifier).toEqual({ system: 'http://hl7.org/fhir/sid/us-npi', value: '1234567893' });
      expect(named('MemberId')[0].valueIdentifier.value).toBe(memberOf(claimed));
      expect(named('ServiceDate')[0].valueDate).toBe('2026-03-31');
      const attachments = named('Attachment');
      expect(attachments.map((attachment: Json) => attachment.part[0].valueCodeableConcept.coding[0].code)).toEqual(['11506-3', '34133-9']);
      const reference = attachments[0].part[1].resource;
      expect(reference).toMatchObject({
        resourceType: 'DocumentReference',
        status: 'current',
        content: [{ attachment: { contentType: 'application/fhir+json' } }],
      });
      const delivered = Buffer.from(reference.content[0].attachment.data, 'base64').toString('utf8');
      expect(delivered).toBe(request.response.fhirDocument);
      const document = JSON.parse(delivered);
      expect(await verifyBundleSignature(document)).toMatchObject({ valid: true });
      expect(resourcesOf(document, 'Patient')[0].identifier).toEqual(expect.arrayContaining([expect.objectContaining({ value: memberOf(claimed) })]));

      const task = (await fhir('GET', `/fhir/Task/${taskId}`, practice.tokens.payer)).body;
      expect(task).toMatchObject({
        status: 'completed',
        output: [{ valueAttachment: { contentType: 'application/fhir+json', url: document.identifier.value } }],
      });
      expect(medplumProblems(task)).toEqual([]);
      expect(r4SchemaProblems(task)).toEqual([]);
    });
  });

  it('EvidencePacket.fhirDocument is the month’s signed FHIR document', async () => {
    const response = await gql(FHIR_DOCUMENT, { patientId: claimed, month: MARCH }, practice.tokens.payer);
    const document = JSON.parse(response.data!.evidencePacket.fhirDocument);
    expect(document.entry[0].resource.resourceType).toBe('Composition');
    expect(await verifyBundleSignature(document)).toMatchObject({ valid: true, header: { sigT: '2026-04-10T14:00:00.000Z' } });
  });
});
