import { sign } from 'node:crypto';
import { canonicalJson } from '../../../kernel/canonical-json';
import type { Bundle, Reference, Signature } from '../r4';
import type { FhirSigningKey } from './fhir-signing-key';

/** ASTM E1762-95 signature type: the author's signature (CDex digital signature profile). */
const AUTHOR_SIGNATURE = { system: 'urn:iso-astm:E1762-95:2013', code: '1.2.840.10065.1.12.1.1', display: "Author's Signature" };

/**
 * What a CDex signature covers (Signatures page): the Bundle without `id`, `meta` and `signature`, in the RFC 8785
 * canonical form (kernel/canonical-json: keys by UTF-16 code units, ECMAScript numbers and strings).
 */
export function signingInput(bundle: Bundle): Buffer {
  const { id: _id, meta: _meta, signature: _signature, ...covered } = bundle;
  return Buffer.from(canonicalJson(covered), 'utf8');
}

/**
 * Signs a FHIR document as Da Vinci CDex specifies: a detached compact JWS (RFC 7515 appendix F: the payload part
 * left empty) over the signing input, whose protected header carries the signing certificate (`x5c`) and the signing
 * time (`sigT`, the same instant as Signature.when); `Signature.data` is that JWS, base64. `who` is the signing
 * organisation, named by NPI.
 */
export function signDocument(bundle: Bundle, key: FhirSigningKey, who: Reference, when: Date): Bundle {
  const sigT = when.toISOString();
  const header = { alg: key.alg, typ: 'JOSE', x5c: [key.certificateDer.toString('base64')], sigT };
  const encodedHeader = Buffer.from(JSON.stringify(header), 'utf8').toString('base64url');
  const encodedPayload = signingInput(bundle).toString('base64url');
  const signingString = Buffer.from(`${encodedHeader}.${encodedPayload}`, 'ascii');
  // JWS ES256 wants the raw r||s pair (IEEE P1363), not DER; RS256 is PKCS#1 v1.5 with SHA-256.
  const signatureBytes =
    key.alg === 'ES256' ? sign('sha256', signingString, { key: key.privateKey, dsaEncoding: 'ieee-p1363' }) : sign('sha256', signingString, key.privateKey);
  const jws = `${encodedHeader}..${signatureBytes.toString('base64url')}`;
  const signature: Signature = { type: [AUTHOR_SIGNATURE], when: sigT, who, sigFormat: 'application/jose', data: Buffer.from(jws, 'ascii').toString('base64') };
  return { ...bundle, signature };
}
