import { Module } from '@nestjs/common';
import { PatientStreamModule } from '../patient-stream/patient-stream.module';
import { BeneficiaryRegistryService } from '../patients/beneficiaries/beneficiary-registry.service';
import { PatientRepository } from '../patients/patient.repository';
import { EnrolmentResolver, PatientRiskResolver } from './enrolment.resolver';

/** Finding and enrolling eligible patients: registration, coverage, declines, unenrolment, EHR intake, metrics. */
@Module({
  imports: [PatientStreamModule],
  providers: [PatientRepository, BeneficiaryRegistryService, EnrolmentResolver, PatientRiskResolver],
})
export class EnrolmentModule {}
