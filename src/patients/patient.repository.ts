import { Inject, Injectable } from '@nestjs/common';
import type { Database, Statement } from 'better-sqlite3';
import { READ_DB } from '../projections/projections.module';
import { normalizeMedicareId } from './clinical-codes';
import { searchableName } from './patient.projection';
import type { PatientRecord } from '../patient-stream/patient-record';
import { toPatientView, type PatientView } from './patient.view';

export interface PatientFilter {
  search?: string | null;
  eligible?: boolean | null;
  consented?: boolean | null;
}

type Row = { record: string; version: number };
const toView = (row: Row) => toPatientView(JSON.parse(row.record) as PatientRecord, row.version);
const flag = (value: boolean | null | undefined) => (value === null || value === undefined ? null : value ? 1 : 0);

const FILTER = `practice_id = @practiceId
  AND (@search IS NULL OR instr(search_name, @search) > 0 OR medicare_id = @medicareId)
  AND (@eligible IS NULL OR eligible = @eligible)
  AND (@consented IS NULL OR consented = @consented)`;

/** Queries of the patients read model. Every one is scoped by the caller's practice: no query crosses tenants. */
@Injectable()
export class PatientRepository {
  private statements?: {
    byId: Statement;
    enrolledIn: Statement;
    byMedicareId: Statement;
    page: Statement;
    count: Statement;
    candidates: Statement;
    candidateCount: Statement;
    records: Statement;
  };

  constructor(@Inject(READ_DB) private readonly db: Database) {}

  /** undefined for an unknown id and, identically, for another practice's patient. */
  byId(practiceId: string, patientId: string): PatientView | undefined {
    const row = this.prepared().byId.get(practiceId, patientId.toLowerCase()) as Row | undefined;
    return row && toView(row);
  }

  /** Whether the practice has this patient: false for an unknown id and, identically, for another practice's patient. */
  isEnrolledIn(practiceId: string, patientId: string): boolean {
    return this.prepared().enrolledIn.get(practiceId, patientId.toLowerCase()) !== undefined;
  }

  /** The record of the practice with this (normalised) MBI, if any. */
  idByMedicareId(practiceId: string, medicareId: string): string | undefined {
    return this.prepared().byMedicareId.get(practiceId, medicareId) as string | undefined;
  }

  /** Name (case-insensitive substring) or exact Medicare id; ordered by name (ignoring case), then id. */
  search(practiceId: string, filter: PatientFilter, window: { offset: number; limit: number }): { patients: PatientView[]; totalCount: number } {
    const search = filter.search?.trim() || null;
    const parameters = {
      practiceId,
      search: search && searchableName(search),
      medicareId: search && normalizeMedicareId(search),
      eligible: flag(filter.eligible),
      consented: flag(filter.consented),
    };
    const { page, count } = this.prepared();
    const rows = page.all({ ...parameters, limit: window.limit, offset: window.offset }) as Row[];
    const { total } = count.get(parameters) as { total: number };
    return { patients: rows.map(toView), totalCount: total };
  }

  /** The practice's IDENTIFIED patients, most likely to qualify first (then by name, then id). */
  candidates(practiceId: string, window: { offset: number; limit: number }): { patients: PatientView[]; totalCount: number } {
    const { candidates, candidateCount } = this.prepared();
    const rows = candidates.all({ practiceId, limit: window.limit, offset: window.offset }) as Row[];
    const { total } = candidateCount.get({ practiceId }) as { total: number };
    return { patients: rows.map(toView), totalCount: total };
  }

  /** Every record of the practice (enrolled or not), with its activities: for the program's figures. */
  records(practiceId: string): PatientRecord[] {
    return (this.prepared().records.all(practiceId) as string[]).map((record) => JSON.parse(record) as PatientRecord);
  }

  /** Prepared on first use: the projection creates the table when the application starts. */
  private prepared() {
    this.statements ??= {
      byId: this.db.prepare('SELECT record, version FROM patients WHERE practice_id = ? AND id = ?'),
      enrolledIn: this.db.prepare('SELECT 1 FROM patient_records WHERE practice_id = ? AND id = ?'),
      byMedicareId: this.db.prepare('SELECT id FROM patient_records WHERE practice_id = ? AND medicare_id = ? ORDER BY id LIMIT 1').pluck(),
      page: this.db.prepare(`SELECT record, version FROM patients WHERE ${FILTER} ORDER BY search_name, id LIMIT @limit OFFSET @offset`),
      count: this.db.prepare(`SELECT count(*) AS total FROM patients WHERE ${FILTER}`),
      candidates: this.db.prepare(`SELECT record, version FROM patients WHERE practice_id = @practiceId AND enrollment_status = 'IDENTIFIED'
        ORDER BY likely_conditions DESC, search_name, id LIMIT @limit OFFSET @offset`),
      records: this.db.prepare('SELECT record FROM patients WHERE practice_id = ? ORDER BY id').pluck(),
      candidateCount: this.db.prepare("SELECT count(*) AS total FROM patient_records WHERE practice_id = @practiceId AND enrollment_status = 'IDENTIFIED'"),
    };
    return this.statements;
  }
}
