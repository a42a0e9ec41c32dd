import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.guard';
import { CorrelationId } from '../graphql/request-context';
import { CLINICAL_AUTHORS } from '../patient-stream/care-record-roles';
import type { PatientCommandOutcome } from '../patient-stream/patient-command-runner';
import { ReconcileMedicationsCommand, reconciliationIdOf } from './medication.commands';
import { ReconcileMedicationsInput } from './medication.inputs';
import { findReconciliation } from './medication.state';
import { toReconciliationView } from './medication.view';

function reconciliationOf(outcome: PatientCommandOutcome, reconciliationId: string) {
  const { enrollment, medicationReconciliations } = outcome.record;
  const reconciliation = findReconciliation(medicationReconciliations, reconciliationId);
  if (!enrollment || !reconciliation) throw new Error('A medication reconciliation succeeded without its reconciliation');
  return toReconciliationView(enrollment.patientId, reconciliation);
}

@Resolver()
export class MedicationResolver {
  constructor(private readonly commandBus: CommandBus) {}

  @Mutation('reconcileMedications')
  @Roles(...CLINICAL_AUTHORS)
  async reconcileMedications(@Args('input') input: ReconcileMedicationsInput, @CurrentActor() actor: Actor, @CorrelationId() correlationId?: string) {
    const outcome = await this.commandBus.execute(new ReconcileMedicationsCommand(input, actor, correlationId));
    return reconciliationOf(outcome, reconciliationIdOf(input.commandId));
  }
}
