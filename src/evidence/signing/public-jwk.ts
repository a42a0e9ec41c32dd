import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../../kernel/canonical-json';

/** The public half of an evidence signing key as a JWK (RFC 8037 OKP), with its RFC 7638 thumbprint as `kid`. */
export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
}

/**
 * RFC 7638 thumbprint: SHA-256 over the key's required members in lexicographic order with no whitespace, base64url.
 * For an OKP key those members are crv, kty and x; canonical JSON writes exactly that form.
 */
export function jwkThumbprint(jwk: { kty: string; crv: string; x: string }): string {
  return createHash('sha256')
    .update(canonicalJson({ crv: jwk.crv, kty: jwk.kty, x: jwk.x }))
    .digest('base64url');
}

/** The JWK of an Ed25519 key (private or public); anything else is refused. */
export function publicJwkOf(key: KeyObject): PublicJwk {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new TypeError(`an Ed25519 key is required (got ${publicKey.asymmetricKeyType ?? key.type})`);
  const { x } = publicKey.export({ format: 'jwk' });
  const jwk = { kty: 'OKP', crv: 'Ed25519', x: x! } as const;
  return { ...jwk, kid: jwkThumbprint(jwk) };
}
