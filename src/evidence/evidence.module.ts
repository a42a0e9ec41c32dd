import { Module, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { AuditModule } from '../audit/audit.module';
import { BillingModule } from '../billing/billing.module';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { LOGGER } from '../config/logger';
import { PracticeModule } from '../practice/practice.module';
import { ProjectionHost } from '../projections/projections.module';
import { SubmissionIndex } from './access/submission-index';
import { SubmissionIndexProjection } from './access/submission-index.projection';
import { EvidencePackets } from './evidence-packets';
import { EvidenceResolver } from './graphql/evidence.resolver';
import { BillingStreamExportController } from './http/billing-stream-export.controller';
import { EvidencePdfController } from './http/evidence-pdf.controller';
import { SigningKeyController } from './http/signing-key.controller';
import { EvidenceSigner } from './signing/evidence-signer';
import { loadSigningKey } from './signing/signing-key';

/**
 * Evidence packets for payers (architecture decision 14): the signed canonical JSON, its PDF and FHIR R4 bundle,
 * the published signing key, the evidence index that scopes payers to the claims submitted to them, and the billing
 * stream's export that lets a practice's auditors check the month close a packet cites.
 */
@Module({
  imports: [PracticeModule, BillingModule, AuditModule],
  controllers: [EvidencePdfController, SigningKeyController, BillingStreamExportController],
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
    SubmissionIndex,
    EvidencePackets,
    EvidenceResolver,
  ],
})
export class EvidenceModule implements OnModuleInit {
  constructor(private readonly projections: ProjectionHost) {}

  onModuleInit() {
    this.projections.register(new SubmissionIndexProjection());
  }
}
