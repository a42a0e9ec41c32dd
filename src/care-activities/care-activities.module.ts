import { Module } from '@nestjs/common';
import { OnCallModule } from '../on-call/on-call.module';
import { PatientStreamModule } from '../patient-stream/patient-stream.module';
import { CareActivityResolver } from './care-activity.resolver';

/**
 * Time entries of care management (calls and other activities), their corrections and voids. They are read from
 * the patient record (the patients read model) and, month-wide, from the billing facts; no read model of their own.
 */
@Module({
  imports: [PatientStreamModule, OnCallModule],
  providers: [CareActivityResolver],
})
export class CareActivitiesModule {}
