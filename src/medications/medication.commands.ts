import { CommandHandler } from '@nestjs/cqrs';
import { ActorCommand } from '../command-pipeline/command.service';
import { uuidV5 } from '../kernel/ids';
import { PatientCommandHandler } from '../patient-stream/patient-command-runner';
import { medicationDecider, medicationValidTime } from './medication.decider';
import type { ReconcileMedicationsInput } from './medication.inputs';

export class ReconcileMedicationsCommand extends ActorCommand<ReconcileMedicationsInput> {}

/** The reconciliation's id derives from the commandId, so a retry names the same reconciliation. */
export const reconciliationIdOf = (commandId: string) => uuidV5(`medication-reconciliation/${commandId.toLowerCase()}`);

@CommandHandler(ReconcileMedicationsCommand)
export class ReconcileMedicationsHandler extends PatientCommandHandler<ReconcileMedicationsInput> {
  protected readonly type = 'ReconcileMedications';
  protected readonly decider = medicationDecider;
  protected readonly validTime = medicationValidTime;

  protected override data(input: ReconcileMedicationsInput): object {
    return { ...super.data(input), reconciliationId: reconciliationIdOf(input.commandId) };
  }
}
