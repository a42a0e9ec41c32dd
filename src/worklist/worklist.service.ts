import { Inject, Injectable } from '@nestjs/common';
import type { Database } from 'better-sqlite3';
import { BillingRepository } from '../billing/read/billing.repository';
import type { PatientMonthRow } from '../billing/projection/billing-read-model';
import { monthBounds } from '../kernel/calendar';
import { PatientRepository } from '../patients/patient.repository';
import type { PatientView } from '../patients/patient.view';
import { READ_DB } from '../projections/projections.module';
import { PracticeCalendar } from '../tasks/practice-calendar';
import { TaskRepository } from '../tasks/task.repository';
import { compareUrgency, worklistFigures, type WorklistFigures } from './worklist-rules';

/** One patient's row of a month's worklist, before its patient is attached. */
export type WorklistRow = WorklistFigures & { patientId: string; month: string; careManagerId: string | null };

/** GraphQL `WorklistItem`. */
export type WorklistItemView = Omit<WorklistRow, 'patientId' | 'urgency'> & { patient: PatientView };

interface MonthContext {
  practiceId: string;
  month: string;
  today: string;
  fromMs: number;
  toMs: number;
  careManagers: Map<string, string | null>;
  lastContacts: Map<string, number>;
  tasks: Map<string, { open: number; overdue: number }>;
}

/**
 * Builds a practice's worklist for a month from three read models: billing's stored results (the same rows
 * `billingMonth` answers, so every figure is the rules engine's), the tasks, and the worklist's care managers and
 * contacts. Nothing is stored twice: a row is derived when asked for, in the practice's calendar day.
 */
@Injectable()
export class WorklistService {
  constructor(
    @Inject(READ_DB) private readonly db: Database,
    private readonly billing: BillingRepository,
    private readonly tasks: TaskRepository,
    private readonly patients: PatientRepository,
    private readonly calendar: PracticeCalendar,
  ) {}

  /** Every patient enrolled by the month's end, most urgent first; `careManagerId` keeps that care manager's own. */
  rows(practiceId: string, month: string, careManagerId: string | null): WorklistRow[] {
    const practice = this.billing.practice(practiceId);
    const rows = this.billing.monthRows(practice, month, this.billing.ruleYearFor(month));
    const context = this.context(practiceId, month, practice.timeZone);
    const mine = careManagerId === null ? rows : rows.filter((row) => context.careManagers.get(row.patientId) === careManagerId);
    return mine.map((row) => this.rowOf(context, row)).sort(compareUrgency);
  }

  /** One patient's row (for worklistChanged); NOT_FOUND for another practice's patient. */
  row(practiceId: string, month: string, patientId: string): WorklistRow {
    const practice = this.billing.practice(practiceId);
    const patient = this.billing.patient(practiceId, patientId);
    const stored = this.billing.patientRow(practice, patient, month, this.billing.ruleYearFor(month));
    return this.rowOf(this.context(practiceId, month, practice.timeZone, patient.patientId), stored);
  }

  /** The row with its patient, as GraphQL answers it. */
  item(practiceId: string, row: WorklistRow): WorklistItemView {
    const { patientId, urgency: _urgency, ...figures } = row;
    const patient = this.patients.byId(practiceId, patientId);
    if (!patient) throw new Error(`The worklist names patient ${patientId}, whom the patients read model does not have`);
    return { ...figures, patient };
  }

  private rowOf(context: MonthContext, { patientId, result }: PatientMonthRow): WorklistRow {
    const lastContactMs = context.lastContacts.get(patientId);
    const tasks = context.tasks.get(patientId) ?? { open: 0, overdue: 0 };
    const figures = worklistFigures({
      month: context.month,
      today: context.today,
      result,
      lastContactAt: lastContactMs === undefined ? null : new Date(lastContactMs).toISOString(),
      contactThisMonth: lastContactMs !== undefined && lastContactMs >= context.fromMs,
      openTaskCount: tasks.open,
      overdueTaskCount: tasks.overdue,
    });
    return { ...figures, patientId, month: context.month, careManagerId: context.careManagers.get(patientId) ?? null };
  }

  private context(practiceId: string, month: string, timeZone: string, patientId?: string): MonthContext {
    const today = this.calendar.today(practiceId);
    const { start, end } = monthBounds(month, timeZone);
    const one = patientId ?? null;
    const careManagers = this.db
      .prepare('SELECT patient_id AS patientId, care_manager_id AS careManagerId FROM worklist_patients WHERE practice_id = @practiceId AND (@one IS NULL OR patient_id = @one)')
      .all({ practiceId, one }) as { patientId: string; careManagerId: string | null }[];
    const contacts = this.db
      .prepare(`SELECT patient_id AS patientId, max(started_ms) AS lastMs FROM worklist_contacts
        WHERE practice_id = @practiceId AND voided = 0 AND started_ms < @toMs AND (@one IS NULL OR patient_id = @one) GROUP BY patient_id`)
      .all({ practiceId, toMs: end.getTime(), one }) as { patientId: string; lastMs: number }[];
    return {
      practiceId,
      month,
      today,
      fromMs: start.getTime(),
      toMs: end.getTime(),
      careManagers: new Map(careManagers.map((row) => [row.patientId, row.careManagerId])),
      lastContacts: new Map(contacts.map((row) => [row.patientId, row.lastMs])),
      tasks: this.tasks.openCounts(practiceId, today, patientId),
    };
  }
}
