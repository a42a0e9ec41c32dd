import { Module } from '@nestjs/common';
import { PatientStreamModule } from '../patient-stream/patient-stream.module';
import { PracticeModule } from '../practice/practice.module';
import { CareTeamFieldsResolver, CareTeamResolver } from './care-team.resolver';

/** The dedicated care manager and the care team; both are part of the patient record. */
@Module({
  imports: [PatientStreamModule, PracticeModule],
  providers: [CareTeamResolver, CareTeamFieldsResolver],
})
export class CareTeamModule {}
