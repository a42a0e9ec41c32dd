import { Module, type OnModuleInit } from '@nestjs/common';
import { PatientStreamModule } from '../patient-stream/patient-stream.module';
import { ProjectionHost } from '../projections/projections.module';
import { OnCallSchedule } from './on-call-schedule';
import { ProgramProjection } from './program.projection';
import { ProgramRepository } from './program.repository';
import { ProgramResolver } from './program.resolver';

/** 24/7 on-call coverage and the outreach cadence of each program, on the practice's `program-<id>` stream. */
@Module({
  imports: [PatientStreamModule],
  providers: [ProgramRepository, ProgramResolver, OnCallSchedule],
  exports: [ProgramRepository, OnCallSchedule],
})
export class OnCallModule implements OnModuleInit {
  constructor(private readonly projections: ProjectionHost) {}

  onModuleInit() {
    this.projections.register(new ProgramProjection());
  }
}
