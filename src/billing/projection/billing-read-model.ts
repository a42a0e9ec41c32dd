import type { Statement } from 'better-sqlite3';
import type { ReadDatabase } from '../../projections/projection';
import type { BillingMonthTotals, ClaimSubmitted, PatientMonthFigures } from '../month/billing-month.events';
import type { BillingPatient } from '../facts/billing-patient';
import type { BehaviouralHealthModel, PatientMonthResult, TimeEntryFact } from '../rules';

export interface BillingPractice {
  practiceId: string;
  timeZone: string;
  npi: string | null;
  taxId: string | null;
  /** CMS place-of-service code set by the practice; null: not set (policies.ts). */
  placeOfService: string | null;
  /** Behavioural health integration the practice provides under APCM; null: none. */
  apcmBehaviouralHealth: BehaviouralHealthModel | null;
  /** Months after which a consent lapses; null: never (policies.ts). */
  consentRenewalMonths: number | null;
  /** The latest month the practice's log has reached (valid time): every enrolled patient has a row up to it. */
  horizonMonth: string | null;
}

/** A time entry as stored: with the patient and practice it belongs to. */
export interface StoredTimeEntry {
  patientId: string;
  practiceId: string;
  entry: TimeEntryFact;
}

export interface DeferredPatientMonth {
  practiceId: string;
  month: string;
  patientId: string;
}

export type SubmittedClaim = ClaimSubmitted['data'] & { submittedAt: string };

/** One evaluated patient-month with what the billing stream says about it. */
export interface PatientMonthRow {
  patientId: string;
  result: PatientMonthResult;
  amendedAfterClose: boolean;
  closedFigures: PatientMonthFigures | null;
  claim: SubmittedClaim | null;
}

const TABLES = [
  'billing_practices',
  'billing_patients',
  'billing_time_entries',
  'billing_patient_months',
  'billing_month_closes',
  'billing_closed_patient_months',
  'billing_claims',
  'billing_amended_after_close',
  'billing_pending_coverage',
  'billing_deferred_evaluations',
];

const DDL = `
  CREATE TABLE IF NOT EXISTS billing_practices (
    practice_id TEXT PRIMARY KEY, time_zone TEXT NOT NULL, npi TEXT, tax_id TEXT, horizon_month TEXT,
    place_of_service TEXT, apcm_behavioural_health TEXT, consent_renewal_months INTEGER);
  CREATE TABLE IF NOT EXISTS billing_patients (
    patient_id TEXT NOT NULL, practice_id TEXT NOT NULL, enrolled_month TEXT NOT NULL, facts TEXT NOT NULL, PRIMARY KEY (practice_id, patient_id));
  CREATE INDEX IF NOT EXISTS billing_patients_by_practice ON billing_patients (practice_id, enrolled_month);
  CREATE TABLE IF NOT EXISTS billing_time_entries (
    patient_id TEXT NOT NULL, entry_id TEXT NOT NULL, practice_id TEXT NOT NULL, started_at_ms INTEGER NOT NULL,
    entry TEXT NOT NULL, PRIMARY KEY (practice_id, patient_id, entry_id));
  CREATE INDEX IF NOT EXISTS billing_time_entries_by_patient ON billing_time_entries (practice_id, patient_id, started_at_ms);
  CREATE INDEX IF NOT EXISTS billing_time_entries_by_practice ON billing_time_entries (practice_id, started_at_ms);
  CREATE TABLE IF NOT EXISTS billing_patient_months (
    practice_id TEXT NOT NULL, month TEXT NOT NULL, patient_id TEXT NOT NULL,
    claim_ready INTEGER NOT NULL, expected_payment_cents INTEGER NOT NULL, amount_unknown INTEGER NOT NULL,
    result TEXT NOT NULL,
    PRIMARY KEY (practice_id, month, patient_id));
  CREATE TABLE IF NOT EXISTS billing_month_closes (
    practice_id TEXT NOT NULL, month TEXT NOT NULL, closed_at TEXT NOT NULL, totals TEXT NOT NULL,
    PRIMARY KEY (practice_id, month));
  CREATE TABLE IF NOT EXISTS billing_closed_patient_months (
    practice_id TEXT NOT NULL, month TEXT NOT NULL, patient_id TEXT NOT NULL, figures TEXT NOT NULL,
    PRIMARY KEY (practice_id, month, patient_id));
  CREATE TABLE IF NOT EXISTS billing_claims (
    practice_id TEXT NOT NULL, month TEXT NOT NULL, patient_id TEXT NOT NULL, payer_id TEXT NOT NULL,
    submitted_at TEXT NOT NULL, claim TEXT NOT NULL, PRIMARY KEY (practice_id, month, patient_id));
  CREATE TABLE IF NOT EXISTS billing_amended_after_close (
    practice_id TEXT NOT NULL, month TEXT NOT NULL, patient_id TEXT NOT NULL, PRIMARY KEY (practice_id, month, patient_id));
  -- Coverage verifications of patients registered but not enrolled yet: their enrolment starts billing with them.
  CREATE TABLE IF NOT EXISTS billing_pending_coverage (
    practice_id TEXT NOT NULL, patient_id TEXT NOT NULL, verified_at TEXT NOT NULL, PRIMARY KEY (practice_id, patient_id));
  CREATE TABLE IF NOT EXISTS billing_deferred_evaluations (
    practice_id TEXT NOT NULL, month TEXT NOT NULL, patient_id TEXT NOT NULL, PRIMARY KEY (practice_id, month, patient_id));`;

interface RowRecord {
  patient_id: string;
  result: string;
  amended: number;
  figures: string | null;
  claim: string | null;
  submitted_at: string | null;
}

const toRow = (record: RowRecord): PatientMonthRow => ({
  patientId: record.patient_id,
  result: JSON.parse(record.result) as PatientMonthResult,
  amendedAfterClose: record.amended === 1,
  closedFigures: record.figures === null ? null : (JSON.parse(record.figures) as PatientMonthFigures),
  claim: record.claim === null ? null : { ...(JSON.parse(record.claim) as ClaimSubmitted['data']), submittedAt: record.submitted_at! },
});

const ROW_SELECT = `SELECT m.patient_id, m.result, a.patient_id IS NOT NULL AS amended, s.figures, c.claim, c.submitted_at
  FROM billing_patient_months m
  LEFT JOIN billing_amended_after_close a ON a.practice_id = m.practice_id AND a.month = m.month AND a.patient_id = m.patient_id
  LEFT JOIN billing_closed_patient_months s ON s.practice_id = m.practice_id AND s.month = m.month AND s.patient_id = m.patient_id
  LEFT JOIN billing_claims c ON c.practice_id = m.practice_id AND c.month = m.month AND c.patient_id = m.patient_id`;

/**
 * The billing read model's tables and every statement on them, prepared once per setup (a rebuild drops and
 * re-creates the tables). The projection writes through it; the repository reads through it.
 */
export class BillingReadModel {
  private readonly statements: ReturnType<typeof prepare>;

  constructor(db: ReadDatabase) {
    db.exec(DDL);
    this.statements = prepare(db);
  }

  static drop(db: ReadDatabase): void {
    db.exec(TABLES.map((table) => `DROP TABLE IF EXISTS ${table};`).join('\n'));
  }

  practice(practiceId: string): BillingPractice | undefined {
    return this.statements.practice.get(practiceId) as BillingPractice | undefined;
  }

  savePractice(practice: BillingPractice): void {
    this.statements.savePractice.run(practice);
  }

  patient(practiceId: string, patientId: string): BillingPatient | undefined {
    const row = this.statements.patient.get(practiceId, patientId) as { facts: string } | undefined;
    return row && (JSON.parse(row.facts) as BillingPatient);
  }

  savePatient(patient: BillingPatient): void {
    this.savePatients([patient]);
  }

  savePatients(patients: Iterable<BillingPatient>): void {
    const rows: unknown[][] = [];
    for (const patient of patients) rows.push([patient.patientId, patient.practiceId, patient.enrolledOn.slice(0, 7), JSON.stringify(patient)]);
    this.statements.savePatients(rows);
  }

  /** Coverage verification instants recorded before the patient's enrolment, oldest first. */
  pendingCoverage(practiceId: string, patientId: string): string[] {
    const row = this.statements.pendingCoverage.get(practiceId, patientId) as { verified_at: string } | undefined;
    return row ? (JSON.parse(row.verified_at) as string[]) : [];
  }

  savePendingCoverage(practiceId: string, patientId: string, verifiedAt: string[]): void {
    this.statements.savePendingCoverage.run(practiceId, patientId, JSON.stringify(verifiedAt));
  }

  /** The practice's patients enrolled by the end of `month`. */
  patientsEnrolledBy(practiceId: string, month: string): BillingPatient[] {
    return (this.statements.patientsEnrolledBy.all(practiceId, month) as { facts: string }[]).map((row) => JSON.parse(row.facts) as BillingPatient);
  }

  /** Patients enrolled by the end of `month` whose month has no stored row (the projection has not reached it). */
  patientsWithoutRow(practiceId: string, month: string): BillingPatient[] {
    return (this.statements.patientsWithoutRow.all(practiceId, month, month) as { facts: string }[]).map((row) => JSON.parse(row.facts) as BillingPatient);
  }

  timeEntry(practiceId: string, patientId: string, entryId: string): TimeEntryFact | undefined {
    const row = this.statements.timeEntry.get(practiceId, patientId, entryId) as { entry: string } | undefined;
    return row && (JSON.parse(row.entry) as TimeEntryFact);
  }

  /** At most one entry per patient and id (a multi-row upsert must not name a row twice). */
  saveTimeEntries(entries: Iterable<StoredTimeEntry>): void {
    const rows: unknown[][] = [];
    for (const { patientId, practiceId, entry } of entries) rows.push([patientId, entry.id, practiceId, Date.parse(entry.startedAt), JSON.stringify(entry)]);
    this.statements.saveTimeEntries(rows);
  }

  /** The patient's entries started in [fromMs, toMs). */
  timeEntriesBetween(practiceId: string, patientId: string, fromMs: number, toMs: number): TimeEntryFact[] {
    return (this.statements.timeEntriesBetween.all(practiceId, patientId, fromMs, toMs) as { entry: string }[]).map(
      (row) => JSON.parse(row.entry) as TimeEntryFact,
    );
  }

  /** Start of the patient's first clinical, not voided entry started at or after `fromMs` (care management's start). */
  firstClinicalEntryFrom(practiceId: string, patientId: string, fromMs: number): string | null {
    const row = this.statements.firstClinicalEntryFrom.get(practiceId, patientId, fromMs) as { entry: string } | undefined;
    return row ? (JSON.parse(row.entry) as TimeEntryFact).startedAt : null;
  }

  /** Every entry of the practice started in [fromMs, toMs), by patient: one query for a whole month. */
  practiceTimeEntriesBetween(practiceId: string, fromMs: number, toMs: number): Map<string, TimeEntryFact[]> {
    const byPatient = new Map<string, TimeEntryFact[]>();
    for (const row of this.statements.practiceTimeEntriesBetween.all(practiceId, fromMs, toMs) as { patient_id: string; entry: string }[]) {
      const entries = byPatient.get(row.patient_id) ?? [];
      entries.push(JSON.parse(row.entry) as TimeEntryFact);
      byPatient.set(row.patient_id, entries);
    }
    return byPatient;
  }

  monthClose(practiceId: string, month: string): { closedAt: string; totals: BillingMonthTotals } | undefined {
    const row = this.statements.monthClose.get(practiceId, month) as { closed_at: string; totals: string } | undefined;
    return row && { closedAt: row.closed_at, totals: JSON.parse(row.totals) as BillingMonthTotals };
  }

  /** Store time of each closed month of the practice. */
  closedMonths(practiceId: string): Map<string, string> {
    const rows = this.statements.closedMonths.all(practiceId) as { month: string; closed_at: string }[];
    return new Map(rows.map((row) => [row.month, row.closed_at]));
  }

  saveMonthClose(practiceId: string, month: string, closedAt: string, totals: BillingMonthTotals): void {
    this.statements.saveMonthClose.run(practiceId, month, closedAt, JSON.stringify(totals));
  }

  /** Patient-months of a close's snapshot (one part of it, or all of a close that predates parts). */
  saveClosedFigures(practiceId: string, month: string, patients: readonly PatientMonthFigures[]): void {
    for (const figures of patients) this.statements.saveClosedFigures.run(practiceId, month, figures.patientId, JSON.stringify(figures));
  }

  /** The month's closed snapshot, by patient. */
  closedSnapshot(practiceId: string, month: string): Map<string, PatientMonthFigures> {
    const rows = this.statements.closedSnapshot.all(practiceId, month) as { patient_id: string; figures: string }[];
    return new Map(rows.map((row) => [row.patient_id, JSON.parse(row.figures) as PatientMonthFigures]));
  }

  saveClaim(claim: ClaimSubmitted['data'], submittedAt: string): void {
    this.statements.saveClaim.run(claim.practiceId, claim.month, claim.patientId, claim.payerId, submittedAt, JSON.stringify(claim));
  }

  claims(practiceId: string, month: string): SubmittedClaim[] {
    return (this.statements.claims.all(practiceId, month) as { claim: string; submitted_at: string }[]).map((row) => ({
      ...(JSON.parse(row.claim) as ClaimSubmitted['data']),
      submittedAt: row.submitted_at,
    }));
  }

  amendedAfterClose(practiceId: string, month: string, patientId: string): boolean {
    return this.statements.amendedFlag.get(practiceId, month, patientId) !== undefined;
  }

  saveResult(practiceId: string, patientId: string, result: PatientMonthResult): void {
    this.statements.saveResult.run({
      practiceId,
      month: result.month,
      patientId,
      claimReady: result.claimReady ? 1 : 0,
      expectedPaymentCents: result.expectedPaymentCents,
      amountUnknown: result.amountUnknown ? 1 : 0,
      result: JSON.stringify(result),
    });
  }

  /**
   * Leaves patient-months to be evaluated later: their rows are removed, so that until then readers evaluate them on
   * the fly as they do a patient-month without a row (never a stale figure).
   */
  deferEvaluations(patientMonths: Iterable<DeferredPatientMonth>): void {
    const rows: unknown[][] = [];
    for (const { practiceId, month, patientId } of patientMonths) rows.push([practiceId, month, patientId]);
    this.statements.deferEvaluations(rows);
    this.statements.deleteResults(rows);
  }

  hasDeferredEvaluations(): boolean {
    return this.statements.anyDeferred.get() !== undefined;
  }

  /** The deferred patient-months, by practice and month, and forgets them (the caller evaluates them now). */
  takeDeferredEvaluations(): Map<string, { practiceId: string; month: string; patientIds: string[] }> {
    const groups = new Map<string, { practiceId: string; month: string; patientIds: string[] }>();
    for (const row of this.statements.deferred.all() as { practice_id: string; month: string; patient_id: string }[]) {
      const key = `${row.practice_id} ${row.month}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { practiceId: row.practice_id, month: row.month, patientIds: [] }));
      group.patientIds.push(row.patient_id);
    }
    this.statements.clearDeferred.run();
    return groups;
  }

  /** Marks a patient-month as changed after its month was closed (kept apart from the row, which re-evaluations replace). */
  markAmendedAfterClose(practiceId: string, month: string, patientId: string): void {
    this.statements.markAmended.run(practiceId, month, patientId);
  }

  row(practiceId: string, month: string, patientId: string): PatientMonthRow | undefined {
    const record = this.statements.row.get(practiceId, month, patientId) as RowRecord | undefined;
    return record && toRow(record);
  }

  monthRows(practiceId: string, month: string): PatientMonthRow[] {
    return (this.statements.monthRows.all(practiceId, month) as RowRecord[]).map(toRow);
  }

  closedFigures(practiceId: string, month: string, patientId: string): PatientMonthFigures | null {
    const row = this.statements.closedFigures.get(practiceId, month, patientId) as { figures: string } | undefined;
    return row ? (JSON.parse(row.figures) as PatientMonthFigures) : null;
  }
}

/** Rows per multi-row statement: one statement run writes this many rows (a page writes hundreds). */
const BULK_ROWS = 64;

/** Runs a statement over many rows: `many` takes BULK_ROWS rows at once, `one` the remainder. */
function inChunks(many: Statement, one: Statement): (rows: readonly unknown[][]) => void {
  return (rows) => {
    let next = 0;
    for (; next + BULK_ROWS <= rows.length; next += BULK_ROWS) many.run(rows.slice(next, next + BULK_ROWS).flat());
    for (; next < rows.length; next++) one.run(rows[next]);
  };
}

const tuples = (columns: number, count: number) => {
  const tuple = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
  return Array.from({ length: count }, () => tuple).join(', ');
};

/** `INSERT … VALUES (…), (…) …` for many rows; `tail` follows the values (an upsert clause). */
function bulkInsert(db: ReadDatabase, head: string, columns: number, tail = ''): (rows: readonly unknown[][]) => void {
  const sql = (count: number) => `${head} VALUES ${tuples(columns, count)} ${tail}`;
  return inChunks(db.prepare(sql(BULK_ROWS)), db.prepare(sql(1)));
}

/** `DELETE … WHERE (key) IN (VALUES …)` for many keys. */
function bulkDelete(db: ReadDatabase, table: string, key: readonly string[]): (rows: readonly unknown[][]) => void {
  const sql = (count: number) => `DELETE FROM ${table} WHERE (${key.join(', ')}) IN (VALUES ${tuples(key.length, count)})`;
  return inChunks(db.prepare(sql(BULK_ROWS)), db.prepare(sql(1)));
}

function prepare(db: ReadDatabase) {
  const statement = (sql: string): Statement => db.prepare(sql);
  return {
    pendingCoverage: statement('SELECT verified_at FROM billing_pending_coverage WHERE practice_id = ? AND patient_id = ?'),
    savePendingCoverage: statement(`INSERT INTO billing_pending_coverage (practice_id, patient_id, verified_at) VALUES (?, ?, ?)
      ON CONFLICT (practice_id, patient_id) DO UPDATE SET verified_at = excluded.verified_at`),
    practice: statement(`SELECT practice_id AS practiceId, time_zone AS timeZone, npi, tax_id AS taxId, horizon_month AS horizonMonth,
        place_of_service AS placeOfService, apcm_behavioural_health AS apcmBehaviouralHealth, consent_renewal_months AS consentRenewalMonths
      FROM billing_practices WHERE practice_id = ?`),
    savePractice: statement(`INSERT INTO billing_practices (practice_id, time_zone, npi, tax_id, horizon_month, place_of_service, apcm_behavioural_health,
        consent_renewal_months)
      VALUES (@practiceId, @timeZone, @npi, @taxId, @horizonMonth, @placeOfService, @apcmBehaviouralHealth, @consentRenewalMonths)
      ON CONFLICT (practice_id) DO UPDATE SET time_zone = excluded.time_zone, npi = excluded.npi, tax_id = excluded.tax_id,
        horizon_month = excluded.horizon_month, place_of_service = excluded.place_of_service,
        apcm_behavioural_health = excluded.apcm_behavioural_health, consent_renewal_months = excluded.consent_renewal_months`),
    patient: statement('SELECT facts FROM billing_patients WHERE practice_id = ? AND patient_id = ?'),
    savePatients: bulkInsert(
      db,
      'INSERT INTO billing_patients (patient_id, practice_id, enrolled_month, facts)',
      4,
      'ON CONFLICT (practice_id, patient_id) DO UPDATE SET enrolled_month = excluded.enrolled_month, facts = excluded.facts',
    ),
    patientsEnrolledBy: statement('SELECT facts FROM billing_patients WHERE practice_id = ? AND enrolled_month <= ? ORDER BY patient_id'),
    patientsWithoutRow: statement(`SELECT p.facts FROM billing_patients p WHERE p.practice_id = ? AND p.enrolled_month <= ?
      AND NOT EXISTS (SELECT 1 FROM billing_patient_months m WHERE m.practice_id = p.practice_id AND m.month = ? AND m.patient_id = p.patient_id)
      ORDER BY p.patient_id`),
    timeEntry: statement('SELECT entry FROM billing_time_entries WHERE practice_id = ? AND patient_id = ? AND entry_id = ?'),
    saveTimeEntries: bulkInsert(
      db,
      'INSERT INTO billing_time_entries (patient_id, entry_id, practice_id, started_at_ms, entry)',
      5,
      'ON CONFLICT (practice_id, patient_id, entry_id) DO UPDATE SET started_at_ms = excluded.started_at_ms, entry = excluded.entry',
    ),
    timeEntriesBetween: statement(`SELECT entry FROM billing_time_entries WHERE practice_id = ? AND patient_id = ? AND started_at_ms >= ? AND started_at_ms < ?
      ORDER BY started_at_ms, entry_id`),
    firstClinicalEntryFrom: statement(`SELECT entry FROM billing_time_entries WHERE practice_id = ? AND patient_id = ? AND started_at_ms >= ?
      AND json_extract(entry, '$.voided') = 0 AND json_extract(entry, '$.performerCredential') <> 'NON_CLINICAL'
      ORDER BY started_at_ms, entry_id LIMIT 1`),
    practiceTimeEntriesBetween: statement(`SELECT patient_id, entry FROM billing_time_entries
      WHERE practice_id = ? AND started_at_ms >= ? AND started_at_ms < ? ORDER BY patient_id, started_at_ms, entry_id`),
    monthClose: statement('SELECT closed_at, totals FROM billing_month_closes WHERE practice_id = ? AND month = ?'),
    closedMonths: statement('SELECT month, closed_at FROM billing_month_closes WHERE practice_id = ?'),
    saveMonthClose: statement('INSERT OR REPLACE INTO billing_month_closes (practice_id, month, closed_at, totals) VALUES (?, ?, ?, ?)'),
    saveClosedFigures: statement('INSERT OR REPLACE INTO billing_closed_patient_months (practice_id, month, patient_id, figures) VALUES (?, ?, ?, ?)'),
    closedFigures: statement('SELECT figures FROM billing_closed_patient_months WHERE practice_id = ? AND month = ? AND patient_id = ?'),
    closedSnapshot: statement('SELECT patient_id, figures FROM billing_closed_patient_months WHERE practice_id = ? AND month = ?'),
    saveClaim: statement('INSERT OR REPLACE INTO billing_claims (practice_id, month, patient_id, payer_id, submitted_at, claim) VALUES (?, ?, ?, ?, ?, ?)'),
    claims: statement('SELECT claim, submitted_at FROM billing_claims WHERE practice_id = ? AND month = ? ORDER BY patient_id'),
    amendedFlag: statement('SELECT 1 FROM billing_amended_after_close WHERE practice_id = ? AND month = ? AND patient_id = ?'),
    saveResult: statement(`INSERT INTO billing_patient_months
        (practice_id, month, patient_id, claim_ready, expected_payment_cents, amount_unknown, result)
      VALUES (@practiceId, @month, @patientId, @claimReady, @expectedPaymentCents, @amountUnknown, @result)
      ON CONFLICT (practice_id, month, patient_id) DO UPDATE SET claim_ready = excluded.claim_ready,
        expected_payment_cents = excluded.expected_payment_cents, amount_unknown = excluded.amount_unknown, result = excluded.result`),
    deferEvaluations: bulkInsert(db, 'INSERT OR IGNORE INTO billing_deferred_evaluations (practice_id, month, patient_id)', 3),
    deleteResults: bulkDelete(db, 'billing_patient_months', ['practice_id', 'month', 'patient_id']),
    anyDeferred: statement('SELECT 1 FROM billing_deferred_evaluations LIMIT 1'),
    deferred: statement('SELECT practice_id, month, patient_id FROM billing_deferred_evaluations ORDER BY practice_id, month, patient_id'),
    clearDeferred: statement('DELETE FROM billing_deferred_evaluations'),
    markAmended: statement('INSERT OR IGNORE INTO billing_amended_after_close (practice_id, month, patient_id) VALUES (?, ?, ?)'),
    row: statement(`${ROW_SELECT} WHERE m.practice_id = ? AND m.month = ? AND m.patient_id = ?`),
    monthRows: statement(`${ROW_SELECT} WHERE m.practice_id = ? AND m.month = ? ORDER BY m.patient_id`),
  };
}
