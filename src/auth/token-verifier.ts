import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { AppConfig } from '../config/config';
import { unauthenticated } from '../kernel/domain-error';
import { ROLES, type Actor, type Role } from './actor';
import { checkTokenLifetime } from './token-lifetime';

/**
 * Verifies bearer JWTs (architecture decision 13): HS256 with AUTH_JWT_SECRET in development and tests, the
 * issuer's JWKS in production. Only the listed algorithms are accepted, so `alg: none` and key confusion fail.
 */
export class TokenVerifier {
  private readonly secret?: Uint8Array;
  private readonly jwks?: JWTVerifyGetKey;

  constructor(private readonly auth: AppConfig['auth']) {
    if (auth.jwksUrl) this.jwks = createRemoteJWKSet(new URL(auth.jwksUrl));
    else if (auth.jwtSecret) this.secret = new TextEncoder().encode(auth.jwtSecret);
  }

  /** Resolves the actor, or throws UNAUTHENTICATED for a missing, expired, forged or malformed token. */
  async verify(authorization: string | undefined): Promise<Actor> {
    return (await this.verifySession(authorization)).actor;
  }

  /** The actor and when the token expires (ms since the epoch): a long-lived connection must end then. */
  async verifySession(authorization: string | undefined): Promise<{ actor: Actor; expiresAt: number }> {
    const token = /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(authorization?.trim() ?? '')?.[1];
    if (!token) throw unauthenticated();
    let payload: JWTPayload;
    try {
      const options = { issuer: this.auth.issuer, audience: this.auth.audience, requiredClaims: ['exp', 'iat'] };
      payload = this.jwks
        ? (await jwtVerify(token, this.jwks, { ...options, algorithms: ['RS256', 'ES256', 'EdDSA'] })).payload
        : (await jwtVerify(token, this.secret!, { ...options, algorithms: ['HS256'] })).payload;
    } catch {
      throw unauthenticated('The bearer token is invalid or expired');
    }
    checkTokenLifetime(payload, Math.floor(Date.now() / 1000));
    return { actor: actorFromClaims(payload), expiresAt: payload.exp! * 1000 };
  }
}

function actorFromClaims(claims: JWTPayload): Actor {
  const roles = claims.roles;
  const practiceId = claims.practiceId;
  const payerId = claims.payerId;
  if (typeof claims.sub !== 'string' || claims.sub === '') throw unauthenticated('The token has no subject');
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every((role) => ROLES.includes(role as Role))) {
    throw unauthenticated(`The token's roles must be a non-empty list of ${ROLES.join(', ')}`);
  }
  if (practiceId !== undefined && typeof practiceId !== 'string') throw unauthenticated('practiceId claim must be a string');
  if (payerId !== undefined && typeof payerId !== 'string') throw unauthenticated('payerId claim must be a string');
  const isPayer = roles.includes('PAYER');
  if (isPayer && (roles.length > 1 || !payerId)) throw unauthenticated('A PAYER token carries only the PAYER role and a payerId');
  if (!isPayer && !practiceId) throw unauthenticated('The token has no practiceId');
  return {
    id: claims.sub,
    roles: roles as Role[],
    practiceId: isPayer ? undefined : (practiceId as string),
    payerId: isPayer ? (payerId as string) : undefined,
  };
}
