/**
 * Limits and HTTP hardening: request body size, query depth, aliases, field count (complexity), document size,
 * fragment bombs, batching, the per-token rate limit (429, RATE_LIMITED), CORS closed by default, security headers
 * on every HTTP response, and production mode (introspection and the IDE off, schema details hidden, strict CSP,
 * the same limits over graphql-ws).
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { DEVELOPMENT_FHIR_CERTIFICATE_FILE_NAME, DEVELOPMENT_FHIR_KEY_FILE_NAME, loadFhirSigningKey } from '../../src/evidence/fhir/document/fhir-signing-key';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getIntrospectionQuery } from 'graphql';
import type { Client } from 'graphql-ws';
import { isAccessLogStream } from '../../src/audit/access-log/access-log.events';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { TokenBuckets } from '../../src/http/rate-limit';
import { outcome, startTestApp, type GraphQLResponse, type TestApp } from '../support/app-harness';
import { subscriptionClient } from '../support/billing-fixtures';
import { callInput, LOG_CALL } from '../support/care-record-fixtures';
import { tempDir } from '../support/event-store-fixtures';
import { seedSmallPractice, type SmallPractice } from '../support/reliability-fixtures';

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'cache-control': 'no-store',
};

async function post(app: TestApp, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

const errorCode = (json: any) => json?.errors?.[0]?.extensions?.code;
/** Valid queries 4 and 5 fields deep. */
const FOUR_DEEP = '{ patients { edges { node { id } } } }';
const FIVE_DEEP = '{ patients { edges { node { carePlan { version } } } } }';

function fragmentBomb(levels: number, root = 'Query', leaf = 'me { id }'): string {
  let document = `${root === 'Query' ? 'query' : 'subscription'} { ...F0 }\n`;
  for (let i = 0; i < levels; i++) document += `fragment F${i} on ${root} { ...F${i + 1} ...F${i + 1} }\n`;
  return `${document}fragment F${levels} on ${root} { ${leaf} }`;
}

describe('limits with the default settings', () => {
  let app: TestApp;
  let practice: SmallPractice;

  beforeAll(async () => {
    app = await startTestApp('sqlite', { env: { LOG_LEVEL: 'warn' } });
    practice = await seedSmallPractice(app.gql.bind(app), 1);
  }, 60_000);
  afterAll(() => app?.close());

  const store = () => app.app.get<EventStore>(EVENT_STORE);
  const commandEvents = async () => (await store().readAll()).filter((event) => !isAccessLogStream(event.streamId)).length;

  it('a body over HTTP_BODY_LIMIT_BYTES (1 MB) is 413 with a GraphQL error BAD_USER_INPUT, and nothing is written', async () => {
    const before = await commandEvents();
    const input = callInput(practice.patientIds[0], { summary: 'z'.repeat(1_100_000) });
    const response = await post(app, JSON.stringify({ query: LOG_CALL, variables: { input } }), { authorization: `Bearer ${practice.nurse}` });
    expect(response.status).toBe(413);
    expect(response.json).toEqual({ errors: [{ message: 'The request body is larger than 1000000 bytes', extensions: { code: 'BAD_USER_INPUT' } }] });
    expect(await commandEvents()).toBe(before);
  });

  it('a body that is not JSON is 400 with a fixed message that does not quote the body', async () => {
    const response = await post(app, '{"query": "Ramona Quintero-Vasquez 1948-05-02', { authorization: `Bearer ${practice.nurse}` });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({ errors: [{ message: 'The request body is not valid JSON', extensions: { code: 'BAD_USER_INPUT' } }] });
    expect(response.text).not.toMatch(/Ramona|1948/);
  });

  it('a batch of operations is refused (one request, one operation)', async () => {
    const response = await post(app, JSON.stringify([{ query: '{ me { id } }' }, { query: '{ me { id } }' }]), { authorization: `Bearer ${practice.nurse}` });
    expect(response.status).toBe(400);
    expect(errorCode(response.json)).toBe('BAD_USER_INPUT');
  });

  it('a fragment bomb (40 fragments, each spreading the next twice: 2^40 fields) is refused at once and the server stays responsive', async () => {
    const started = performance.now();
    const response = await app.gql(fragmentBomb(40), {}, practice.nurse);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(outcome(response)).toBe('BAD_USER_INPUT');
    expect(response.errors?.map((error) => error.message)).toContain('The query selects more than 1000 fields');
    expect((await fetch(`${app.url}/health`)).status).toBe(200);
  });

  it('a document of more than 20,000 tokens is refused while parsing', async () => {
    const response = await app.gql(`{ me { ${'id '.repeat(25_000)}} }`, {}, practice.nurse);
    expect(outcome(response)).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].message).toMatch(/more th.. 20000 tokens/);
  });

  it('more than 30 aliases are refused; 30 are served', async () => {
    const aliased = (count: number) => `{ ${Array.from({ length: count }, (_v, i) => `a${i}: me { id }`).join(' ')} }`;
    expect(outcome(await app.gql(aliased(30), {}, practice.nurse))).toBe('OK');
    const flooded = await app.gql(aliased(31), {}, practice.nurse);
    expect(outcome(flooded)).toBe('BAD_USER_INPUT');
    expect(flooded.errors?.map((error) => error.message)).toContain('The query uses more than 30 aliases');
  });

  describe('operation cost: list pages, whole-month reads and what-if evaluations count their rows (issue #22 item 5)', () => {
    const COSTLY = /^The query's estimated cost is more than 500000/;
    const WHAT_IF = `billingMonth(month: "2026-03", ruleYear: 2025) { month totalExpectedPaymentCents }`;
    const MONTH_ROWS = `billingMonth(month: "2026-03") { patients { patientId month program ruleYear clinicalStaffMinutes practitionerMinutes complex
      lines { cptCode units amountCents } expectedPaymentCents claimReady blockers warnings notes excludedTimeEntries { activityId reason minutes } } }`;
    /** Refused during validation: an answer without data was never executed. */
    const expectRefused = (response: GraphQLResponse) => {
      expect(outcome(response)).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0].message).toMatch(COSTLY);
      expect(response.data).toBeUndefined();
    };

    it('one what-if month read is served; 30 aliased ones (3.1 s over 2,000 patients before) are refused before running', async () => {
      expect(outcome(await app.gql(`{ ${WHAT_IF} }`, {}, practice.admin))).toBe('OK');
      expectRefused(await app.gql(`{ ${Array.from({ length: 30 }, (_v, i) => `m${i}: ${WHAT_IF}`).join(' ')} }`, {}, practice.admin));
    });

    it('one what-if per operation: a second is refused, though each alone is served', async () => {
      expectRefused(await app.gql(`{ a: ${WHAT_IF} b: billingMonth(month: "2026-02", ruleYear: 2026) { month } }`, {}, practice.admin));
    });

    it('a what-if with every patient row fits; whole-month reads cost their rows, so 30 aliased plain ones do not', async () => {
      expect(outcome(await app.gql(`{ ${WHAT_IF.replace('{ month', `{ patients { patientId claimReady } month`)} }`, {}, practice.admin))).toBe('OK');
      expect(outcome(await app.gql(`{ a: ${MONTH_ROWS} b: ${MONTH_ROWS} }`, {}, practice.admin))).toBe('OK');
      expectRefused(await app.gql(`{ ${Array.from({ length: 30 }, (_v, i) => `m${i}: ${MONTH_ROWS}`).join(' ')} }`, {}, practice.admin));
    });

    it("a page of the month's patients costs its literal first; a variable first is costed as the whole month", async () => {
      const paged = (first: string) =>
        `query${first === '$n' ? '($n: Int)' : ''} { ${Array.from({ length: 30 }, (_v, i) => `m${i}: ${MONTH_ROWS.replace('patients {', `patients(first: ${first}) {`)}`).join(' ')} }`;
      expect(outcome(await app.gql(paged('50'), {}, practice.admin))).toBe('OK');
      expectRefused(await app.gql(paged('$n'), { n: 1 }, practice.admin));
    });

    it('a list page costs its page size times its selection: the same aliased selection passes at first: 50 and is refused at 500', async () => {
      const fields =
        'id name birthDate medicareId payerId program enrolledOn qmb billingPractitionerId version conditions { icd10 description onset active } consent { given method givenAt }';
      const pages = (first: string) =>
        `query${first === '$n' ? '($n: Int)' : ''} { ${Array.from({ length: 30 }, (_v, i) => `p${i}: patients(first: ${first}) { edges { node { ${fields} } } }`).join(' ')} }`;
      expect(outcome(await app.gql(pages('50'), {}, practice.admin))).toBe('OK');
      expectRefused(await app.gql(pages('500'), {}, practice.admin));
      // A variable page size is costed at the largest page it may ask for, whatever the variables say.
      expectRefused(await app.gql(pages('$n'), { n: 1 }, practice.admin));
    });
  });

  it('every HTTP response carries the security headers and no X-Powered-By: GraphQL, errors, health, exports, unknown routes', async () => {
    const responses = [
      await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${practice.nurse}` },
        body: '{"query":"{ me { id } }"}',
      }),
      await fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ me { id } }"}' }),
      await fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' }),
      await fetch(`${app.url}/health`),
      await fetch(`${app.url}/exports/audit/${practice.patientIds[0]}.ndjson`, { headers: { authorization: `Bearer ${practice.compliance}` } }),
      await fetch(`${app.url}/exports/audit/${randomUUID()}.ndjson`),
      await fetch(`${app.url}/no-such-route`),
    ];
    for (const response of responses) {
      await response.arrayBuffer();
      for (const [name, value] of Object.entries(SECURITY_HEADERS))
        expect([response.url, name, response.headers.get(name)]).toEqual([response.url, name, value]);
      expect(response.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
      expect(response.headers.get('x-powered-by')).toBeNull();
    }
    expect(responses.map((response) => response.status)).toEqual([200, 200, 400, 200, 200, 401, 404]);
  });

  it('an unknown route answers 404 in the project shape {code, message}, without echoing the path', async () => {
    for (const [method, path] of [
      ['GET', '/no-such-route'],
      ['POST', '/exports/nothing/Ramona-1948'],
      ['DELETE', '/health'],
    ]) {
      const response = await fetch(`${app.url}${path}`, { method, headers: { authorization: `Bearer ${practice.nurse}` } });
      expect([method, path, response.status, await response.json()]).toEqual([method, path, 404, { code: 'NOT_FOUND', message: 'There is no such route' }]);
    }
  });

  it('CORS is closed by default: no origin is allowed, preflight or not', async () => {
    const preflight = await fetch(`${app.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const simple = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json', authorization: `Bearer ${practice.nurse}` },
      body: '{"query":"{ me { id } }"}',
    });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
    expect(simple.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('the rate limit is off by default outside production (a burst from one token is served)', async () => {
    const responses = await Promise.all(Array.from({ length: 50 }, () => app.gql('{ me { id } }', {}, practice.nurse)));
    expect(new Set(responses.map((response) => response.status))).toEqual(new Set([200]));
  });
});

describe('configured limits', () => {
  let app: TestApp;
  let practice: SmallPractice;

  beforeAll(async () => {
    app = await startTestApp('sqlite', {
      env: {
        LOG_LEVEL: 'warn',
        GRAPHQL_MAX_DEPTH: '4',
        GRAPHQL_MAX_FIELDS: '12',
        RATE_LIMIT_PER_MINUTE: '40',
        CORS_ORIGINS: 'https://app.careledger.example',
        HTTP_BODY_LIMIT_BYTES: '20000',
      },
    });
    practice = await seedSmallPractice(app.gql.bind(app), 0);
  }, 60_000);
  afterAll(() => app?.close());

  it('GRAPHQL_MAX_DEPTH: a query 4 fields deep is served, 5 deep is refused', async () => {
    const admin = await app.token({ sub: 'admin-2', roles: ['ADMIN'], practiceId: practice.practiceId });
    expect(outcome(await app.gql(FOUR_DEEP, {}, admin))).toBe('OK');
    const deep = await app.gql(FIVE_DEEP, {}, admin);
    expect(outcome(deep)).toBe('BAD_USER_INPUT');
    expect(deep.errors?.[0].message).toBe('The query is nested more than 4 levels deep');
  });

  it('GRAPHQL_MAX_FIELDS: 12 fields are served, 14 (a fragment of 7 spread twice) are refused', async () => {
    const admin = await app.token({ sub: 'admin-3', roles: ['ADMIN'], practiceId: practice.practiceId });
    const twelve = `{ __typename me { id roles practiceId payerId } practice { id name timeZone npi taxId } }`;
    expect(outcome(await app.gql(twelve, {}, admin))).toBe('OK');
    const thirteen = `query { ...A ...A } fragment A on Query { me { id roles practiceId payerId } practice { id } }`;
    const refused = await app.gql(thirteen, {}, admin);
    expect(outcome(refused)).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0].message).toBe('The query selects more than 12 fields');
  });

  it('HTTP_BODY_LIMIT_BYTES bounds the body', async () => {
    const response = await post(app, JSON.stringify({ query: `{ me { id } }`, variables: { pad: 'p'.repeat(20_000) } }), {
      authorization: `Bearer ${practice.nurse}`,
    });
    expect(response.status).toBe(413);
    expect(errorCode(response.json)).toBe('BAD_USER_INPUT');
  });

  it('RATE_LIMIT_PER_MINUTE: a token gets 40 requests, then 429 RATE_LIMITED with Retry-After; other callers are not affected', async () => {
    const token = await app.token({ sub: 'busy-1', roles: ['CARE_MANAGER'], practiceId: practice.practiceId });
    const sameSubOtherPractice = await app.token({ sub: 'busy-1', roles: ['CARE_MANAGER'], practiceId: 'another-practice' });
    const bystander = await app.token({ sub: 'calm-1', roles: ['CARE_MANAGER'], practiceId: practice.practiceId });
    // A token forged with the victim's subject lands in the bucket of its address, never in the victim's.
    const { signDevToken } = await import('../../src/auth/dev-token');
    const forged = await signDevToken({ sub: 'calm-1', roles: ['CARE_MANAGER'], practiceId: practice.practiceId }, 'another-secret-that-is-long-enough-too!!');

    const served = await Promise.all(Array.from({ length: 40 }, () => app.gql('{ me { id } }', {}, token)));
    expect(served.map((response) => response.status)).toEqual(served.map(() => 200));
    const limited = await post(app, '{"query":"{ me { id } }"}', { authorization: `Bearer ${token}` });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.json.errors[0].extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    expect(limited.json.errors[0].message).toMatch(/Too many requests: at most 40 a minute/);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(limited.headers.get(name)).toBe(value);
    // The export routes answer the same limit in their own shape.
    const exported = await fetch(`${app.url}/exports/audit/${randomUUID()}.ndjson`, { headers: { authorization: `Bearer ${token}` } });
    expect(exported.status).toBe(429);
    expect(await exported.json()).toMatchObject({ code: 'RATE_LIMITED' });

    await Promise.all(Array.from({ length: 45 }, () => app.gql('{ me { id } }', {}, forged)));
    expect(outcome(await app.gql('{ me { id } }', {}, bystander))).toBe('OK');
    expect(outcome(await app.gql('{ me { id } }', {}, sameSubOtherPractice))).toBe('OK');
    // Health probes are never limited.
    expect((await fetch(`${app.url}/health`)).status).toBe(200);
  });

  it('CORS_ORIGINS: the listed origin is allowed, any other is not', async () => {
    const preflight = (origin: string) =>
      fetch(`${app.url}/graphql`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
    const allowed = await preflight('https://app.careledger.example');
    expect(allowed.status).toBeLessThan(300);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.careledger.example');
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    expect((await preflight('null')).headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('token buckets', () => {
  it('spend up to the limit at once, refill evenly over a minute, and forget idle callers', () => {
    let now = 0;
    const buckets = new TokenBuckets(60, () => now);
    for (let i = 0; i < 60; i++) expect(buckets.take('a')).toEqual({ allowed: true });
    expect(buckets.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(buckets.take('b')).toEqual({ allowed: true });
    now += 1_000;
    expect(buckets.take('a')).toEqual({ allowed: true });
    expect(buckets.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now += 30_000;
    for (let i = 0; i < 30; i++) expect(buckets.take('a').allowed).toBe(true);
    expect(buckets.take('a').allowed).toBe(false);
    now += 120_000;
    buckets.take('c');
    expect(buckets.size).toBe(1);
  });
});

describe('production mode (NODE_ENV=production, real key material)', () => {
  let app: TestApp;
  let token: string;
  const clients: Client[] = [];

  const keyDir = tempDir('careledger-key-');
  beforeAll(async () => {
    // Production refuses to start without real key material: the JWT secret, and the evidence signing key.
    const keyFile = join(keyDir.path, 'evidence-signing-key.pem');
    writeFileSync(keyFile, generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    // And the FHIR document signing key with its certificate (made here the way a development start makes them).
    await loadFhirSigningKey({ dataDir: keyDir.path, production: false });
    const fhirKeys = {
      FHIR_SIGNING_KEY_FILE: join(keyDir.path, DEVELOPMENT_FHIR_KEY_FILE_NAME),
      FHIR_SIGNING_CERTIFICATE_FILE: join(keyDir.path, DEVELOPMENT_FHIR_CERTIFICATE_FILE_NAME),
    };
    app = await startTestApp('sqlite', { env: { NODE_ENV: 'production', LOG_LEVEL: 'warn', EVIDENCE_SIGNING_KEY_FILE: keyFile, ...fhirKeys } });
    token = await app.token({ sub: 'admin-1', roles: ['ADMIN'], practiceId: 'p-prod' });
  }, 60_000);
  afterAll(async () => {
    for (const client of clients) await client.dispose();
    await app?.close();
    keyDir.remove();
  });

  const wsResult = async (query: string) => {
    const client = subscriptionClient(app, token);
    clients.push(client);
    const iterator = client.iterate({ query });
    try {
      return await iterator.next();
    } catch (errors) {
      return { errors };
    }
  };

  it('the configuration is the production one', () => {
    expect(app.config).toMatchObject({ production: true, rateLimitPerMinute: 600, graphql: { introspection: false } });
  });

  it('introspection is refused (__schema and __type), __typename still works', async () => {
    for (const query of ['{ __schema { types { name } } }', '{ __type(name: "Patient") { fields { name } } }']) {
      const response = await app.gql(query, {}, token);
      expect(outcome(response)).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(response)).not.toMatch(/medicareId|PatientConnection/);
    }
    expect((await app.gql('{ __typename }', {}, token)).data).toEqual({ __typename: 'Query' });
  });

  it('no GraphQL IDE is served', async () => {
    const response = await fetch(`${app.url}/graphql`, { headers: { accept: 'text/html' } });
    const body = await response.text();
    expect(response.headers.get('content-type') ?? '').not.toMatch(/html/);
    expect(body).not.toMatch(/<html|graphiql/i);
  });

  it('a misspelt field is refused without suggesting the real ones', async () => {
    const response = await app.gql('{ patients { edges { node { nme medicareid } } } }', {}, token);
    expect(outcome(response)).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(response)).not.toMatch(/Did you mean|"name"|medicareId/);
  });

  it('a misspelt input field in variables is refused without suggesting the real one or echoing the input (#22 item 8)', async () => {
    const input = { ...callInput(randomUUID(), { summary: 'Ramona Quintero; reviewed her insulin; at "input.x"; plan' }), summry: 'typo' };
    const response = await app.gql(LOG_CALL, { input }, token);
    expect(outcome(response)).toBe('BAD_USER_INPUT');
    expect(response.errors![0].message).toMatch(/summry/);
    expect(JSON.stringify(response)).not.toMatch(/Did you mean|"summary"|Ramona|insulin/);
  });

  it('the content security policy forbids everything', async () => {
    const response = await fetch(`${app.url}/health`);
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
  });

  it('graphql-ws applies the same rules: no introspection, no queries or mutations, fragment bombs refused, parse errors answered', async () => {
    const codes = async (query: string) => {
      const result: any = await wsResult(query);
      const errors = Array.isArray(result.errors) ? result.errors : (result.value?.errors ?? []);
      return errors.map((error: { extensions?: { code?: string } }) => error.extensions?.code);
    };
    expect(await codes('subscription { __schema { types { name } } }')).toContain('BAD_USER_INPUT');
    expect(await codes('{ me { id } }')).toContain('BAD_USER_INPUT');
    expect(await codes(`mutation { logCall(input: {}) { id } }`)).toContain('BAD_USER_INPUT');
    expect(await codes(fragmentBomb(40, 'Subscription', 'billingProgress(patientId: "x") { patientId }'))).toContain('BAD_USER_INPUT');
    expect(await codes('subscription { billingProgress(patientId: "x") { patientId ')).toContain('BAD_USER_INPUT');
  });
});

describe('development mode shows what production hides (so the production checks can fail)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp('sqlite', { env: { LOG_LEVEL: 'warn' } });
  }, 60_000);
  afterAll(() => app?.close());

  it('introspection and the IDE are available outside production', async () => {
    const token = await app.token({ sub: 'admin-1', roles: ['ADMIN'], practiceId: 'p-dev' });
    // The IDE's full introspection query fits the default depth and field limits.
    expect(outcome(await app.gql(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }), {}, token))).toBe('OK');
    const page = await fetch(`${app.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(await page.text()).toMatch(/graphiql/i);
  });
});
