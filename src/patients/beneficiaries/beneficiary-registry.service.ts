import { Injectable } from '@nestjs/common';
import type { CommandContext } from '../../command-pipeline/command-pipeline';
import { CommandService } from '../../command-pipeline/command.service';
import { uuidV5 } from '../../kernel/ids';
import type { PatientEvent } from '../../patient-stream/patient-event';
import { PatientRepository } from '../patient.repository';
import { beneficiaryDecider } from './beneficiary.decider';
import { beneficiaryStream } from './beneficiary.events';

/**
 * Reserves the MBI of an enrolment on the practice's beneficiary stream before the PatientEnrolled is appended
 * (called with the decided events, under the patient stream's lock). A refusal leaves both streams untouched. If
 * the enrolment fails after its reservation (a crash in between), retrying it with the same commandId, or
 * enrolling under the id the refusal names, completes it.
 */
@Injectable()
export class BeneficiaryRegistryService {
  constructor(
    private readonly commands: CommandService,
    private readonly patients: PatientRepository,
  ) {}

  async reserveFor(events: readonly PatientEvent[], context: CommandContext): Promise<void> {
    for (const event of events) {
      // Registered (IDENTIFIED) patients and MBIs the EHR adds later hold their MBI too.
      const holdsMedicareId = event.type === 'PatientEnrolled' || event.type === 'PatientRegistered' || event.type === 'PatientDetailsUpdated';
      if (!holdsMedicareId || event.data.medicareId === null) continue;
      const { practiceId, medicareId, patientId } = event.data;
      await this.commands.pipeline.execute({
        stream: beneficiaryStream(practiceId),
        decider: beneficiaryDecider,
        command: {
          type: 'ReserveBeneficiary',
          data: { practiceId, medicareId, patientId },
          enrolledAs: this.patients.idByMedicareId(practiceId, medicareId) ?? null,
        },
        // Its own commandId (derived): the enrolment's events take the ids derived from the enrolment's.
        context: { ...context, commandId: uuidV5(`${context.commandId}/beneficiary`), causationId: context.commandId },
      });
    }
  }
}
