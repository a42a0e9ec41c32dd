import { Module, type OnModuleInit } from '@nestjs/common';
import { PatientsModule } from '../patients/patients.module';
import { ProjectionHost } from '../projections/projections.module';
import { CorrectCallHandler, LogCallHandler, VoidCallHandler } from './care-activity.commands';
import { CareActivityProjection } from './care-activity.projection';
import { CareActivityRepository } from './care-activity.repository';
import { CareActivityResolver } from './care-activity.resolver';

/** Time entries of care management (calls and other activities), their corrections and voids. */
@Module({
  imports: [PatientsModule],
  providers: [CareActivityResolver, CareActivityRepository, LogCallHandler, CorrectCallHandler, VoidCallHandler],
  exports: [CareActivityRepository],
})
export class CareActivitiesModule implements OnModuleInit {
  constructor(private readonly projections: ProjectionHost) {}

  onModuleInit() {
    this.projections.register(new CareActivityProjection());
  }
}
