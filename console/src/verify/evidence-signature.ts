/**
 * Checks an evidence packet's Ed25519 signature in the browser, with WebCrypto only: the key is the published JWK
 * (GET /evidence/jwks.json, or a saved key file), its kid must be its RFC 7638 thumbprint, and the signature
 * (base64url) must verify over the packet's canonical JSON as UTF-8. Nothing here calls a server.
 */
export interface SavedPacket {
  json: string;
  signature: string;
  kid: string;
}

export interface PublicJwk {
  kty: string;
  crv: string;
  x: string;
  kid?: string;
}

export type VerificationResult = { valid: true; message: 'Signature valid' } | { valid: false; message: string };

const fromBase64Url = (text: string): Uint8Array<ArrayBuffer> => {
  const base64 = text
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(text.length / 4) * 4, '=');
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
};
const toBase64Url = (bytes: ArrayBuffer) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** RFC 7638: SHA-256 over the required members in lexicographic order, no whitespace. */
export async function thumbprint(key: PublicJwk): Promise<string> {
  const canonical = JSON.stringify({ crv: key.crv, kty: key.kty, x: key.x });
  return toBase64Url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonical)));
}

/** The key named by kid in a JWK Set, or a single JWK (a saved key file may hold either). */
export function keyFor(kid: string, keyFile: unknown): PublicJwk | null {
  const candidates = (keyFile as { keys?: unknown })?.keys;
  const keys = (Array.isArray(candidates) ? candidates : [keyFile]) as PublicJwk[];
  return keys.find((key) => key && key.kid === kid) ?? (keys.length === 1 && keys[0] && !keys[0].kid ? keys[0] : null);
}

export async function verifyPacket(packet: SavedPacket, key: PublicJwk | null): Promise<VerificationResult> {
  if (typeof packet?.json !== 'string' || typeof packet.signature !== 'string' || typeof packet.kid !== 'string') {
    return { valid: false, message: 'The packet file has no json, signature and kid' };
  }
  if (!key) return { valid: false, message: `No published key has the packet's key id ${packet.kid}` };
  if (key.kty !== 'OKP' || key.crv !== 'Ed25519' || typeof key.x !== 'string') return { valid: false, message: 'The key is not an Ed25519 public key' };
  if ((await thumbprint(key)) !== packet.kid) return { valid: false, message: "The key's thumbprint is not the packet's key id" };
  let publicKey: CryptoKey;
  try {
    publicKey = await crypto.subtle.importKey('jwk', { kty: 'OKP', crv: 'Ed25519', x: key.x }, { name: 'Ed25519' }, false, ['verify']);
  } catch {
    return { valid: false, message: 'This browser cannot check Ed25519 signatures (WebCrypto Ed25519 is missing)' };
  }
  let signature: Uint8Array<ArrayBuffer>;
  try {
    signature = fromBase64Url(packet.signature);
  } catch {
    return { valid: false, message: 'The signature is not base64url text' };
  }
  const valid = await crypto.subtle.verify({ name: 'Ed25519' }, publicKey, signature, new TextEncoder().encode(packet.json));
  return valid ? { valid: true, message: 'Signature valid' } : { valid: false, message: 'Signature invalid: the packet was changed or signed by another key' };
}
