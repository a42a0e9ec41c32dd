import type { BillingPatient } from '../facts/billing-patient';
import type { TimeEntryFact } from '../rules';
import type { BillingReadModel, DeferredPatientMonth, StoredTimeEntry } from './billing-read-model';

const patientMonthKey = (practiceId: string, month: string, patientId: string) => `${practiceId} ${month} ${patientId}`;
/** Two practices may use one patient id (see patientStreamKey): a patient is keyed by both. */
export const billingPatientKey = (practiceId: string, patientId: string) => `${practiceId} ${patientId}`;

/**
 * The billing projection's writes of facts, held in memory while a page is applied and written in bulk, once per
 * row, when it ends or before anything reads the tables they go to: a patient whose facts ten events of the page
 * change is serialised and written once, an entry corrected in the page it was logged in is written once.
 *
 * It also remembers which patient-months are noted as deferred since the last evaluation of the notes, so that a
 * patient-month touched in many pages of a replay is noted (and its row removed) once.
 */
export class BillingPageWrites {
  private readonly patients = new Map<string, BillingPatient>();
  private readonly timeEntries = new Map<string, StoredTimeEntry>();
  private readonly deferrals = new Map<string, DeferredPatientMonth>();
  /** Patient-months noted since the notes were last evaluated (written or not yet). */
  private readonly noted = new Set<string>();

  constructor(private readonly readModel: BillingReadModel) {}

  savePatient(patient: BillingPatient): void {
    this.patients.set(billingPatientKey(patient.practiceId, patient.patientId), patient);
  }

  /** The patient's facts saved in this page and not written yet. */
  patient(practiceId: string, patientId: string): BillingPatient | undefined {
    return this.patients.get(billingPatientKey(practiceId, patientId));
  }

  saveTimeEntry(patientId: string, practiceId: string, entry: TimeEntryFact): void {
    this.timeEntries.set(`${practiceId} ${patientId} ${entry.id}`, { patientId, practiceId, entry });
  }

  timeEntry(practiceId: string, patientId: string, entryId: string): TimeEntryFact | undefined {
    return this.pendingEntry(practiceId, patientId, entryId) ?? this.readModel.timeEntry(practiceId, patientId, entryId);
  }

  /** Notes the patient-month for a later evaluation; false when it is noted already. */
  deferEvaluation(practiceId: string, month: string, patientId: string): boolean {
    const key = patientMonthKey(practiceId, month, patientId);
    if (this.noted.has(key)) return false;
    this.noted.add(key);
    this.deferrals.set(key, { practiceId, month, patientId });
    return true;
  }

  /** A row is being stored for the patient-month: a later note must remove it again. */
  evaluated(practiceId: string, month: string, patientId: string): void {
    this.noted.delete(patientMonthKey(practiceId, month, patientId));
  }

  /** The notes are being evaluated (they were written before). */
  notesTaken(): void {
    this.noted.clear();
  }

  /** Writes everything held, in bulk (a no-op when nothing is: it is called before every evaluation). */
  flush(): void {
    if (this.patients.size > 0) {
      this.readModel.savePatients(this.patients.values());
      this.patients.clear();
    }
    if (this.timeEntries.size > 0) {
      this.readModel.saveTimeEntries(this.timeEntries.values());
      this.timeEntries.clear();
    }
    if (this.deferrals.size > 0) {
      this.readModel.deferEvaluations(this.deferrals.values());
      this.deferrals.clear();
    }
  }

  /** Forgets everything held (a page that failed is rolled back, and the engine sets the projection up again). */
  discard(): void {
    this.patients.clear();
    this.timeEntries.clear();
    this.deferrals.clear();
  }

  private pendingEntry(practiceId: string, patientId: string, entryId: string): TimeEntryFact | undefined {
    return this.timeEntries.get(`${practiceId} ${patientId} ${entryId}`)?.entry;
  }
}
