import { Module } from '@nestjs/common';
import { PatientStreamModule } from '../patient-stream/patient-stream.module';
import { CarePlanResolver } from './care-plan.resolver';

/** The comprehensive care plan: created by a practitioner, revised by clinical staff, shared with the patient. */
@Module({
  imports: [PatientStreamModule],
  providers: [CarePlanResolver],
})
export class CarePlansModule {}
