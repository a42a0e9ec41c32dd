import { Module } from '@nestjs/common';
import { PatientStreamModule } from '../patient-stream/patient-stream.module';
import { ConsentResolver } from './consent.resolver';

/** Consent to care management and its revocation, on the patient's stream. */
@Module({
  imports: [PatientStreamModule],
  providers: [ConsentResolver],
})
export class ConsentModule {}
