/** `npm run token` hands out only tokens the server accepts (issue #12 rough edges): what it refuses, what it signs. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { decodeJwt } from 'jose';
import { devTokenRequest } from './dev-token-arguments';

describe('npm run token arguments', () => {
  it.each([
    ['no --sub', { roles: 'ADMIN', practice: 'p1' }, /--sub is required/],
    ['no --roles', { sub: 'u1', practice: 'p1' }, /--roles is required/],
    ['an unknown role', { sub: 'u1', roles: 'ADMIN,NURSE', practice: 'p1' }, /unknown role\(s\): NURSE/],
    ['a practice role without --practice', { sub: 'u1', roles: 'CARE_MANAGER' }, /--practice is required/],
    ['PAYER without --payer', { sub: 'r1', roles: 'PAYER' }, /needs --payer/],
    ['PAYER beside a practice role', { sub: 'r1', roles: 'PAYER,ADMIN', payer: 'payer-1' }, /cannot be combined/],
    ['PAYER with --practice', { sub: 'r1', roles: 'PAYER', payer: 'payer-1', practice: 'p1' }, /has no --practice/],
    ['--payer on a practice token', { sub: 'u1', roles: 'ADMIN', practice: 'p1', payer: 'payer-1' }, /--payer is for PAYER tokens only/],
    ['a lifetime over the server bound of 24 h', { sub: 'u1', roles: 'ADMIN', practice: 'p1', expires: '25h' }, /from 1s to 24h/],
    ['a lifetime it cannot read', { sub: 'u1', roles: 'ADMIN', practice: 'p1', expires: '10y' }, /--expires must be/],
  ])('refuses %s, with the usage', (_case, values, problem) => {
    expect(() => devTokenRequest(values)).toThrow(problem);
    expect(() => devTokenRequest(values)).toThrow(/usage: npm run token/);
  });

  it.each([
    [
      { sub: 'rn-b', roles: 'CARE_MANAGER, PRACTITIONER', practice: 'p1' },
      { claims: { sub: 'rn-b', roles: ['CARE_MANAGER', 'PRACTITIONER'], practiceId: 'p1' }, expiresInSeconds: 8 * 3600 },
    ],
    [
      { sub: 'r1', roles: 'PAYER', payer: 'payer-1', expires: '30m' },
      { claims: { sub: 'r1', roles: ['PAYER'], payerId: 'payer-1' }, expiresInSeconds: 1800 },
    ],
    [
      { sub: 'u1', roles: 'ADMIN', practice: 'p1', expires: '24h' },
      { claims: { sub: 'u1', roles: ['ADMIN'], practiceId: 'p1' }, expiresInSeconds: 86_400 },
    ],
  ])('signs %j as %j', (values, request) => expect(devTokenRequest(values)).toEqual(request));

  describe('the command', () => {
    const run = async (args: string[]) => {
      try {
        const { stdout, stderr } = await promisify(execFile)(process.execPath, ['-r', '@swc-node/register', 'src/auth/dev-token.cli.ts', ...args], {
          env: { PATH: process.env.PATH },
        });
        return { code: 0, stdout, stderr };
      } catch (error) {
        const failed = error as { code: number; stdout: string; stderr: string };
        return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
      }
    };

    it('--help prints the usage, exit 0', async () => {
      expect(await run(['--help'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^usage: npm run token -- --sub <id> --roles/) });
    }, 20_000);

    it('refuses a PAYER token without --payer (exit 2, no token printed), and prints a token with the claims asked for', async () => {
      expect(await run(['--sub', 'r1', '--roles', 'PAYER'])).toMatchObject({ code: 2, stdout: '', stderr: expect.stringMatching(/needs --payer/) });
      const { code, stdout } = await run(['--sub', 'rn-b', '--roles', 'CARE_MANAGER', '--practice', 'p1', '--expires', '1h']);
      const claims = decodeJwt(stdout.trim());
      expect([code, claims.sub, claims.roles, claims.practiceId, Number(claims.exp) - Number(claims.iat)]).toEqual([0, 'rn-b', ['CARE_MANAGER'], 'p1', 3600]);
    }, 20_000);
  });
});
