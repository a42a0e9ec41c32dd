/**
 * `npm run token -- --sub u1 --roles ADMIN,CARE_MANAGER --practice p1 [--payer payer-1] [--expires 8h]`
 * prints a bearer token signed with AUTH_JWT_SECRET (or the development default outside production).
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config';
import { ROLES, type Role } from './actor';
import { signDevToken } from './dev-token';

async function main() {
  const { values } = parseArgs({
    options: {
      sub: { type: 'string' },
      roles: { type: 'string' },
      practice: { type: 'string' },
      payer: { type: 'string' },
      expires: { type: 'string', default: '8h' },
    },
  });
  const roles = (values.roles ?? '').split(',').map((role) => role.trim()).filter(Boolean) as Role[];
  const unknown = roles.filter((role) => !ROLES.includes(role));
  if (!values.sub || roles.length === 0 || unknown.length > 0) {
    throw new Error(`usage: npm run token -- --sub <id> --roles <${ROLES.join('|')}>[,...] --practice <id> [--payer <id>]`);
  }
  const config = loadConfig();
  if (!config.auth.jwtSecret) throw new Error('No AUTH_JWT_SECRET is configured (tokens of a JWKS issuer come from that issuer)');
  const token = await signDevToken({ sub: values.sub, roles, practiceId: values.practice, payerId: values.payer }, config.auth.jwtSecret, values.expires);
  process.stdout.write(`${token}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
