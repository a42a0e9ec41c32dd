import type { AppConfig } from '../../config/config';
import { EvidenceSigner } from '../../evidence/signing/evidence-signer';
import { loadSigningKey } from '../../evidence/signing/signing-key';

/** The public half of the key this instance signs heads with, as the server itself loads it. */
export function instancePublicKey(config: AppConfig): Buffer {
  const { privateKey } = loadSigningKey({ keyFile: config.evidenceSigningKeyFile, dataDir: config.dataDir, production: config.production });
  return new EvidenceSigner(privateKey).publicKeyBytes;
}
