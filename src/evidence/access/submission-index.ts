import { Inject, Injectable } from '@nestjs/common';
import type { Database } from 'better-sqlite3';
import { normalizePatientId } from '../../audit/patient-stream';
import { READ_DB } from '../../projections/projections.module';

/** A claim submitted for a patient-month, and where its event is in the log. */
export interface Submission {
  patientId: string;
  month: string;
  practiceId: string;
  payerId: string;
  stream: string;
  revision: bigint;
  eventId: string;
}

type Row = Omit<Submission, 'revision'> & { revision: string };

const SELECT = `SELECT patient_id AS patientId, month, practice_id AS practiceId, payer_id AS payerId, stream, revision, event_id AS eventId FROM evidence_submissions`;

/** Queries of the evidence index (submission-index.projection.ts). */
@Injectable()
export class SubmissionIndex {
  constructor(@Inject(READ_DB) private readonly db: Database) {}

  /**
   * The claim for the patient-month as the reader sees it: a practice's own claim, or the claim submitted to a payer;
   * null when there is none, or when two practices using one patient id both claimed that month from the payer.
   */
  find(patientId: string, month: string, reader: { practiceId?: string; payerId?: string }): Submission | null {
    const rows = this.db
      .prepare(
        `${SELECT} WHERE patient_id = @patientId AND month = @month AND (@practiceId IS NULL OR practice_id = @practiceId)
        AND (@payerId IS NULL OR payer_id = @payerId) LIMIT 2`,
      )
      .all({ patientId: normalizePatientId(patientId), month, practiceId: reader.practiceId ?? null, payerId: reader.payerId ?? null }) as Row[];
    return rows.length === 1 ? { ...rows[0], revision: BigInt(rows[0].revision) } : null;
  }

  /**
   * The claim submitted to `payerId` for a member (by Medicare id) and month, as a payer names it; null when there is
   * none, or when two practices claimed that member and month (the request must then name the claim itself).
   */
  findByMember(payerId: string, medicareId: string, month: string): Submission | null {
    const rows = this.db.prepare(`${SELECT} WHERE payer_id = ? AND medicare_id = ? AND month = ? LIMIT 2`).all(payerId, medicareId, month) as Row[];
    return rows.length === 1 ? { ...rows[0], revision: BigInt(rows[0].revision) } : null;
  }

  /** The claim submitted to `payerId` whose ClaimSubmitted event has this id. */
  findByClaim(payerId: string, eventId: string): Submission | null {
    const row = this.db.prepare(`${SELECT} WHERE payer_id = ? AND event_id = ?`).get(payerId, eventId) as Row | undefined;
    return row ? { ...row, revision: BigInt(row.revision) } : null;
  }

  /** The patient-months submitted to one payer, newest month first, one window of them, and how many there are. */
  submittedTo(payerId: string, month: string | null, window: { offset: number; limit: number }): { claims: PayerClaimRow[]; totalCount: number } {
    const where = `payer_id = ? ${month ? 'AND month = ?' : ''}`;
    const parameters = month ? [payerId, month] : [payerId];
    const claims = this.db
      .prepare(
        `SELECT patient_id AS patientId, month, submitted_at AS submittedAt FROM evidence_submissions WHERE ${where}
        ORDER BY month DESC, patient_id LIMIT ? OFFSET ?`,
      )
      .all(...parameters, window.limit, window.offset) as PayerClaimRow[];
    const { total } = this.db.prepare(`SELECT COUNT(*) AS total FROM evidence_submissions WHERE ${where}`).get(...parameters) as { total: number };
    return { claims, totalCount: total };
  }
}

/** What a payer's claim list shows of a submission: ids and dates, never the practice or anything clinical. */
export interface PayerClaimRow {
  patientId: string;
  month: string;
  submittedAt: string;
}
