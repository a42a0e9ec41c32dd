import { Module } from '@nestjs/common';
import { PatientsModule } from '../patients/patients.module';
import { GiveConsentHandler, RevokeConsentHandler } from './consent.commands';
import { ConsentResolver } from './consent.resolver';

/** Consent to care management and its revocation, on the patient's stream. */
@Module({
  imports: [PatientsModule],
  providers: [ConsentResolver, GiveConsentHandler, RevokeConsentHandler],
})
export class ConsentModule {}
