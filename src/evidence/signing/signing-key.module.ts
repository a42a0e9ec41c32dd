import { Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { LOGGER } from '../../config/logger';
import { CLOCK, type Clock } from '../../kernel/clock';
import { FhirDocumentSigner } from '../fhir/document/fhir-document-signer';
import { loadFhirSigningKey } from '../fhir/document/fhir-signing-key';
import { EvidenceSigner } from './evidence-signer';
import { loadSigningKey } from './signing-key';

/**
 * The evidence signing key, shared by packets and the ledger's signed heads (one key, one kid in /evidence/jwks.json),
 * and the FHIR document signing key (an EC or RSA key with its certificate, for Bundle.signature).
 */
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
    {
      provide: FhirDocumentSigner,
      inject: [APP_CONFIG, LOGGER, CLOCK],
      useFactory: async (config: AppConfig, logger: Logger, clock: Clock) => {
        const key = await loadFhirSigningKey({
          keyFile: config.fhirSigningKeyFile,
          certificateFile: config.fhirSigningCertificateFile,
          dataDir: config.dataDir,
          production: config.production,
        });
        logger.info(
          { alg: key.alg, source: key.origin.kind, keyFile: key.origin.keyFile, certificateFile: key.origin.certificateFile },
          'FHIR document signing key loaded',
        );
        return new FhirDocumentSigner(key, clock);
      },
    },
  ],
  exports: [EvidenceSigner, FhirDocumentSigner],
})
export class SigningKeyModule {}
