import { Module, type OnModuleInit } from '@nestjs/common';
import { OnCallModule } from '../on-call/on-call.module';
import { ProjectionHost } from '../projections/projections.module';
import { TasksModule } from '../tasks/tasks.module';
import { TaskRuleRunner } from './task-rule-runner';
import { TaskRuleProjection } from './task-rule.projection';

/** The tasks the program opens by itself: consent renewal, care-plan review, transition follow-up, monthly outreach. */
@Module({
  imports: [TasksModule, OnCallModule],
  providers: [TaskRuleRunner],
  exports: [TaskRuleRunner],
})
export class TaskRulesModule implements OnModuleInit {
  constructor(private readonly projections: ProjectionHost) {}

  onModuleInit() {
    this.projections.register(new TaskRuleProjection());
  }
}
