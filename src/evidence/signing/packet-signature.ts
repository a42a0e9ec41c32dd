import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { PublicJwk } from './public-jwk';

/**
 * Ed25519 over the exact UTF-8 bytes of the packet's canonical JSON (architecture decision 14), base64url without
 * padding. Ed25519 hashes internally, so no digest algorithm is named (`null`).
 */
export function signPacketJson(json: string, privateKey: KeyObject): string {
  return sign(null, Buffer.from(json, 'utf8'), privateKey).toString('base64url');
}

/** True when `signature` is the key's Ed25519 signature of exactly these bytes. */
export function verifyPacketSignature(json: string, signature: string, jwk: Pick<PublicJwk, 'kty' | 'crv' | 'x'>): boolean {
  if (!/^[A-Za-z0-9_-]+$/.test(signature)) return false;
  const publicKey = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' });
  return verify(null, Buffer.from(json, 'utf8'), publicKey, Buffer.from(signature, 'base64url'));
}

/** SHA-256 (hex) of a packet's signed bytes: names one packet (its PDF is asked for by it). */
export const packetDigest = (json: string): string => createHash('sha256').update(json, 'utf8').digest('hex');
