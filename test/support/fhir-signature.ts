/**
 * A verifier's own check of a CDex-signed FHIR Bundle, with libraries CareLedger does not use to sign: `canonicalize`
 * (RFC 8785) for the signing input and `jose` for the detached JWS, with the certificate the JWS header carries.
 */
import canonicalize from 'canonicalize';
import { compactVerify, importX509 } from 'jose';

export interface VerifiedSignature {
  valid: boolean;
  header: { alg: string; sigT: string; x5c: string[] } & Record<string, unknown>;
  payloadPart: string;
}

export async function verifyBundleSignature(bundle: Record<string, any>): Promise<VerifiedSignature> {
  const jws = Buffer.from(bundle.signature.data, 'base64').toString('ascii');
  const [headerPart, payloadPart, signaturePart] = jws.split('.');
  const header = JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8'));
  const { id: _id, meta: _meta, signature: _signature, ...covered } = bundle;
  const publicKey = await importX509(`-----BEGIN CERTIFICATE-----\n${header.x5c[0]}\n-----END CERTIFICATE-----`, header.alg);
  const attached = `${headerPart}.${Buffer.from(canonicalize(covered)!, 'utf8').toString('base64url')}.${signaturePart}`;
  const valid = await compactVerify(attached, publicKey).then(
    () => true,
    () => false,
  );
  return { valid, header, payloadPart };
}
