import { monthOf } from '../kernel/calendar';
import { DomainError } from '../kernel/domain-error';
import { requireEnrolledPatient, type PatientCommand, type PatientDecider, type ValidTimeOf } from '../patient-stream/patient-command';
import { evolvePatientRecord, initialPatientRecord } from '../patient-stream/patient-record';
import { requireAuthor, requireStaff } from '../patient-stream/practice-context';
import { assertAcceptedInstant } from '../patient-stream/valid-time';
import type { MedicationEntry, MedicationEvent } from './medication.events';
import type { MedicationInput, ReconcileMedicationsInput } from './medication.inputs';

export type ReconcileMedications = PatientCommand<'ReconcileMedications', Omit<ReconcileMedicationsInput, 'commandId'> & { reconciliationId: string }>;

const entryOf = ({ name, dose, frequency, prescriber, source }: MedicationInput): MedicationEntry => ({
  name,
  dose: dose ?? null,
  frequency: frequency ?? null,
  prescriber: prescriber ?? null,
  source: source ?? null,
});

export const medicationDecider: PatientDecider<ReconcileMedications> = {
  initialState: initialPatientRecord,
  evolve: evolvePatientRecord,

  decide(command, state): MedicationEvent[] {
    if (command.type !== 'ReconcileMedications') throw new DomainError('BAD_USER_INPUT', 'Unknown medication command');
    const { practice, metadata } = command;
    requireAuthor(command);
    const { patientId, practiceId, reconciliationId, performedBy, reconciledAt, medications, discrepancies, minutes } = command.data;
    requireEnrolledPatient(state, practiceId);
    assertAcceptedInstant('reconciledAt', reconciledAt, metadata.now);
    // Reconciling medications is clinical work: staff without a clinical credential cannot perform it.
    const performer = requireStaff(practice, performedBy, 'performedBy', { clinical: true });
    return [
      {
        type: 'MedicationReconciled',
        data: {
          patientId,
          practiceId,
          reconciliationId,
          performer,
          documentedBy: requireStaff(practice, metadata.actorId, 'the signed-in author'),
          reconciledAt,
          medications: medications.map(entryOf),
          discrepancies: discrepancies ?? [],
          minutes: minutes ?? null,
          month: monthOf(new Date(reconciledAt), practice.timeZone),
        },
      },
    ];
  },
};

export const medicationValidTime: ValidTimeOf = (event) => (event.type === 'MedicationReconciled' ? new Date(event.data.reconciledAt) : null);
