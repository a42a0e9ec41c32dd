import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../config/config';

/** Where a development key lives inside DATA_DIR, so restarts (and every packet signed before) keep one key. */
export const DEVELOPMENT_KEY_FILE_NAME = 'evidence-signing-key.pem';

export interface SigningKeySettings {
  /** EVIDENCE_SIGNING_KEY_FILE, resolved; undefined when not configured. */
  keyFile?: string;
  dataDir: string;
  production: boolean;
}

export interface LoadedSigningKey {
  privateKey: KeyObject;
  /** Where it came from, for the start-up log (never the key itself). */
  origin: { kind: 'configured' | 'development-generated' | 'development-reused'; file: string };
}

function parsePrivateKey(pem: string, file: string, setting: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw new ConfigError(`${setting} (${file}) must hold a private key in PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----")`);
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new ConfigError(
      `${setting} (${file}) must hold an Ed25519 private key (got ${key.asymmetricKeyType}); create one with: openssl genpkey -algorithm ed25519 -out evidence-signing-key.pem`,
    );
  }
  return key;
}

/**
 * The key that signs evidence packets. Production uses the configured PEM and refuses to start without one: a key
 * generated on the machine would change with every new instance and packets signed by one instance would not
 * verify against another's published key. Outside production a key is generated once under DATA_DIR (mode 0600)
 * and reused; creating it exclusively (`wx`) lets two processes racing on one directory end with the same key.
 */
export function loadSigningKey(settings: SigningKeySettings): LoadedSigningKey {
  if (settings.keyFile) {
    return {
      privateKey: parsePrivateKey(readFileSync(settings.keyFile, 'utf8'), settings.keyFile, 'EVIDENCE_SIGNING_KEY_FILE'),
      origin: { kind: 'configured', file: settings.keyFile },
    };
  }
  if (settings.production) {
    throw new ConfigError('NODE_ENV=production needs EVIDENCE_SIGNING_KEY_FILE: the Ed25519 private key (PKCS#8 PEM) that signs evidence packets');
  }
  const file = join(settings.dataDir, DEVELOPMENT_KEY_FILE_NAME);
  const { privateKey } = generateKeyPairSync('ed25519');
  try {
    writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
    return { privateKey, origin: { kind: 'development-generated', file } };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return {
      privateKey: parsePrivateKey(readFileSync(file, 'utf8'), file, 'The development evidence signing key'),
      origin: { kind: 'development-reused', file },
    };
  }
}
