import type { PatientEvent } from '../patient-stream/patient-event';
import type { MedicationReconciled } from './medication.events';

export type MedicationReconciliationState = Omit<MedicationReconciled['data'], 'patientId' | 'practiceId'>;

/** In the order they were recorded (which may differ from reconciledAt for late entries). */
export function evolveMedicationReconciliations(reconciliations: MedicationReconciliationState[], event: PatientEvent): MedicationReconciliationState[] {
  if (event.type !== 'MedicationReconciled') return reconciliations;
  const { patientId: _patient, practiceId: _practice, ...reconciliation } = event.data;
  return [...reconciliations, reconciliation];
}

export const findReconciliation = (reconciliations: readonly MedicationReconciliationState[], id: string) =>
  reconciliations.find((reconciliation) => reconciliation.reconciliationId === id);
