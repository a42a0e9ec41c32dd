import type { PublicJwk } from './public-jwk';

/** The signing key as published (GraphQL evidenceSigningKey, GET /evidence/jwks.json): the JWK with its use stated. */
export const publishedKey = (jwk: PublicJwk) => ({ ...jwk, alg: 'EdDSA', use: 'sig' });

/** Where the key set is served without authentication (a public key is no secret), relative to the API's origin. */
export const JWKS_PATH = '/evidence/jwks.json';
