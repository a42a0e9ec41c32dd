import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { PracticeActor } from '../auth/actor';
import { CurrentPracticeActor, Roles } from '../auth/auth.guard';
import { MAX_PAGE_SIZE, pageWindow, toConnection } from '../graphql/pagination';
import { CorrelationId } from '../graphql/request-context';
import { notFound } from '../kernel/domain-error';
import { isUuid } from '../kernel/ids';
import { ADMINISTRATIVE_AUTHORS, CARE_RECORD_READERS } from '../patient-stream/care-record-roles';
import type { PatientView } from '../patients/patient.view';
import { preconditionFailed } from '../kernel/domain-error';
import { PracticeCalendar } from './practice-calendar';
import { TaskCommands } from './task-commands';
import type { TaskState } from './task.state';
import { AssignTaskInput, CancelTaskInput, CompleteTaskInput, CreateTaskInput } from './task.inputs';
import { TaskRepository, type TaskFilter } from './task.repository';
import { findTask } from './task.state';
import { toTaskView, type TaskView } from './task.view';

/** Who writes tasks: the care team's staff and the practice's management; every practice role reads them. */
export const TASK_AUTHORS = ADMINISTRATIVE_AUTHORS;
export const TASK_READERS = CARE_RECORD_READERS;

@Resolver()
export class TaskResolver {
  constructor(
    private readonly taskCommands: TaskCommands,
    private readonly tasks: TaskRepository,
    private readonly calendar: PracticeCalendar,
  ) {}

  @Query('tasks')
  @Roles(...TASK_READERS)
  list(@CurrentPracticeActor() actor: PracticeActor, @Args('filter') filter?: TaskFilter | null, @Args('first') first?: number, @Args('after') after?: string) {
    const window = pageWindow(first, after);
    const { tasks, totalCount } = this.tasks.search(actor.practiceId, filter ?? {}, this.calendar.today(actor.practiceId), window);
    return toConnection(tasks, window, totalCount);
  }

  @Mutation('createTask')
  @Roles(...TASK_AUTHORS)
  async createTask(@Args('input') input: CreateTaskInput, @CurrentPracticeActor() actor: PracticeActor, @CorrelationId() correlationId?: string) {
    const taskId = input.taskId.toLowerCase();
    // Task ids name one task across the practice (completeTask finds the patient by it).
    const holder = this.tasks.patientOf(actor.practiceId, taskId);
    if (holder && holder !== input.patientId.toLowerCase()) throw preconditionFailed('TASK_ID_IN_USE', `taskId ${taskId} already names another task`);
    const tasks = await this.taskCommands.execute('CreateTask', { ...input, taskId, origin: 'MANUAL' }, actor, correlationId);
    return this.taskOf(actor, input.patientId.toLowerCase(), tasks, taskId);
  }

  @Mutation('assignTask')
  @Roles(...TASK_AUTHORS)
  async assignTask(@Args('input') input: AssignTaskInput, @CurrentPracticeActor() actor: PracticeActor, @CorrelationId() correlationId?: string) {
    const taskId = input.taskId.toLowerCase();
    const patientId = this.patientOf(actor, taskId);
    return this.taskOf(actor, patientId, await this.taskCommands.execute('AssignTask', { ...input, taskId, patientId }, actor, correlationId), taskId);
  }

  @Mutation('completeTask')
  @Roles(...TASK_AUTHORS)
  async completeTask(@Args('input') input: CompleteTaskInput, @CurrentPracticeActor() actor: PracticeActor, @CorrelationId() correlationId?: string) {
    const taskId = input.taskId.toLowerCase();
    const patientId = this.patientOf(actor, taskId);
    return this.taskOf(actor, patientId, await this.taskCommands.execute('CompleteTask', { ...input, taskId, patientId }, actor, correlationId), taskId);
  }

  @Mutation('cancelTask')
  @Roles(...TASK_AUTHORS)
  async cancelTask(@Args('input') input: CancelTaskInput, @CurrentPracticeActor() actor: PracticeActor, @CorrelationId() correlationId?: string) {
    const taskId = input.taskId.toLowerCase();
    const patientId = this.patientOf(actor, taskId);
    return this.taskOf(actor, patientId, await this.taskCommands.execute('CancelTask', { ...input, taskId, patientId }, actor, correlationId), taskId);
  }

  /** Another practice's task is answered exactly like an unknown one. */
  private patientOf(actor: PracticeActor, taskId: string): string {
    const patientId = isUuid(taskId) ? this.tasks.patientOf(actor.practiceId, taskId) : undefined;
    if (!patientId) throw notFound(`Task ${taskId}`);
    return patientId;
  }

  private taskOf(actor: PracticeActor, patientId: string, tasks: TaskState[], taskId: string): TaskView {
    const task = findTask(tasks, taskId);
    if (!task) throw new Error('A task command succeeded without its task');
    return toTaskView(patientId, task, this.calendar.today(actor.practiceId));
  }
}

@Resolver('Patient')
export class TaskFieldsResolver {
  constructor(
    private readonly tasks: TaskRepository,
    private readonly calendar: PracticeCalendar,
  ) {}

  /** Open tasks, due first; overdue as of today in the practice's zone. */
  @ResolveField('openTasks')
  openTasks(@Parent() patient: PatientView) {
    const window = { offset: 0, limit: MAX_PAGE_SIZE };
    return this.tasks.search(patient.practiceId, { patientId: patient.id, status: 'OPEN' }, this.calendar.today(patient.practiceId), window).tasks;
  }
}
