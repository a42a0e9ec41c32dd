import { Module, type OnModuleInit } from '@nestjs/common';
import { ProjectionHost } from '../projections/projections.module';
import { PatientStreamModule } from '../patient-stream/patient-stream.module';
import { BeneficiaryRegistryService } from '../patients/beneficiaries/beneficiary-registry.service';
import { EnrolmentResolver, PatientEnrollmentResolver, PatientRiskResolver } from './enrolment.resolver';
import { EhrLinksProjection } from './fhir-import/ehr-links.projection';
import { EhrLinksRepository } from './fhir-import/ehr-links.repository';
import { FhirImportController } from './fhir-import/fhir-import.controller';
import { FhirImportService } from './fhir-import/fhir-import.service';
import { BillingModule } from '../billing/billing.module';
import { ProgramMetricsController } from './metrics/program-metrics.controller';
import { ProgramMetricsService } from './metrics/program-metrics.service';

/** Finding and enrolling eligible patients: registration, coverage, declines, unenrolment, EHR intake, metrics. */
@Module({
  imports: [PatientStreamModule, BillingModule],
  controllers: [FhirImportController, ProgramMetricsController],
  providers: [
    BeneficiaryRegistryService,
    EhrLinksRepository,
    FhirImportService,
    ProgramMetricsService,
    EnrolmentResolver,
    PatientRiskResolver,
    PatientEnrollmentResolver,
  ],
})
export class EnrolmentModule implements OnModuleInit {
  constructor(private readonly projections: ProjectionHost) {}

  onModuleInit() {
    this.projections.register(new EhrLinksProjection());
  }
}
