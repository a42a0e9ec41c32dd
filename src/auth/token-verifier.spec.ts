import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DEVELOPMENT_JWT_SECRET } from '../config/config';
import { DomainError } from '../kernel/domain-error';
import { signDevToken } from './dev-token';
import { TokenVerifier } from './token-verifier';

const SECRET = 'a-test-secret-of-at-least-thirty-two-chars';
const verifier = new TokenVerifier({ jwtSecret: SECRET });
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'OK',
    (error: DomainError) => error.code,
  );

describe('bearer tokens', () => {
  it('turns valid claims into the actor', async () => {
    const token = await signDevToken({ sub: 'rn-1', roles: ['CARE_MANAGER', 'PRACTITIONER'], practiceId: 'p1' }, SECRET);
    await expect(verifier.verify(`Bearer ${token}`)).resolves.toEqual({
      id: 'rn-1',
      roles: ['CARE_MANAGER', 'PRACTITIONER'],
      practiceId: 'p1',
      payerId: undefined,
    });
  });

  it('a payer acts for its payer and no practice', async () => {
    const token = await signDevToken({ sub: 'reviewer-1', roles: ['PAYER'], payerId: 'payer-9' }, SECRET);
    await expect(verifier.verify(`Bearer ${token}`)).resolves.toEqual({ id: 'reviewer-1', roles: ['PAYER'], practiceId: undefined, payerId: 'payer-9' });
  });

  it.each([
    ['an unknown role', { sub: 'u', roles: ['ROOT'], practiceId: 'p1' }],
    ['no roles', { sub: 'u', roles: [], practiceId: 'p1' }],
    ['a practice role without practiceId', { sub: 'u', roles: ['ADMIN'] }],
    ['a payer without payerId', { sub: 'u', roles: ['PAYER'] }],
    ['a payer with a practice role too', { sub: 'u', roles: ['PAYER', 'ADMIN'], payerId: 'x', practiceId: 'p1' }],
  ])('refuses %s as UNAUTHENTICATED', async (_label, claims) => {
    const token = await signDevToken(claims as never, SECRET);
    expect(await codeOf(verifier.verify(`Bearer ${token}`))).toBe('UNAUTHENTICATED');
  });

  it.each([undefined, '', 'Basic abc', 'Bearer', 'Bearer a b'])('refuses the header %p', async (header) => {
    expect(await codeOf(verifier.verify(header))).toBe('UNAUTHENTICATED');
  });

  it('`npm run token` prints a token the server accepts (development secret)', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['-r', '@swc-node/register', 'src/auth/dev-token.cli.ts', '--sub', 'u1', '--roles', 'ADMIN', '--practice', 'p1'],
      {
        env: { PATH: process.env.PATH, NODE_ENV: 'development' },
      },
    );
    const actor = await new TokenVerifier({ jwtSecret: DEVELOPMENT_JWT_SECRET }).verify(`Bearer ${stdout.trim()}`);
    expect(actor).toMatchObject({ id: 'u1', roles: ['ADMIN'], practiceId: 'p1' });
  }, 20000);
});
