/**
 * graphql-ws sessions (issue #22 item 3), with a real graphql-ws client (and raw `ws` sockets) over the network: a
 * session ends when its token expires, a connection and a token hold a bounded number of subscriptions, socket
 * messages are rate limited, and no frame larger than the HTTP body limit is read.
 */
import { randomUUID } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import { SignJWT } from 'jose';
import pino from 'pino';
import WebSocket from 'ws';
import { TokenVerifier } from '../../src/auth/token-verifier';
import { graphqlWsSessions } from '../../src/graphql/ws/graphql-ws-auth';
import { startTestApp, TEST_SECRET, type TestApp } from '../support/app-harness';
import { BILLING_PROGRESS, nextResult, subscriptionClient } from '../support/billing-fixtures';
import { CARE_RECORD_CLOCK, seedEligiblePatient, seedPractice, type SeededPractice } from '../support/care-record-fixtures';

const wsUrl = (app: TestApp) => `${app.url.replace(/^http/, 'ws')}/graphql`;

/** A client that reports how its socket closed. */
function clientWithClose(app: TestApp, token: string) {
  let closed: (event: { code: number; reason: string }) => void;
  const closedWith = new Promise<{ code: number; reason: string }>((resolve) => (closed = resolve));
  const client = createClient({
    url: wsUrl(app),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    lazy: true,
    retryAttempts: 0,
    on: { closed: (event) => closed(event as { code: number; reason: string }) },
  });
  return { client, closedWith };
}

/** A raw graphql-transport-ws socket, and how it closed. */
function rawSocket(app: TestApp) {
  const socket = new WebSocket(wsUrl(app), 'graphql-transport-ws');
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const closedWith = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  socket.on('error', () => undefined);
  return { socket, opened, closedWith };
}

const progress = (patientId: string) => ({ query: BILLING_PROGRESS, variables: { patientId, month: '2026-03' } });

describe('graphql-ws sessions', () => {
  let app: TestApp;
  let practice: SeededPractice;
  let patientId: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    app = await startTestApp('sqlite', {
      clock: CARE_RECORD_CLOCK,
      env: { LOG_LEVEL: 'warn', GRAPHQL_WS_MAX_SUBSCRIPTIONS_PER_SOCKET: '3', GRAPHQL_WS_MAX_SUBSCRIPTIONS_PER_TOKEN: '5' },
    });
    practice = await seedPractice(app);
    patientId = await seedEligiblePatient(app, practice);
  }, 60_000);
  afterAll(async () => {
    for (const client of clients) await client.dispose();
    await app?.close();
  });

  const track = (client: Client) => (clients.push(client), client);
  /** Starts a subscription; its first answer's code (graphql-ws rejects with the errors of a refused operation). */
  const firstCode = async (client: Client) => {
    const iterator = client.iterate(progress(patientId));
    try {
      const result = await nextResult(iterator);
      return { iterator, code: result.errors?.[0]?.extensions?.code ?? 'OK' };
    } catch (errors) {
      return { iterator, code: (errors as { extensions?: { code?: string } }[])[0]?.extensions?.code };
    }
  };

  it('a connection is closed (4401) when its token expires, and its subscriptions end', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ roles: ['CARE_MANAGER'], practiceId: practice.practiceId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject('rn-b')
      .setIssuedAt(now)
      .setExpirationTime(now + 3)
      .sign(new TextEncoder().encode(TEST_SECRET));
    const { client, closedWith } = clientWithClose(app, token);
    track(client);
    const { iterator, code } = await firstCode(client);
    expect(code).toBe('OK');
    expect(await closedWith).toMatchObject({ code: 4401, reason: 'The bearer token has expired' });
    await expect(iterator.next()).rejects.toMatchObject({ code: 4401 });
  }, 20_000);

  it('every subscribe re-checks the expiry: an expired session starts nothing (UNAUTHENTICATED) and is closed', async () => {
    let now = Date.now();
    const sessions = graphqlWsSessions(new TokenVerifier({ jwtSecret: TEST_SECRET }), pino({ level: 'silent' }), { perSocket: 3, perToken: 5 }, () => now);
    const token = await app.token({ sub: 'rn-b', roles: ['CARE_MANAGER'], practiceId: practice.practiceId });
    const closes: number[] = [];
    const socket = { readyState: 1, OPEN: 1, close: (code: number) => closes.push(code) };
    const context = { connectionParams: { authorization: `Bearer ${token}` }, extra: { socket }, subscriptions: { one: null } } as never;
    expect(await sessions.onConnect(context)).toBe(true);
    expect(sessions.onSubscribe(context)).toBeUndefined();
    now += 9 * 3600 * 1000; // the dev token lives 8 hours
    expect(sessions.onSubscribe(context)?.map((error) => error.extensions.code)).toEqual(['UNAUTHENTICATED']);
    expect(closes).toContain(4401);
    sessions.onClose(context);
  });

  it('one connection holds at most GRAPHQL_WS_MAX_SUBSCRIPTIONS_PER_SOCKET subscriptions (RATE_LIMITED beyond); completing one frees its place', async () => {
    const client = track(subscriptionClient(app, practice.tokens.nurse));
    const live = [];
    for (let i = 0; i < 3; i++) {
      const started = await firstCode(client);
      expect(started.code).toBe('OK');
      live.push(started.iterator);
    }
    expect((await firstCode(client)).code).toBe('RATE_LIMITED');
    await live.pop()!.return?.();
    expect((await firstCode(client)).code).toBe('OK');
  });

  it('one token holds at most GRAPHQL_WS_MAX_SUBSCRIPTIONS_PER_TOKEN across its connections; another token is not affected', async () => {
    const token = await app.token({ sub: 'dr-a', roles: ['PRACTITIONER'], practiceId: practice.practiceId });
    const first = track(subscriptionClient(app, token));
    const second = track(subscriptionClient(app, token));
    for (const client of [first, first, first, second, second]) expect((await firstCode(client)).code).toBe('OK');
    expect((await firstCode(second)).code).toBe('RATE_LIMITED');
    const other = track(subscriptionClient(app, practice.tokens.admin));
    expect((await firstCode(other)).code).toBe('OK');
  });

  it('5,000 subscribes on one socket are refused beyond the cap, and the server stays responsive', async () => {
    const { socket, opened, closedWith } = rawSocket(app);
    await opened;
    const answers: { type: string; payload?: { extensions?: { code?: string } }[] }[] = [];
    socket.on('message', (data) => answers.push(JSON.parse(String(data))));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${practice.tokens.billing}` } }));
    await new Promise((resolve) => socket.once('message', resolve));
    for (let i = 0; i < 5000; i++) socket.send(JSON.stringify({ id: `s${i}`, type: 'subscribe', payload: progress(patientId) }));
    const errorsWanted = 5000 - 3;
    for (let waited = 0; answers.filter((answer) => answer.type === 'error').length < errorsWanted && waited < 200; waited++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const errors = answers.filter((answer) => answer.type === 'error');
    expect(errors).toHaveLength(errorsWanted);
    expect(new Set(errors.map((answer) => answer.payload?.[0]?.extensions?.code))).toEqual(new Set(['RATE_LIMITED']));
    expect((await app.gql('{ me { id } }', {}, practice.tokens.admin)).data).toEqual({ me: { id: 'admin-1' } });
    socket.close();
    await closedWith;
  }, 30_000);
});

describe('graphql-ws message rate and frame size', () => {
  let app: TestApp;
  let token: string;

  beforeAll(async () => {
    app = await startTestApp('sqlite', { env: { LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '20', HTTP_BODY_LIMIT_BYTES: '20000' } });
    token = await app.token({ sub: 'admin-1', roles: ['ADMIN'], practiceId: `practice-${randomUUID().slice(0, 8)}` });
  }, 60_000);
  afterAll(() => app?.close());

  it('socket messages spend the token’s RATE_LIMIT_PER_MINUTE: past it the socket is closed (1008)', async () => {
    const { socket, opened, closedWith } = rawSocket(app);
    await opened;
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
    await new Promise((resolve) => socket.once('message', resolve));
    for (let i = 0; i < 40; i++) socket.send(JSON.stringify({ type: 'ping' }));
    expect(await closedWith).toEqual({ code: 1008, reason: 'Too many messages' });
  });

  it('a frame larger than HTTP_BODY_LIMIT_BYTES is not read, even before connection_init is answered (1009)', async () => {
    const { socket, opened, closedWith } = rawSocket(app);
    await opened;
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: 'x'.repeat(25_000) } }));
    expect((await closedWith).code).toBe(1009);
  });

  it('a frame within the limit is read: an invalid token is refused as such (4403)', async () => {
    const { socket, opened, closedWith } = rawSocket(app);
    await opened;
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: 'x'.repeat(15_000) } }));
    expect((await closedWith).code).toBe(4403);
  });
});
