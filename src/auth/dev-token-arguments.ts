import { PRACTICE_ROLES, ROLES, type Role } from './actor';
import type { DevTokenClaims } from './dev-token';
import { MAX_TOKEN_LIFETIME_SECONDS } from './token-lifetime';

export const DEV_TOKEN_USAGE = [
  'usage: npm run token -- --sub <id> --roles <role>[,<role>...] (--practice <id> | --payer <id>) [--expires <n>s|m|h]',
  `  roles: ${ROLES.join(', ')}; PAYER stands alone and needs --payer, every other role needs --practice`,
  `  --expires defaults to 8h and may not exceed ${MAX_TOKEN_LIFETIME_SECONDS / 3600}h (the server refuses longer tokens)`,
].join('\n');

export class DevTokenUsageError extends Error {}

export interface DevTokenRequest {
  claims: DevTokenClaims;
  expiresInSeconds: number;
}

const DURATION = /^(\d{1,6})(s|m|h)$/;
const UNIT_SECONDS = { s: 1, m: 60, h: 3600 } as const;

/**
 * The claims `npm run token` signs, from its options: refuses (with the usage) what the server would refuse, so
 * nobody is handed a token that only fails later (a practice role without a practice, PAYER without a payer or
 * beside other roles, a lifetime above the server's bound).
 */
export function devTokenRequest(values: { sub?: string; roles?: string; practice?: string; payer?: string; expires?: string }): DevTokenRequest {
  const refuse = (problem: string): never => {
    throw new DevTokenUsageError(`${problem}\n${DEV_TOKEN_USAGE}`);
  };
  if (!values.sub) refuse('--sub is required');
  const roles = (values.roles ?? '')
    .split(',')
    .map((role) => role.trim())
    .filter(Boolean);
  if (roles.length === 0) refuse('--roles is required');
  const unknown = roles.filter((role) => !(ROLES as readonly string[]).includes(role));
  if (unknown.length > 0) refuse(`unknown role(s): ${unknown.join(', ')}`);
  const payer = roles.includes('PAYER');
  if (payer && roles.length > 1) refuse('PAYER cannot be combined with other roles');
  if (payer && !values.payer) refuse('a PAYER token needs --payer');
  if (payer && values.practice) refuse('a PAYER token has no --practice');
  if (!payer && !values.practice) refuse(`${roles.join(', ')} act in a practice: --practice is required`);
  if (!payer && values.payer) refuse(`--payer is for PAYER tokens only (${PRACTICE_ROLES.join(', ')} act in a practice)`);
  const duration = DURATION.exec(values.expires ?? '8h');
  if (!duration) refuse(`--expires must be a number of seconds, minutes or hours such as 30m or 8h (got "${values.expires}")`);
  const expiresInSeconds = Number(duration![1]) * UNIT_SECONDS[duration![2] as keyof typeof UNIT_SECONDS];
  if (expiresInSeconds < 1 || expiresInSeconds > MAX_TOKEN_LIFETIME_SECONDS) refuse(`--expires must be from 1s to ${MAX_TOKEN_LIFETIME_SECONDS / 3600}h`);
  return {
    claims: { sub: values.sub!, roles: roles as Role[], ...(payer ? { payerId: values.payer } : { practiceId: values.practice }) },
    expiresInSeconds,
  };
}
