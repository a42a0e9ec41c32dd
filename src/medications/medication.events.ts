import type { DomainEvent } from '../kernel/decider';
import type { StaffSnapshot } from '../patient-stream/practice-context';

export type MedicationEntry = {
  name: string;
  dose: string | null;
  frequency: string | null;
  prescriber: string | null;
  /** Where the entry came from, e.g. the patient's bottles, a discharge summary, the pharmacy. */
  source: string | null;
};

export type MedicationReconciled = DomainEvent<
  'MedicationReconciled',
  {
    patientId: string;
    practiceId: string;
    /** Derived from the commandId, so a retry names the same reconciliation; also the id of its time entry. */
    reconciliationId: string;
    performer: StaffSnapshot;
    /** Who wrote it down, as they were then (may differ from the performer); absent on reconciliations recorded before. */
    documentedBy?: StaffSnapshot;
    reconciledAt: string;
    /** The complete list as reconciled: it replaces the previous one. */
    medications: MedicationEntry[];
    discrepancies: string[];
    /** Time spent; when given it counts like a logged activity (MEDICATION_MANAGEMENT). */
    minutes: number | null;
    /** Calendar month of reconciledAt in the practice's zone. */
    month: string;
  }
>;

export type MedicationEvent = MedicationReconciled;
export const MEDICATION_EVENT_TYPES: MedicationEvent['type'][] = ['MedicationReconciled'];
