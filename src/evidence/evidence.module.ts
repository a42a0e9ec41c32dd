import { Module, type OnModuleInit } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { BillingModule } from '../billing/billing.module';
import { LedgerModule } from '../ledger/ledger.module';
import { PracticeModule } from '../practice/practice.module';
import { ProjectionHost } from '../projections/projections.module';
import { SubmissionIndex } from './access/submission-index';
import { SubmissionIndexProjection } from './access/submission-index.projection';
import { EvidencePackets } from './evidence-packets';
import { EvidenceResolver } from './graphql/evidence.resolver';
import { BillingStreamExportController } from './http/billing-stream-export.controller';
import { EvidencePdfController } from './http/evidence-pdf.controller';
import { SigningKeyController } from './http/signing-key.controller';
import { SigningKeyModule } from './signing/signing-key.module';

/**
 * Evidence packets for payers (architecture decision 14): the signed canonical JSON, its PDF and FHIR R4 bundle,
 * the published signing key, the evidence index that scopes payers to the claims submitted to them, and the billing
 * stream's export that lets a practice's auditors check the month close a packet cites.
 */
@Module({
  imports: [PracticeModule, BillingModule, AuditModule, SigningKeyModule, LedgerModule],
  controllers: [EvidencePdfController, SigningKeyController, BillingStreamExportController],
  providers: [SubmissionIndex, EvidencePackets, EvidenceResolver],
  // Documentation requests answer with signed packets and FHIR documents, and find claims in the index.
  exports: [SubmissionIndex, EvidencePackets, SigningKeyModule],
})
export class EvidenceModule implements OnModuleInit {
  constructor(private readonly projections: ProjectionHost) {}

  onModuleInit() {
    this.projections.register(new SubmissionIndexProjection());
  }
}
