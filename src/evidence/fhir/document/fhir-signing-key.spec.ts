import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../../config/config';
import { DEVELOPMENT_FHIR_CERTIFICATE_FILE_NAME, DEVELOPMENT_FHIR_KEY_FILE_NAME, loadFhirSigningKey } from './fhir-signing-key';

describe('the FHIR document signing key', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'fhir-key-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('outside production: a P-256 key and a self-signed certificate for it, generated once (key mode 0600) and reused', async () => {
    const first = await loadFhirSigningKey({ dataDir, production: false });
    expect(first).toMatchObject({ alg: 'ES256', origin: { kind: 'development-generated' } });
    expect(statSync(join(dataDir, DEVELOPMENT_FHIR_KEY_FILE_NAME)).mode & 0o777).toBe(0o600);
    const again = await loadFhirSigningKey({ dataDir, production: false });
    expect(again.origin.kind).toBe('development-reused');
    expect(again.certificateDer.equals(first.certificateDer)).toBe(true);
  });

  it('production refuses to start without a configured key and certificate', async () => {
    await expect(loadFhirSigningKey({ dataDir, production: true })).rejects.toThrow(/FHIR_SIGNING_KEY_FILE and FHIR_SIGNING_CERTIFICATE_FILE/);
  });

  it('refuses a certificate that is not the key’s, a key of another kind, and one file without the other', async () => {
    await loadFhirSigningKey({ dataDir, production: false });
    const certificateFile = join(dataDir, DEVELOPMENT_FHIR_CERTIFICATE_FILE_NAME);
    const otherKey = join(dataDir, 'other.pem');
    writeFileSync(otherKey, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await expect(loadFhirSigningKey({ keyFile: otherKey, certificateFile, dataDir, production: true })).rejects.toThrow(/is not a certificate for the key/);
    const edKey = join(dataDir, 'ed.pem');
    writeFileSync(edKey, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await expect(loadFhirSigningKey({ keyFile: edKey, certificateFile, dataDir, production: true })).rejects.toThrow(ConfigError);
    await expect(loadFhirSigningKey({ keyFile: otherKey, dataDir, production: true })).rejects.toThrow(/set together/);
  });

  it('uses a configured key and its certificate as given', async () => {
    await loadFhirSigningKey({ dataDir, production: false });
    const keyFile = join(dataDir, 'configured-key.pem');
    writeFileSync(keyFile, readFileSync(join(dataDir, DEVELOPMENT_FHIR_KEY_FILE_NAME)));
    const loaded = await loadFhirSigningKey({ keyFile, certificateFile: join(dataDir, DEVELOPMENT_FHIR_CERTIFICATE_FILE_NAME), dataDir, production: true });
    expect(loaded.origin).toMatchObject({ kind: 'configured', keyFile });
  });
});
