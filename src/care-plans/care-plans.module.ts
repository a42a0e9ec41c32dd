import { Module } from '@nestjs/common';
import { PatientsModule } from '../patients/patients.module';
import { CreateCarePlanHandler, ReviseCarePlanHandler, ShareCarePlanHandler } from './care-plan.commands';
import { CarePlanResolver } from './care-plan.resolver';

/** The comprehensive care plan: created by a practitioner, revised by clinical staff, shared with the patient. */
@Module({
  imports: [PatientsModule],
  providers: [CarePlanResolver, CreateCarePlanHandler, ReviseCarePlanHandler, ShareCarePlanHandler],
})
export class CarePlansModule {}
