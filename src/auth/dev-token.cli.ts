/**
 * `npm run token -- --sub u1 --roles ADMIN,CARE_MANAGER --practice p1 [--expires 8h]` (or `--roles PAYER --payer
 * payer-1`) prints a bearer token signed with AUTH_JWT_SECRET (or the development default outside production).
 * `--help` prints the usage. Exit status 2 for arguments the server would refuse a token for.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config';
import { signDevToken } from './dev-token';
import { DEV_TOKEN_USAGE, DevTokenUsageError, devTokenRequest } from './dev-token-arguments';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sub: { type: 'string' },
      roles: { type: 'string' },
      practice: { type: 'string' },
      payer: { type: 'string' },
      expires: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${DEV_TOKEN_USAGE}\n`);
    return;
  }
  const { claims, expiresInSeconds } = devTokenRequest(values);
  const config = loadConfig();
  if (!config.auth.jwtSecret) throw new Error('No AUTH_JWT_SECRET is configured (tokens of a JWKS issuer come from that issuer)');
  const token = await signDevToken(claims, config.auth.jwtSecret, `${expiresInSeconds}s`);
  process.stdout.write(`${token}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  // parseArgs refuses unknown options with a TypeError: a usage error too.
  process.exit(error instanceof DevTokenUsageError || error instanceof TypeError ? 2 : 1);
});
