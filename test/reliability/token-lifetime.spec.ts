/**
 * Issue #22 item 4: a bearer token must expire, within a bounded lifetime, and must not be issued in the future; in
 * production the secrets published with CareLedger (development and docker-compose defaults) and weak ones are refused.
 */
import { SignJWT } from 'jose';
import { loadConfig, PUBLISHED_JWT_SECRETS } from '../../src/config/config';
import { outcome, startTestApp, TEST_SECRET, type TestApp } from '../support/app-harness';

const claims = { roles: ['ADMIN'], practiceId: 'p-tokens' };
const now = () => Math.floor(Date.now() / 1000);

function sign(times: { iat?: number; exp?: number }) {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setSubject('admin-1');
  if (times.iat !== undefined) jwt.setIssuedAt(times.iat);
  if (times.exp !== undefined) jwt.setExpirationTime(times.exp);
  return jwt.sign(new TextEncoder().encode(TEST_SECRET));
}

describe('token lifetime', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp('sqlite', { env: { LOG_LEVEL: 'warn' } });
  }, 60_000);
  afterAll(() => app?.close());

  const me = async (token: string) => outcome(await app.gql('{ me { id } }', {}, token));

  it('a token that says when it was issued and expires within a day is accepted', async () => {
    expect(await me(await sign({ iat: now(), exp: now() + 8 * 3600 }))).toBe('OK');
    expect(await me(await app.token({ sub: 'admin-1', roles: ['ADMIN'], practiceId: 'p-tokens' }))).toBe('OK');
  });

  it.each([
    ['without exp', { iat: now() }],
    ['without iat', { exp: now() + 3600 }],
    ['valid for ten years', { iat: now(), exp: now() + 10 * 365 * 86400 }],
    ['issued ten years in the future', { iat: now() + 10 * 365 * 86400, exp: now() + 10 * 365 * 86400 + 3600 }],
    ['issued an hour in the future', { iat: now() + 3600, exp: now() + 7200 }],
  ])('a token %s is UNAUTHENTICATED', async (_label, times) => {
    expect(await me(await sign(times))).toBe('UNAUTHENTICATED');
  });

  it('a few seconds of clock skew on iat is tolerated', async () => {
    expect(await me(await sign({ iat: now() + 30, exp: now() + 3600 }))).toBe('OK');
  });
});

describe('secrets in production', () => {
  const production = (secret: string) => () => loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: secret, EVIDENCE_SIGNING_KEY_FILE: '' });

  it.each(['careledger-development-secret-do-not-use-in-production', 'careledger-compose-development-secret-change-me'])(
    'refuses the published default %s',
    (secret) => {
      expect(production(secret)).toThrow(/published development default/);
    },
  );

  it.each(['short-secret', 'a'.repeat(64), 'ab'.repeat(32)])('refuses the weak secret %s', (secret) => {
    expect(production(secret)).toThrow(/AUTH_JWT_SECRET must/);
  });

  it('accepts a secret of its own, and the defaults outside production', () => {
    expect(production('k7#Qp2$vLm9!xR4@tZ8&wN3^bY6*cF1%')().auth.jwtSecret).toBe('k7#Qp2$vLm9!xR4@tZ8&wN3^bY6*cF1%');
    for (const secret of PUBLISHED_JWT_SECRETS) expect(loadConfig({ NODE_ENV: 'development', AUTH_JWT_SECRET: secret }).auth.jwtSecret).toBe(secret);
  });
});
