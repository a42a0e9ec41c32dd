import { Module, type OnModuleInit } from '@nestjs/common';
import { ProjectionHost } from '../projections/projections.module';
import { ConfigurePracticeHandler, DeactivateStaffMemberHandler, RegisterStaffMemberHandler } from './practice.commands';
import { PracticeProjection } from './practice.projection';
import { PracticeRepository } from './practice.repository';
import { PracticeResolver } from './practice.resolver';

@Module({
  providers: [PracticeResolver, PracticeRepository, ConfigurePracticeHandler, RegisterStaffMemberHandler, DeactivateStaffMemberHandler],
  exports: [PracticeRepository],
})
export class PracticeModule implements OnModuleInit {
  constructor(private readonly projections: ProjectionHost) {}

  onModuleInit() {
    this.projections.register(new PracticeProjection());
  }
}
