// @peculiar/x509 resolves its ASN.1 codecs through tsyringe, which needs the Reflect metadata API loaded first.
import 'reflect-metadata';
import { createPrivateKey, createPublicKey, webcrypto, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { ConfigError } from '../../../config/config';

/** Where a development key and its certificate live inside DATA_DIR, so restarts keep one signer. */
export const DEVELOPMENT_FHIR_KEY_FILE_NAME = 'fhir-signing-key.pem';
export const DEVELOPMENT_FHIR_CERTIFICATE_FILE_NAME = 'fhir-signing-certificate.pem';
const DEVELOPMENT_SUBJECT = 'CN=CareLedger FHIR document signing (development, self-signed)';
const DEVELOPMENT_VALIDITY_DAYS = 825;

export interface FhirSigningKeySettings {
  /** FHIR_SIGNING_KEY_FILE and FHIR_SIGNING_CERTIFICATE_FILE, resolved; undefined when not configured. */
  keyFile?: string;
  certificateFile?: string;
  dataDir: string;
  production: boolean;
}

/** The key that signs FHIR documents (Bundle.signature) and the certificate a verifier finds in the JWS `x5c`. */
export interface FhirSigningKey {
  privateKey: KeyObject;
  /** JWS alg: ES256 for a P-256 key, RS256 for an RSA key (the two the HL7 validator verifies). */
  alg: 'ES256' | 'RS256';
  /** The certificate, DER, as x5c carries it (base64, not base64url). */
  certificateDer: Buffer;
  origin: { kind: 'configured' | 'development-generated' | 'development-reused'; keyFile: string; certificateFile: string };
}

function algorithmOf(key: KeyObject, file: string): FhirSigningKey['alg'] {
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  if (key.asymmetricKeyType === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048) return 'RS256';
  throw new ConfigError(
    `FHIR_SIGNING_KEY_FILE (${file}) must hold an EC P-256 or an RSA (2048 bits or more) private key; create one with: openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out fhir-signing-key.pem`,
  );
}

/** Reads a key and its certificate and checks that the certificate is the key's (a verifier checks the JWS with it). */
function readKeyPair(keyFile: string, certificateFile: string, kind: FhirSigningKey['origin']['kind']): FhirSigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: readFileSync(keyFile, 'utf8'), format: 'pem' });
  } catch {
    throw new ConfigError(`FHIR_SIGNING_KEY_FILE (${keyFile}) must hold a private key in PEM`);
  }
  const alg = algorithmOf(privateKey, keyFile);
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(readFileSync(certificateFile));
  } catch {
    throw new ConfigError(`FHIR_SIGNING_CERTIFICATE_FILE (${certificateFile}) must hold an X.509 certificate in PEM`);
  }
  const spki = (key: KeyObject) => key.export({ type: 'spki', format: 'der' });
  if (!spki(certificate.publicKey).equals(spki(createPublicKey(privateKey)))) {
    throw new ConfigError(`FHIR_SIGNING_CERTIFICATE_FILE (${certificateFile}) is not a certificate for the key in FHIR_SIGNING_KEY_FILE`);
  }
  return { privateKey, alg, certificateDer: certificate.raw, origin: { kind, keyFile, certificateFile } };
}

/** A P-256 key and a self-signed certificate for it, written exclusively (`wx`, mode 0600 for the key). */
async function generateDevelopmentPair(keyFile: string, certificateFile: string): Promise<void> {
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const now = Date.now();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      name: DEVELOPMENT_SUBJECT,
      notBefore: new Date(now - 60_000),
      notAfter: new Date(now + DEVELOPMENT_VALIDITY_DAYS * 86_400_000),
      signingAlgorithm: algorithm,
      keys: keys as unknown as x509.X509CertificateCreateSelfSignedParams['keys'],
      extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true)],
    },
    webcrypto as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[1],
  );
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const pem = `-----BEGIN PRIVATE KEY-----\n${pkcs8
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '')}\n-----END PRIVATE KEY-----\n`;
  writeFileSync(keyFile, pem, { mode: 0o600, flag: 'wx' });
  writeFileSync(certificateFile, certificate.toString('pem'), { flag: 'wx' });
}

/**
 * The FHIR document signing key. Production uses the configured key and certificate (issued for the practice's
 * signing identity) and refuses to start without them; elsewhere a P-256 key and a self-signed certificate are
 * generated once under DATA_DIR and reused. The Ed25519 evidence key stays for the packet's own seal: the HL7
 * validator verifies only RSA and EC signatures.
 */
export async function loadFhirSigningKey(settings: FhirSigningKeySettings): Promise<FhirSigningKey> {
  if (settings.keyFile || settings.certificateFile) {
    if (!settings.keyFile || !settings.certificateFile) throw new ConfigError('FHIR_SIGNING_KEY_FILE and FHIR_SIGNING_CERTIFICATE_FILE are set together');
    return readKeyPair(settings.keyFile, settings.certificateFile, 'configured');
  }
  if (settings.production) {
    throw new ConfigError(
      'NODE_ENV=production needs FHIR_SIGNING_KEY_FILE and FHIR_SIGNING_CERTIFICATE_FILE: the EC P-256 (or RSA) key that signs FHIR documents and its certificate',
    );
  }
  const keyFile = join(settings.dataDir, DEVELOPMENT_FHIR_KEY_FILE_NAME);
  const certificateFile = join(settings.dataDir, DEVELOPMENT_FHIR_CERTIFICATE_FILE_NAME);
  try {
    await generateDevelopmentPair(keyFile, certificateFile);
    return readKeyPair(keyFile, certificateFile, 'development-generated');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readKeyPair(keyFile, certificateFile, 'development-reused');
  }
}
