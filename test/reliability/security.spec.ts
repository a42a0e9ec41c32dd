/**
 * What an attacker found (issue #22), one block per finding: each asserts what the attacker now gets instead.
 * The graphql-ws findings are in graphql-ws-sessions.spec.ts, token lifetime and secrets in token-lifetime.spec.ts.
 */
import { createHash, randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { csvField } from '../../src/billing/export/claims-csv';
import { CARE_RECORD_CLOCK, mutate, seedPractice, type SeededPractice } from '../support/care-record-fixtures';
import { outcome, startTestApp, type TestApp } from '../support/app-harness';
import { claimReadyPatient } from '../support/reliability-matrix';
import { isAccessLogStream } from '../../src/audit/access-log/access-log.events';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '../../src/event-store/event-store.port';
import { ACCESS_LOG, settleAccessLog } from '../support/audit-fixtures';
import { BILLING_PROGRESS, nextResult, subscriptionClient } from '../support/billing-fixtures';
import { callInput, LOG_CALL } from '../support/care-record-fixtures';

describe('security findings', () => {
  let app: TestApp;
  let a: SeededPractice;
  let b: SeededPractice;
  let p: string;

  beforeAll(async () => {
    app = await startTestApp('sqlite', {
      clock: CARE_RECORD_CLOCK,
      env: { LOG_LEVEL: 'warn', HTTP_REQUEST_TIMEOUT_MS: '1000', HTTP_HEADERS_TIMEOUT_MS: '1000' },
    });
    a = await seedPractice(app);
    b = await seedPractice(app);
    p = await claimReadyPatient(app, a);
  }, 120_000);
  afterAll(() => app?.close());

  /** Access events appended after `run` (flushed first), with the practice whose log holds each. */
  async function accessEventsDuring(run: () => Promise<unknown>): Promise<(RecordedEvent & { practice: string })[]> {
    const store = app.app.get<EventStore>(EVENT_STORE);
    await settleAccessLog(app);
    const head = (await store.readAll({ direction: 'backwards', maxCount: 1 }))[0]?.position;
    await run();
    await settleAccessLog(app);
    const events = await store.readAll({ fromPosition: head ?? 'start' });
    return events
      .filter((event) => event.position !== head && isAccessLogStream(event.streamId))
      .map((event) => ({ ...event, practice: String(event.metadata.practiceId) }));
  }
  const accessLogOf = async (token: string, patientId: string) => (await app.gql(ACCESS_LOG, { patientId, first: 500 }, token)).data?.accessLog;

  describe("item 1: another practice's access log", () => {
    it("a read naming another practice's patient is filed in the reader's own log, never in the owner's", async () => {
      const events = await accessEventsDuring(() => app.gql(ACCESS_LOG, { patientId: p }, b.tokens.compliance));
      expect(events.map((event) => [event.practice, event.data])).toEqual([[b.practiceId, { operation: 'accessLog', patientIds: [p] }]]);
    });

    it("what B's log answers about A's patient is what it answers about an id that exists nowhere", async () => {
      const unknown = randomUUID();
      const theirPatient = await claimReadyPatient(app, a);
      for (let round = 0; round < 2; round++) {
        const theirs = await accessLogOf(b.tokens.compliance, theirPatient);
        const nobodys = await accessLogOf(b.tokens.compliance, unknown);
        expect(theirs.totalCount).toBe(nobodys.totalCount);
        await settleAccessLog(app);
      }
    });

    it.each([
      ['accessLog', `query($id: ID) { accessLog(patientId: $id) { totalCount } }`],
      ['patient', `query($id: ID!) { patient(id: $id) { id } }`],
      ['patientAsOf', `query($id: ID!) { patientAsOf(id: $id, at: "2026-03-31T00:00:00Z") { id } }`],
      ['auditTrail', `query($id: ID!) { auditTrail(patientId: $id) { totalCount } }`],
      ['verifyAuditTrail', `query($id: ID!) { verifyAuditTrail(patientId: $id) { valid } }`],
      ['patientBillingMonth', `query($id: ID!) { patientBillingMonth(patientId: $id, month: "2026-03") { status } }`],
      ['evidencePacket', `query($id: ID!) { evidencePacket(patientId: $id, month: "2026-03") { patientId } }`],
    ])('%s refuses a patient id that is not a UUID (a 990 KB one too) with BAD_USER_INPUT, and logs nothing', async (_label, document) => {
      for (const id of ['x'.repeat(990_000), "1' OR '1'='1", `${p}x`]) {
        let response: Awaited<ReturnType<TestApp['gql']>> | undefined;
        const events = await accessEventsDuring(async () => (response = await app.gql(document, { id }, a.tokens.admin)));
        const argument = document.includes('patientId:') ? 'patientId' : 'id';
        expect(response!.errors?.[0]).toMatchObject({ message: `${argument} must be a UUID`, extensions: { code: 'BAD_USER_INPUT' } });
        expect(JSON.stringify(response)).not.toContain('xxxxxxxx');
        expect(events).toEqual([]);
      }
    });

    it('the HTTP routes refuse a patient id that is not a UUID with 400 {code, message}', async () => {
      for (const path of ['/exports/audit/not-a-uuid.ndjson', '/exports/evidence/not-a-uuid/2026-03.pdf']) {
        const response = await fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${a.tokens.admin}` } });
        expect([path, response.status, await response.json()]).toEqual([path, 400, { code: 'BAD_USER_INPUT', message: 'patientId must be a UUID' }]);
      }
    });
  });

  describe('item 2: every response carrying patient data is a read', () => {
    it('a billingProgress subscription is logged when it starts: who, which patient, which operation, in their practice', async () => {
      const client = subscriptionClient(app, a.tokens.nurse);
      const events = await accessEventsDuring(async () => {
        const iterator = client.iterate({ query: BILLING_PROGRESS, variables: { patientId: p, month: '2026-03' } });
        await nextResult(iterator);
        await iterator.return?.();
      });
      await client.dispose();
      expect(events.map((event) => [event.practice, event.metadata.actorId, event.data])).toEqual([
        [a.practiceId, 'rn-b', { operation: 'billingProgress', patientIds: [p] }],
      ]);
    });

    it('a mutation replayed with its commandId answers the record and is logged like the first time', async () => {
      const input = callInput(p, { minutes: 3 });
      const first = await accessEventsDuring(() => mutate(app, LOG_CALL, input, a.tokens.nurse));
      const replay = await accessEventsDuring(() => mutate(app, LOG_CALL, input, a.tokens.nurse));
      for (const events of [first, replay])
        expect(events.map((event) => [event.practice, event.metadata.actorId, event.data])).toEqual([
          [a.practiceId, 'rn-b', { operation: 'logCall', patientIds: [p] }],
        ]);
    });

    it('a refused mutation or subscription logs nothing', async () => {
      const events = await accessEventsDuring(async () => {
        expect(outcome(await app.gql(LOG_CALL, { input: callInput(p) }, b.tokens.nurse))).toBe('NOT_FOUND');
        const client = subscriptionClient(app, b.tokens.nurse);
        const iterator = client.iterate({ query: BILLING_PROGRESS, variables: { patientId: p, month: '2026-03' } });
        expect((await nextResult(iterator)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
        await client.dispose();
      });
      expect(events).toEqual([]);
    });
  });

  describe("item 6: another practice's patient is answered from the read model, its stream never read", () => {
    /** The patient streams the store was asked to read while `run` ran. */
    async function streamsReadDuring(run: () => Promise<unknown>): Promise<string[]> {
      const store = app.app.get<EventStore>(EVENT_STORE);
      const reads = jest.spyOn(store, 'readStream');
      try {
        await run();
        return reads.mock.calls.map(([stream]) => stream).filter((stream) => stream.startsWith('patient-'));
      } finally {
        reads.mockRestore();
      }
    }
    const answerOf = async (request: () => Promise<unknown>) => JSON.stringify(await request());
    const gqlAnswer = (document: string, id: string) => async () => {
      const { errors, data } = await app.gql(document, { id }, b.tokens.admin);
      return { errors: errors?.map(({ message, extensions }) => ({ message, code: extensions?.code })), data };
    };
    const exportAnswer = (id: string) => async () => {
      const response = await fetch(`${app.url}/exports/audit/${id}.ndjson`, { headers: { authorization: `Bearer ${b.tokens.admin}` } });
      return [response.status, await response.json()];
    };

    it.each([
      ['verifyAuditTrail', gqlAnswer.bind(null, `query($id: ID!) { verifyAuditTrail(patientId: $id) { valid } }`)],
      ['patientAsOf', gqlAnswer.bind(null, `query($id: ID!) { patientAsOf(id: $id, at: "2026-03-31T00:00:00Z") { id } }`)],
      ['evidencePacket', gqlAnswer.bind(null, `query($id: ID!) { evidencePacket(patientId: $id, month: "2026-03") { patientId } }`)],
      ['the audit export', exportAnswer],
    ])("%s: A's patient is answered as an id that exists nowhere, without reading A's stream or logging a read", async (_label, request) => {
      const unknown = randomUUID();
      let theirs = '';
      let nobodys = '';
      const events = await accessEventsDuring(async () => {
        expect(await streamsReadDuring(async () => (theirs = await answerOf(request(p))))).toEqual([]);
        nobodys = await answerOf(request(unknown));
      });
      expect(theirs).toBe(nobodys.split(unknown).join(p));
      expect(theirs).toMatch(/NOT_FOUND|null/);
      expect(events.filter((event) => event.practice === a.practiceId)).toEqual([]);
    });

    it("the owner's own read still reads the log itself", async () => {
      const streams = await streamsReadDuring(() => app.gql(`query($id: ID!) { verifyAuditTrail(patientId: $id) { valid } }`, { id: p }, a.tokens.admin));
      expect(streams).toContain(`patient-${p}`);
    });
  });

  describe('item 7: automatic persisted queries', () => {
    const persisted = (query: string | undefined, token?: string) =>
      fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({
          query,
          extensions: {
            persistedQuery: {
              version: 1,
              sha256Hash: createHash('sha256')
                .update(query ?? '{ me { id } }')
                .digest('hex'),
            },
          },
        }),
      });

    it('a hash-only request is BAD_USER_INPUT (never a 500), with or without a token, and logs no error', async () => {
      for (const token of [a.tokens.admin, undefined]) {
        const response = await persisted(undefined, token);
        const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
        expect(response.status).toBeLessThan(500);
        expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      }
      expect(app.logs.join('')).not.toMatch(/"level":50/);
    });

    it("a query one practice sent with its hash is not cached for another: the other's hash-only request is answered like any", async () => {
      const query = '{ practice { id name } }';
      const first = (await (await persisted(query, a.tokens.admin)).json()) as { errors?: { extensions: { code: string } }[] };
      expect(first.errors?.[0]?.extensions?.code ?? 'OK').toBe('BAD_USER_INPUT');
      const hashOnly = (await (await persisted(undefined, b.tokens.admin)).json()) as { errors: { extensions: { code: string } }[] };
      expect(hashOnly.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    });
  });

  describe('item 10: slow request bodies', () => {
    /** Opens a connection, sends the headers and part of the body, and resolves with what the server answered. */
    const stall = (headers: string) =>
      new Promise<string>((resolve, reject) => {
        const { port, hostname } = new URL(app.url);
        const socket = connect(Number(port), hostname, () => socket.write(headers));
        let answer = '';
        socket.on('data', (chunk) => (answer += String(chunk)));
        socket.on('close', () => resolve(answer));
        socket.on('error', reject);
      });

    it('a body that never completes is answered 408 and its connection closed (HTTP_REQUEST_TIMEOUT_MS)', async () => {
      const answer = await stall(
        `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: Bearer ${a.tokens.admin}\r\nContent-Length: 100000\r\n\r\n{"query":`,
      );
      expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
    }, 30_000);

    it('headers that never complete are answered 408 and the connection closed (HTTP_HEADERS_TIMEOUT_MS)', async () => {
      const answer = await stall('GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ');
      expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
    }, 30_000);

    it('the server still answers others', async () => {
      expect(outcome(await app.gql('{ me { id } }', {}, a.tokens.admin))).toBe('OK');
    });
  });

  describe('item 9: formulas in the claims CSV', () => {
    // Payer ids the API accepts (letters, digits, . _ : @ | -) that a spreadsheet would run as a formula.
    const formulaPayers = ['-A1', '@A1', '-1-1'];

    it('payer ids such as -A1 or @A1 are written as text, never as formulas', async () => {
      const month = '2026-03';
      const patients = [];
      for (const payerId of formulaPayers) patients.push({ payerId, patientId: await claimReadyPatient(app, a, payerId) });
      await mutate(
        app,
        `mutation($input: CloseBillingMonthInput!) { closeBillingMonth(input: $input) { closed } }`,
        { commandId: randomUUID(), month },
        a.tokens.billing,
      );
      for (const { patientId, payerId } of patients) {
        await mutate(
          app,
          `mutation($input: SubmitClaimInput!) { submitClaim(input: $input) { status } }`,
          { commandId: randomUUID(), patientId, month, payerId },
          a.tokens.billing,
        );
      }
      const csv = await (await fetch(`${app.url}/exports/claims/${month}.csv`, { headers: { authorization: `Bearer ${a.tokens.billing}` } })).text();
      const lines = csv.split('\r\n');
      for (const { patientId, payerId } of patients) expect(lines.find((line) => line.startsWith(patientId))).toContain(`,"'${payerId}",`);
      expect(lines.flatMap((line) => line.split(',')).filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
    });

    it.each([
      ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
      ['+1', `"'+1"`],
      ['\t=1', `"'\t=1"`],
      ['\r=1', `"'\r=1"`],
      ['12-3456789', '12-3456789'],
    ])('the CSV writes %j as %j', (value, expected) => expect(csvField(value)).toBe(expected));
  });
});
