import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Database } from 'better-sqlite3';
import type { Logger } from 'pino';
import type { PracticeActor } from '../auth/actor';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { LOGGER } from '../config/logger';
import { localDate, monthBounds } from '../kernel/calendar';
import { CLOCK, type Clock } from '../kernel/clock';
import { DomainError } from '../kernel/domain-error';
import { ProgramRepository } from '../on-call/program.repository';
import { ProjectionHost, READ_DB } from '../projections/projections.module';
import { TaskCommands } from '../tasks/task-commands';
import { outreachTask, ruleCommandId, ruleTaskId, type RuleTask } from './task-rules';

/** The author of the program's own tasks, as their events name it. */
export const TASK_RULES_ACTOR_ID = 'careledger-task-rules';

/** How often the outreach cadence is checked (the day may turn, a contact may arrive). */
const CADENCE_CHECK_MS = 15 * 60 * 1000;

/** Rule keys name a patient id, which two practices may both use. */
const refusalKey = (task: Owed) => `${task.practiceId}/${task.key}`;

type Owed = { key: string; patientId: string; practiceId: string; kind: RuleTask['kind']; origin: RuleTask['origin']; title: string; dueOn: string };

/**
 * The process manager of the program's rules. It opens each task the rules owe, as the program: the event-driven
 * ones from the durable to-do list (task-rule.projection.ts) after every committed batch and at start, and the monthly
 * outreach on a timer. Each task's id and commandId derive from its trigger, so opening it again (after a restart,
 * a rebuild of the read models, or from a second instance at the same time) is recognised as a retry and appends
 * nothing: a rule never opens the same task twice.
 */
@Injectable()
export class TaskRuleRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private running: Promise<void> | null = null;
  private again = false;
  private timer?: NodeJS.Timeout;
  private stopListening?: () => void;
  /** Keys the decider refused (a patient no longer enrolled...): not tried again until the next start. */
  private readonly refused = new Set<string>();

  constructor(
    @Inject(READ_DB) private readonly db: Database,
    private readonly projections: ProjectionHost,
    private readonly tasks: TaskCommands,
    private readonly program: ProgramRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.taskRules) return;
    this.stopListening = this.projections.engine.onBatchCommitted(() => void this.run());
    this.timer = setInterval(() => void this.run(), CADENCE_CHECK_MS);
    this.timer.unref();
    void this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopListening?.();
    clearInterval(this.timer);
    this.again = false;
    await this.running;
  }

  /** One pass over everything owed; a call during a pass schedules one more pass after it. Resolves when idle. */
  run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.openOwed(this.owedByEvents());
          await this.openOwed(this.owedByCadence());
        } catch (error) {
          this.logger.error({ err: error }, 'task rules: a pass failed; it is tried again after the next batch');
        }
      } while (this.again);
      this.running = null;
    })();
    return this.running;
  }

  /** Triggers whose task the tasks read model does not show yet, oldest first. */
  private owedByEvents(): Owed[] {
    return this.db
      .prepare(
        `SELECT i.key, i.patient_id AS patientId, i.practice_id AS practiceId, i.kind, i.origin, i.title, i.due_on AS dueOn
        FROM task_rule_intents i LEFT JOIN tasks t ON t.practice_id = i.practice_id AND t.patient_id = i.patient_id AND t.task_id = i.task_id
        WHERE t.task_id IS NULL ORDER BY i.position, i.key LIMIT 500`,
      )
      .all() as Owed[];
  }

  /** This month's outreach task of every patient with no contact yet, once their program's cadence opens it. */
  private owedByCadence(): Owed[] {
    const practices = this.db.prepare('SELECT practice_id AS practiceId, time_zone AS timeZone FROM task_rule_practices').all() as {
      practiceId: string;
      timeZone: string;
    }[];
    const owed: Owed[] = [];
    const now = this.clock.now();
    for (const { practiceId, timeZone } of practices) {
      const today = localDate(now, timeZone);
      const month = today.slice(0, 7);
      const { start } = monthBounds(month, timeZone);
      for (const cadence of this.program.cadences(practiceId)) {
        if (!outreachTask({ patientId: '', practiceId }, month, today, cadence)) continue;
        const patients = this.db
          .prepare(
            `SELECT p.patient_id FROM worklist_patients p WHERE p.practice_id = ? AND p.program = ?
            AND NOT EXISTS (SELECT 1 FROM worklist_contacts c WHERE c.practice_id = p.practice_id AND c.patient_id = p.patient_id AND c.voided = 0 AND c.started_ms >= ?)`,
          )
          .pluck()
          .all(practiceId, cadence.program, start.getTime()) as string[];
        const hasTask = this.db.prepare('SELECT 1 FROM tasks WHERE practice_id = ? AND patient_id = ? AND task_id = ?').pluck();
        for (const patientId of patients) {
          const task = outreachTask({ patientId, practiceId }, month, today, cadence)!;
          if (!hasTask.get(practiceId, patientId, ruleTaskId(task.key))) owed.push(task);
        }
      }
    }
    return owed;
  }

  private async openOwed(owed: Owed[]): Promise<void> {
    for (const task of owed) {
      if (this.refused.has(refusalKey(task))) continue;
      await this.open(task);
    }
  }

  private async open(task: Owed): Promise<void> {
    const actor: PracticeActor = { id: TASK_RULES_ACTOR_ID, roles: [], practiceId: task.practiceId };
    const zone = this.db.prepare('SELECT time_zone FROM task_rule_practices WHERE practice_id = ?').pluck().get(task.practiceId) as string;
    const today = localDate(this.clock.now(), zone);
    // A trigger recorded late (or a rule catching up after downtime) still opens its task, due today at the earliest.
    const dueOn = task.dueOn < today ? today : task.dueOn;
    const careManager = this.db
      .prepare(
        `SELECT p.care_manager_id FROM worklist_patients p JOIN staff_members s ON s.practice_id = p.practice_id AND s.staff_id = p.care_manager_id
        WHERE p.practice_id = ? AND p.patient_id = ? AND s.active = 1`,
      )
      .pluck()
      .get(task.practiceId, task.patientId) as string | undefined;
    try {
      await this.tasks.execute(
        'CreateTask',
        {
          commandId: ruleCommandId(task.key),
          taskId: ruleTaskId(task.key),
          patientId: task.patientId,
          kind: task.kind,
          title: task.title,
          assigneeId: careManager ?? null,
          dueOn,
          origin: task.origin,
        },
        actor,
      );
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      // Ids only: the title may name people.
      this.refused.add(refusalKey(task));
      this.logger.warn({ patientId: task.patientId, origin: task.origin, code: error.code }, 'task rules: the task was refused; not opened');
    }
  }
}
