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

describe('security findings', () => {
  let app: TestApp;
  let a: SeededPractice;
  let b: SeededPractice;
  let p: string;

  beforeAll(async () => {
    app = await startTestApp('sqlite', { clock: CARE_RECORD_CLOCK, env: { LOG_LEVEL: 'warn', HTTP_REQUEST_TIMEOUT_MS: '1000', HTTP_HEADERS_TIMEOUT_MS: '1000' } });
    a = await seedPractice(app);
    b = await seedPractice(app);
    p = await claimReadyPatient(app, a);
  }, 120_000);
  afterAll(() => app?.close());

  describe('item 7: automatic persisted queries', () => {
    const persisted = (query: string | undefined, token?: string) =>
      fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query ?? '{ me { id } }').digest('hex') } } }),
      });

    it('a hash-only request is BAD_USER_INPUT (never a 500), with or without a token, and logs no error', async () => {
      for (const token of [a.tokens.admin, undefined]) {
        const response = await persisted(undefined, token);
        const body = await response.json();
        expect(response.status).toBeLessThan(500);
        expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      }
      expect(app.logs.join('')).not.toMatch(/"level":50/);
    });

    it("a query one practice sent with its hash is not cached for another: the other's hash-only request is answered like any", async () => {
      const query = '{ practice { id name } }';
      const first = await (await persisted(query, a.tokens.admin)).json();
      expect(first.errors?.[0]?.extensions?.code ?? 'OK').toBe('BAD_USER_INPUT');
      const hashOnly = await (await persisted(undefined, b.tokens.admin)).json();
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
      const answer = await stall(`POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: Bearer ${a.tokens.admin}\r\nContent-Length: 100000\r\n\r\n{"query":`);
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
      await mutate(app, `mutation($input: CloseBillingMonthInput!) { closeBillingMonth(input: $input) { closed } }`, { commandId: randomUUID(), month }, a.tokens.billing);
      for (const { patientId, payerId } of patients) {
        await mutate(app, `mutation($input: SubmitClaimInput!) { submitClaim(input: $input) { status } }`, { commandId: randomUUID(), patientId, month, payerId }, a.tokens.billing);
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
