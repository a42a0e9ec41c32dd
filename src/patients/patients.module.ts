import { Module, type OnModuleInit } from '@nestjs/common';
import { ProjectionHost } from '../projections/projections.module';
import { BeneficiaryRegistryService } from './beneficiaries/beneficiary-registry.service';
import { PatientCommandRunner } from './patient-command-runner';
import { PATIENT_COMMAND_HANDLERS } from './patient.commands';
import { PatientProjection } from './patient.projection';
import { PatientRepository } from './patient.repository';
import { PatientFieldsResolver, PatientResolver } from './patient.resolver';
import { PracticeContextLoader } from './practice-context';

/** The patient record: enrolment, conditions, visits, services billed elsewhere, and the patient queries. */
@Module({
  providers: [PracticeContextLoader, PatientCommandRunner, BeneficiaryRegistryService, PatientRepository, PatientResolver, PatientFieldsResolver, ...PATIENT_COMMAND_HANDLERS],
  exports: [PatientCommandRunner, PatientRepository],
})
export class PatientsModule implements OnModuleInit {
  constructor(private readonly projections: ProjectionHost) {}

  onModuleInit() {
    this.projections.register(new PatientProjection());
  }
}
