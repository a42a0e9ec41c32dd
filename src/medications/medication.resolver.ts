import { Args, Mutation, Resolver } from '@nestjs/graphql';
import type { PracticeActor } from '../auth/actor';
import { CurrentPracticeActor, Roles } from '../auth/auth.guard';
import { CorrelationId } from '../graphql/request-context';
import { uuidV5 } from '../kernel/ids';
import { CLINICAL_AUTHORS } from '../patient-stream/care-record-roles';
import { PatientCommands, type PatientCommandOutcome } from '../patient-stream/patient-commands';
import { ReconcileMedicationsInput } from './medication.inputs';
import { findReconciliation } from './medication.state';
import { toReconciliationView } from './medication.view';

/** The reconciliation's id derives from the commandId, so a retry names the same reconciliation. */
const reconciliationIdOf = (commandId: string) => uuidV5(`medication-reconciliation/${commandId.toLowerCase()}`);

function reconciliationOf(outcome: PatientCommandOutcome, reconciliationId: string) {
  const { enrollment, medicationReconciliations } = outcome.record;
  const reconciliation = findReconciliation(medicationReconciliations, reconciliationId);
  if (!enrollment || !reconciliation) throw new Error('A medication reconciliation succeeded without its reconciliation');
  return toReconciliationView(enrollment.patientId, reconciliation);
}

@Resolver()
export class MedicationResolver {
  constructor(private readonly patientCommands: PatientCommands) {}

  @Mutation('reconcileMedications')
  @Roles(...CLINICAL_AUTHORS)
  async reconcileMedications(
    @Args('input') input: ReconcileMedicationsInput,
    @CurrentPracticeActor() actor: PracticeActor,
    @CorrelationId() correlationId?: string,
  ) {
    const reconciliationId = reconciliationIdOf(input.commandId);
    const outcome = await this.patientCommands.execute('ReconcileMedications', { ...input, reconciliationId }, actor, correlationId);
    return reconciliationOf(outcome, reconciliationId);
  }
}
