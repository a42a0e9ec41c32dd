import { Module, type OnModuleInit } from '@nestjs/common';
import { PatientStreamModule } from '../patient-stream/patient-stream.module';
import { PracticeModule } from '../practice/practice.module';
import { ProjectionHost } from '../projections/projections.module';
import { PracticeCalendar } from './practice-calendar';
import { TaskCommands } from './task-commands';
import { TaskProjection } from './task.projection';
import { TaskRepository } from './task.repository';
import { TaskFieldsResolver, TaskResolver } from './task.resolver';

/** Tasks of a patient's care (stream tasks-<patientId>) and the tasks read model. */
@Module({
  imports: [PatientStreamModule, PracticeModule],
  providers: [TaskRepository, PracticeCalendar, TaskCommands, TaskResolver, TaskFieldsResolver],
  exports: [TaskRepository, PracticeCalendar, TaskCommands],
})
export class TasksModule implements OnModuleInit {
  constructor(private readonly projections: ProjectionHost) {}

  onModuleInit() {
    this.projections.register(new TaskProjection());
  }
}
