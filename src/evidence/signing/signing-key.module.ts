import { Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { LOGGER } from '../../config/logger';
import { EvidenceSigner } from './evidence-signer';
import { loadSigningKey } from './signing-key';

/** The evidence signing key, shared by packets and the ledger's signed heads (one key, one kid in /evidence/jwks.json). */
@Module({
  providers: [
    {
      provide: EvidenceSigner,
      inject: [APP_CONFIG, LOGGER],
      // Loaded once at start: a missing or unusable key stops the application with a ConfigError naming the setting.
      useFactory: (config: AppConfig, logger: Logger) => {
        const { privateKey, origin } = loadSigningKey({ keyFile: config.evidenceSigningKeyFile, dataDir: config.dataDir, production: config.production });
        const signer = new EvidenceSigner(privateKey);
        logger.info({ kid: signer.kid, source: origin.kind, file: origin.file }, 'evidence signing key loaded');
        return signer;
      },
    },
  ],
  exports: [EvidenceSigner],
})
export class SigningKeyModule {}
