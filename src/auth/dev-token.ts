import { SignJWT } from 'jose';
import type { Role } from './actor';

export interface DevTokenClaims {
  sub: string;
  roles: Role[];
  practiceId?: string;
  payerId?: string;
}

/** An HS256 token for local use and tests; production verifies the issuer's tokens instead. */
export function signDevToken(claims: DevTokenClaims, secret: string, expiresIn: string | number = '8h'): Promise<string> {
  const { sub, ...rest } = claims;
  return new SignJWT({ ...rest })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}
