import { Module } from '@nestjs/common';
import { PatientRepository } from '../patients/patient.repository';
import { PatientCommands } from './patient-commands';
import { PatientStreamKeys } from './patient-stream-key';
import { PracticeContextLoader } from './practice-context-loader';

/** What every care-record slice needs to run commands on a patient's stream. */
@Module({
  providers: [PracticeContextLoader, PatientCommands, PatientRepository, PatientStreamKeys],
  exports: [PatientCommands, PatientRepository, PracticeContextLoader, PatientStreamKeys],
})
export class PatientStreamModule {}
