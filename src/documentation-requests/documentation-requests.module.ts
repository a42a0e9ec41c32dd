import { Module, type OnModuleInit } from '@nestjs/common';
import { EvidenceModule } from '../evidence/evidence.module';
import { PracticeModule } from '../practice/practice.module';
import { ProjectionHost } from '../projections/projections.module';
import { BillingMonthRequestsResolver } from './billing-month-requests.resolver';
import { FhirTaskController } from './cdex/fhir-task.controller';
import { PayerDelivery } from './cdex/payer-delivery';
import { DocumentationRequestProjection } from './documentation-request.projection';
import { DocumentationRequestRepository } from './documentation-request.repository';
import { DocumentationRequests } from './documentation-requests.service';
import { DocumentationRequestsResolver } from './documentation-requests.resolver';
import { ResponsePdfController } from './response-pdf.controller';

/** Payers' documentation requests (Medicare ADRs, Da Vinci CDex attachment requests) and their signed answers. */
@Module({
  imports: [PracticeModule, EvidenceModule],
  controllers: [FhirTaskController, ResponsePdfController],
  providers: [DocumentationRequestRepository, DocumentationRequests, DocumentationRequestsResolver, BillingMonthRequestsResolver, PayerDelivery],
})
export class DocumentationRequestsModule implements OnModuleInit {
  constructor(private readonly projections: ProjectionHost) {}

  onModuleInit() {
    this.projections.register(new DocumentationRequestProjection());
  }
}
