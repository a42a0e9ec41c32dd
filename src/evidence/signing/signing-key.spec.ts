import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../../test/support/event-store-fixtures';
import { ConfigError } from '../../config/config';
import { publicJwkOf } from './public-jwk';
import { DEVELOPMENT_KEY_FILE_NAME, loadSigningKey } from './signing-key';

describe('the evidence signing key', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir('careledger-evidence-key-');
  });
  afterEach(() => dir.remove());

  const pemFile = (pem: string | Buffer) => {
    const file = join(dir.path, 'key.pem');
    writeFileSync(file, pem);
    return file;
  };

  it('outside production: generated once under DATA_DIR, readable by its owner only, and reused after a restart', () => {
    const first = loadSigningKey({ dataDir: dir.path, production: false });
    expect(first.origin).toEqual({ kind: 'development-generated', file: join(dir.path, DEVELOPMENT_KEY_FILE_NAME) });
    expect(statSync(first.origin.file).mode & 0o777).toBe(0o600);
    expect(readFileSync(first.origin.file, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const second = loadSigningKey({ dataDir: dir.path, production: false });
    expect(second.origin.kind).toBe('development-reused');
    expect(publicJwkOf(second.privateKey)).toEqual(publicJwkOf(first.privateKey));
  });

  it('uses the configured PKCS#8 PEM, in production too', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const file = pemFile(privateKey.export({ format: 'pem', type: 'pkcs8' }));
    const loaded = loadSigningKey({ keyFile: file, dataDir: dir.path, production: true });
    expect(loaded.origin).toEqual({ kind: 'configured', file });
    expect(publicJwkOf(loaded.privateKey)).toEqual(publicJwkOf(privateKey));
  });

  it('production without a configured key refuses to start, naming the setting', () => {
    const attempt = () => loadSigningKey({ dataDir: dir.path, production: true });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/NODE_ENV=production needs EVIDENCE_SIGNING_KEY_FILE/);
  });

  it.each([
    [
      'a key of another algorithm',
      () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }),
      /must hold an Ed25519 private key \(got ec\)/,
    ],
    ['a public key', () => generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }), /PKCS#8 PEM/],
    ['no key at all', () => 'hello', /PKCS#8 PEM/],
  ])('refuses %s with a configuration error', (_label, pem, message) => {
    const attempt = () => loadSigningKey({ keyFile: pemFile(pem()), dataDir: dir.path, production: true });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
  });
});
