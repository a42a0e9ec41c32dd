import { Module } from '@nestjs/common';
import { PatientCommands } from './patient-commands';
import { PracticeContextLoader } from './practice-context-loader';

/** What every care-record slice needs to run commands on a patient's stream. */
@Module({
  providers: [PracticeContextLoader, PatientCommands],
  exports: [PatientCommands, PracticeContextLoader],
})
export class PatientStreamModule {}
