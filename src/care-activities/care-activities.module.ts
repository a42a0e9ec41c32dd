import { Module, type OnModuleInit } from '@nestjs/common';
import { PatientStreamModule } from '../patient-stream/patient-stream.module';
import { ProjectionHost } from '../projections/projections.module';
import { CareActivityProjection } from './care-activity.projection';
import { CareActivityRepository } from './care-activity.repository';
import { CareActivityResolver } from './care-activity.resolver';

/** Time entries of care management (calls and other activities), their corrections and voids. */
@Module({
  imports: [PatientStreamModule],
  providers: [CareActivityResolver, CareActivityRepository],
  exports: [CareActivityRepository],
})
export class CareActivitiesModule implements OnModuleInit {
  constructor(private readonly projections: ProjectionHost) {}

  onModuleInit() {
    this.projections.register(new CareActivityProjection());
  }
}
