import type { MedicationEntry } from './medication.events';
import type { MedicationReconciliationState } from './medication.state';

export type MedicationView = MedicationEntry & { active: boolean };

/** GraphQL `MedicationReconciliation`: the reconciliation as recorded, its performer shown by id and credential. */
export type MedicationReconciliationView = Pick<MedicationReconciliationState, 'reconciledAt' | 'discrepancies' | 'minutes'> & {
  id: MedicationReconciliationState['reconciliationId'];
  patientId: string;
  performedBy: MedicationReconciliationState['performer']['staffId'];
  credential: MedicationReconciliationState['performer']['credential'];
  medications: MedicationView[];
};

/**
 * The medication list of the latest reconciliation (by when it was done, not when it was typed in) is active;
 * medications of earlier reconciliations that it no longer lists are shown inactive (discontinued), once each.
 */
export function currentMedications(reconciliations: readonly MedicationReconciliationState[]): MedicationView[] {
  if (reconciliations.length === 0) return [];
  const byTime = [...reconciliations].sort((a, b) => Date.parse(a.reconciledAt) - Date.parse(b.reconciledAt));
  const latest = byTime[byTime.length - 1];
  const key = (entry: MedicationEntry) => entry.name.toLowerCase();
  const active = new Set(latest.medications.map(key));
  const discontinued = new Map<string, MedicationEntry>();
  for (const reconciliation of byTime.slice(0, -1)) {
    for (const entry of reconciliation.medications) if (!active.has(key(entry))) discontinued.set(key(entry), entry);
  }
  return [
    ...latest.medications.map((entry) => ({ ...entry, active: true })),
    ...[...discontinued.values()].sort((a, b) => key(a).localeCompare(key(b))).map((entry) => ({ ...entry, active: false })),
  ];
}

export function toReconciliationView(patientId: string, reconciliation: MedicationReconciliationState): MedicationReconciliationView {
  const { reconciliationId, reconciledAt, performer, medications, discrepancies, minutes } = reconciliation;
  return {
    id: reconciliationId,
    patientId,
    reconciledAt,
    performedBy: performer.staffId,
    credential: performer.credential,
    medications: medications.map((entry) => ({ ...entry, active: true })),
    discrepancies,
    minutes,
  };
}
