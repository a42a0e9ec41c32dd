import { Module, type OnModuleInit } from '@nestjs/common';
import { ProjectionHost } from '../projections/projections.module';
import { PatientStreamModule } from '../patient-stream/patient-stream.module';
import { BeneficiaryRegistryService } from './beneficiaries/beneficiary-registry.service';
import { PatientProjection } from './patient.projection';
import { PatientRepository } from './patient.repository';
import { PatientFieldsResolver, PatientResolver } from './patient.resolver';

/** The patient record: enrolment, conditions, visits, services billed elsewhere, and the patient queries. */
@Module({
  imports: [PatientStreamModule],
  providers: [PatientRepository, BeneficiaryRegistryService, PatientResolver, PatientFieldsResolver],
  exports: [PatientRepository],
})
export class PatientsModule implements OnModuleInit {
  constructor(private readonly projections: ProjectionHost) {}

  onModuleInit() {
    this.projections.register(new PatientProjection());
  }
}
