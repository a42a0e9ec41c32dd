import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Database, Statement } from 'better-sqlite3';
import { BillingRepository } from '../billing/read/billing.repository';
import type { PatientMonthRow } from '../billing/projection/billing-read-model';
import { monthBounds } from '../kernel/calendar';
import { PatientRepository } from '../patients/patient.repository';
import type { PatientView } from '../patients/patient.view';
import type { RecordedEvent } from '../event-store/event-store.port';
import { ProjectionHost, READ_DB } from '../projections/projections.module';
import { PracticeCalendar } from '../tasks/practice-calendar';
import { TaskRepository } from '../tasks/task.repository';
import { compareUrgency, worklistFigures, worklistStanding, type UrgencyKey, type WorklistFigures, type WorklistResult } from './worklist-rules';

/** One patient's row of a month's worklist, before its patient is attached. */
export type WorklistRow = WorklistFigures & { patientId: string; month: string; careManagerId: string | null };

/** GraphQL `WorklistItem`. */
export type WorklistItemView = Omit<WorklistRow, 'patientId' | 'urgency'> & { patient: PatientView };

/** A page of the worklist and how many rows the whole list has. */
export interface WorklistPage {
  rows: WorklistRow[];
  totalCount: number;
}

type PatientRow = { patientId: string; careManagerId: string | null; lastContactMs: number | null };

interface MonthContext {
  practiceId: string;
  month: string;
  today: string;
  fromMs: number;
  toMs: number;
  patients: Map<string, PatientRow>;
  tasks: Map<string, { open: number; overdue: number }>;
}

/** A patient ranked in the worklist, before the row's words are made (only the rows answered need them). */
type Ranked = UrgencyKey & { result: WorklistResult };

/** Billing's results of one practice-month, as the worklist last read them, and the patients changed since. */
interface MonthResults {
  practiceId: string;
  results: Map<string, WorklistResult>;
  changed: Set<string>;
}

/** The part of billing's result the worklist reads (the rest of a result is not kept in memory). */
const worklistResultOf = ({ result }: PatientMonthRow): WorklistResult => ({
  clinicalStaffMinutes: result.clinicalStaffMinutes,
  practitionerMinutes: result.practitionerMinutes,
  lines: result.lines,
  blockers: result.blockers,
  minutesToNextCode: result.minutesToNextCode,
  nextCode: result.nextCode,
});

/** How many practice-months' results are kept in memory (the current month and a few others per practice). */
const CACHED_MONTHS = 24;
/** How many practices' care managers and last contacts are kept in memory. */
const CACHED_PRACTICES = 16;
const PATIENT_STREAM = 'patient-';

/**
 * Builds a practice's worklist for a month from three read models: billing's stored results (the same rows
 * `billingMonth` answers, so every figure is the rules engine's), the tasks, and the worklist's care managers and
 * contacts. Nothing is stored twice: a row is derived when asked for, in the practice's calendar day.
 *
 * Billing's results of a month are kept in memory once read (a 5,000-patient month is 5,000 stored JSON results to
 * parse): after each committed batch the patients it touched are read again on the next request, and a close, a claim
 * or a new zone drops the practice's months. The practice's care managers and latest contacts are kept the same way.
 * The engine calls batch listeners before anyone waiting for the batch's
 * position resumes, so a read after a write never sees the result from before it.
 */
@Injectable()
export class WorklistService implements OnApplicationShutdown {
  private readonly months = new Map<string, MonthResults>();
  /** Each practice's worklist_patients rows as last read, and the patients changed since (read again when asked). */
  private readonly practicePatients = new Map<string, { patients: Map<string, PatientRow>; changed: Set<string> }>();
  private stopListening?: () => void;
  private statements?: {
    practicePatients: Statement<[string], PatientRow>;
    patient: Statement<[string, string], PatientRow>;
    lastContactBefore: Statement<[string, string, number], number | null>;
  };

  constructor(
    @Inject(READ_DB) private readonly db: Database,
    private readonly billing: BillingRepository,
    private readonly tasks: TaskRepository,
    private readonly patients: PatientRepository,
    private readonly calendar: PracticeCalendar,
    private readonly projections: ProjectionHost,
  ) {}

  onApplicationShutdown(): void {
    this.stopListening?.();
  }

  /** Every patient enrolled by the month's end, most urgent first; `careManagerId` keeps that care manager's own. */
  rows(practiceId: string, month: string, careManagerId: string | null): WorklistRow[] {
    const { context, ranked } = this.ranked(practiceId, month, careManagerId);
    return ranked.map((patient) => this.rowOf(context, patient));
  }

  /** The rows [offset, offset + limit) of `rows`: every patient is ranked, only the page's rows are made. */
  page(practiceId: string, month: string, careManagerId: string | null, offset: number, limit: number): WorklistPage {
    const { context, ranked } = this.ranked(practiceId, month, careManagerId);
    return { rows: ranked.slice(offset, offset + limit).map((patient) => this.rowOf(context, patient)), totalCount: ranked.length };
  }

  private ranked(practiceId: string, month: string, careManagerId: string | null): { context: MonthContext; ranked: Ranked[] } {
    const practice = this.billing.practice(practiceId);
    const results = this.monthResults(practiceId, month);
    const context = this.context(practiceId, month, practice.timeZone);
    const ranked: Ranked[] = [];
    for (const [patientId, result] of results) {
      if (careManagerId !== null && context.patients.get(patientId)?.careManagerId !== careManagerId) continue;
      const overdueTaskCount = context.tasks.get(patientId)?.overdue ?? 0;
      const { urgency, minutesToNextCode } = worklistStanding({ month, today: context.today, result, overdueTaskCount });
      ranked.push({ patientId, result, urgency, minutesToNextCode, overdueTaskCount });
    }
    return { context, ranked: ranked.sort(compareUrgency) };
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

  /** Billing's result per patient enrolled by the month's end: from memory, the patients changed since read again. */
  private monthResults(practiceId: string, month: string): Map<string, WorklistResult> {
    this.stopListening ??= this.projections.engine.onBatchCommitted((events) => this.onBatch(events));
    const key = `${practiceId} ${month}`;
    const practice = this.billing.practice(practiceId);
    const ruleYear = this.billing.ruleYearFor(month);
    let cached = this.months.get(key);
    if (!cached) {
      const rows = this.billing.monthRows(practice, month, ruleYear);
      cached = { practiceId, results: new Map(rows.map((row) => [row.patientId, worklistResultOf(row)])), changed: new Set() };
    } else {
      const monthEnd = `${month}-31`;
      for (const patientId of cached.changed) {
        const patient = this.billing.patient(practiceId, patientId);
        if (patient.enrolledOn > monthEnd) continue;
        cached.results.set(patientId, worklistResultOf(this.billing.patientRow(practice, patient, month, ruleYear)));
      }
      cached.changed.clear();
      this.months.delete(key);
    }
    this.months.set(key, cached);
    if (this.months.size > CACHED_MONTHS) this.months.delete(this.months.keys().next().value!);
    return cached.results;
  }

  private onBatch(events: RecordedEvent[]): void {
    if (this.months.size === 0 && this.practicePatients.size === 0) return;
    for (const event of events) {
      const practiceId = String(event.data.practiceId ?? '');
      if (event.streamId.startsWith(PATIENT_STREAM)) {
        // The data names the patient: a stream's name may be a practice-scoped key (see patientStreamKey).
        const patientId = String(event.data.patientId);
        this.practicePatients.get(practiceId)?.changed.add(patientId);
        for (const cached of this.months.values()) if (cached.practiceId === practiceId) cached.changed.add(patientId);
      } else if (event.type === 'BillingMonthClosed' || event.type === 'ClaimSubmitted' || event.type === 'PracticeConfigured') {
        for (const [key, cached] of this.months) if (cached.practiceId === practiceId) this.months.delete(key);
      }
    }
  }

  private rowOf(context: MonthContext, { patientId, result }: { patientId: string; result: WorklistResult }): WorklistRow {
    const patient = context.patients.get(patientId);
    const lastContactMs = patient ? this.lastContactBy(context.practiceId, patient, context.toMs) : null;
    const tasks = context.tasks.get(patientId) ?? { open: 0, overdue: 0 };
    const figures = worklistFigures({
      month: context.month,
      today: context.today,
      result,
      lastContactAt: lastContactMs === null ? null : new Date(lastContactMs).toISOString(),
      contactThisMonth: lastContactMs !== null && lastContactMs >= context.fromMs,
      openTaskCount: tasks.open,
      overdueTaskCount: tasks.overdue,
    });
    return { ...figures, patientId, month: context.month, careManagerId: patient?.careManagerId ?? null };
  }

  /** The patient's latest contact before the month's end (contacted since: the latest one before it, looked up). */
  private lastContactBy(practiceId: string, { patientId, lastContactMs }: PatientRow, toMs: number): number | null {
    if (lastContactMs === null || lastContactMs < toMs) return lastContactMs;
    return this.prepared().lastContactBefore.get(practiceId, patientId, toMs) ?? null;
  }

  private context(practiceId: string, month: string, timeZone: string, patientId?: string): MonthContext {
    const today = this.calendar.today(practiceId);
    const { start, end } = monthBounds(month, timeZone);
    const patients =
      patientId === undefined
        ? this.patientsOf(practiceId)
        : new Map(
            this.prepared()
              .patient.all(practiceId, patientId)
              .map((row) => [row.patientId, row]),
          );
    return { practiceId, month, today, fromMs: start.getTime(), toMs: end.getTime(), patients, tasks: this.tasks.openCounts(practiceId, today, patientId) };
  }

  /** The practice's patients (care manager, latest contact): from memory, the patients changed since read again. */
  private patientsOf(practiceId: string): Map<string, PatientRow> {
    this.stopListening ??= this.projections.engine.onBatchCommitted((events) => this.onBatch(events));
    const statements = this.prepared();
    let cached = this.practicePatients.get(practiceId);
    if (!cached) {
      cached = { patients: new Map(statements.practicePatients.all(practiceId).map((row) => [row.patientId, row])), changed: new Set() };
    } else {
      for (const patientId of cached.changed) {
        const [row] = statements.patient.all(practiceId, patientId);
        if (row) cached.patients.set(patientId, row);
      }
      cached.changed.clear();
      this.practicePatients.delete(practiceId);
    }
    this.practicePatients.set(practiceId, cached);
    if (this.practicePatients.size > CACHED_PRACTICES) this.practicePatients.delete(this.practicePatients.keys().next().value!);
    return cached.patients;
  }

  /** Prepared on first use: the projection creates the tables when the application starts. */
  private prepared() {
    const columns = 'patient_id AS patientId, care_manager_id AS careManagerId, last_contact_ms AS lastContactMs';
    this.statements ??= {
      practicePatients: this.db.prepare<[string], PatientRow>(`SELECT ${columns} FROM worklist_patients WHERE practice_id = ?`),
      patient: this.db.prepare<[string, string], PatientRow>(`SELECT ${columns} FROM worklist_patients WHERE practice_id = ? AND patient_id = ?`),
      lastContactBefore: this.db
        .prepare<[string, string, number], number | null>(
          'SELECT max(started_ms) FROM worklist_contacts WHERE practice_id = ? AND patient_id = ? AND voided = 0 AND started_ms < ?',
        )
        .pluck(),
    };
    return this.statements;
  }
}
