import { Module, type OnModuleInit } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { BillingModule } from '../billing/billing.module';
import { PatientStreamModule } from '../patient-stream/patient-stream.module';
import { PracticeModule } from '../practice/practice.module';
import { ProjectionHost } from '../projections/projections.module';
import { TasksModule } from '../tasks/tasks.module';
import { WorklistChanges } from './worklist-changes';
import { WorklistProjection } from './worklist.projection';
import { WorklistResolver } from './worklist.resolver';
import { WorklistService } from './worklist.service';

/** The month's worklist: billing's figures, tasks, care managers and contacts, most urgent first. */
@Module({
  imports: [AuditModule, BillingModule, PatientStreamModule, PracticeModule, TasksModule],
  providers: [WorklistService, WorklistChanges, WorklistResolver],
})
export class WorklistModule implements OnModuleInit {
  constructor(private readonly projections: ProjectionHost) {}

  onModuleInit() {
    this.projections.register(new WorklistProjection());
  }
}
