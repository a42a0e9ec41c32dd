import type { JWTPayload } from 'jose';
import { unauthenticated } from '../kernel/domain-error';

/** The longest a token may be valid for, from its `iat` to its `exp` (a working day and then some). */
export const MAX_TOKEN_LIFETIME_SECONDS = 24 * 60 * 60;
/** How far ahead of our clock an issuer's `iat` may be (clocks drift; minutes, not years). */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

/**
 * A bearer token must say when it expires and when it was issued, its lifetime must be bounded, and it cannot have
 * been issued in the future: a token without `exp` would be valid for ever, and one issued years ahead (or valid for
 * ten years) outlives any revocation. jose has already refused an `exp` in the past.
 */
export function checkTokenLifetime(claims: JWTPayload, nowSeconds: number): void {
  const { exp, iat } = claims;
  if (typeof exp !== 'number') throw unauthenticated('The token has no expiry (exp)');
  if (typeof iat !== 'number') throw unauthenticated('The token has no issue time (iat)');
  if (iat > nowSeconds + MAX_CLOCK_SKEW_SECONDS) throw unauthenticated('The token is issued in the future');
  if (exp - iat > MAX_TOKEN_LIFETIME_SECONDS) throw unauthenticated(`The token is valid for more than ${MAX_TOKEN_LIFETIME_SECONDS / 3600} hours`);
}
