import { Module, type OnModuleInit } from '@nestjs/common';
import { ProjectionHost } from '../projections/projections.module';
import { PracticeProjection } from './practice.projection';
import { PracticeRepository } from './practice.repository';
import { PracticeResolver } from './practice.resolver';

@Module({
  providers: [PracticeResolver, PracticeRepository],
  exports: [PracticeRepository],
})
export class PracticeModule implements OnModuleInit {
  constructor(private readonly projections: ProjectionHost) {}

  onModuleInit() {
    this.projections.register(new PracticeProjection());
  }
}
