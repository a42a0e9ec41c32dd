import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ActorCommand, CommandService } from '../../command-pipeline/command.service';
import { figuresOf } from '../evaluation/figures';
import { billingPractitionerIn } from '../facts/billing-patient';
import { claimDiagnoses } from '../facts/patient-month-facts';
import { billingMonthDecider, type CloseBillingMonth, type SubmitClaim } from '../month/billing-month.decider';
import { billingStream } from '../month/billing-month.events';
import { BillingRepository } from '../read/billing.repository';
import { ruleSet } from '../rules';
import type { CloseBillingMonthInput, SubmitClaimInput } from './billing.inputs';
import { ReadModelFreshness } from './read-model-freshness';

/** Only a given acknowledgement enters the command's data, so earlier commands keep their idempotency hash. */
const acknowledged = (given: boolean | null | undefined) => (given ? { acknowledgeProvisionalRules: true as const } : {});

export class CloseBillingMonthCommand extends ActorCommand<CloseBillingMonthInput> {}
export class SubmitClaimCommand extends ActorCommand<SubmitClaimInput> {}

@CommandHandler(CloseBillingMonthCommand)
export class CloseBillingMonthHandler implements ICommandHandler<CloseBillingMonthCommand> {
  constructor(
    private readonly commands: CommandService,
    private readonly billing: BillingRepository,
    private readonly freshness: ReadModelFreshness,
  ) {}

  async execute(command: CloseBillingMonthCommand): Promise<void> {
    const practiceId = command.actor.practiceId!;
    const { month, acknowledgeProvisionalRules } = command.input;
    await this.freshness.catchUp();
    const practice = this.billing.practice(practiceId);
    const ruleYear = this.billing.ruleYearFor(month);
    const patients = this.billing.monthRows(practice, month, ruleYear).map((row) => figuresOf(row.patientId, row.result));
    const close: Omit<CloseBillingMonth, 'metadata'> = {
      type: 'CloseBillingMonth',
      data: { practiceId, month, ...acknowledged(acknowledgeProvisionalRules) },
      observed: { timeZone: practice.timeZone, ruleYear, patients, provisionalRules: this.billing.provisional(ruleYear) },
    };
    await this.commands.execute({ stream: billingStream(practiceId, month), decider: billingMonthDecider, command: close, context: this.commands.context(command) });
  }
}

@CommandHandler(SubmitClaimCommand)
export class SubmitClaimHandler implements ICommandHandler<SubmitClaimCommand> {
  constructor(
    private readonly commands: CommandService,
    private readonly billing: BillingRepository,
    private readonly freshness: ReadModelFreshness,
  ) {}

  async execute(command: SubmitClaimCommand): Promise<void> {
    const practiceId = command.actor.practiceId!;
    const { month, payerId, acknowledgeProvisionalRules } = command.input;
    await this.freshness.catchUp();
    const practice = this.billing.practice(practiceId);
    const patient = this.billing.patient(practiceId, command.input.patientId);
    const ruleYear = this.billing.ruleYearFor(month);
    const row = this.billing.patientRow(practice, patient, month, ruleYear);
    const practitioner = billingPractitionerIn(patient, month);
    const submit: Omit<SubmitClaim, 'metadata'> = {
      type: 'SubmitClaim',
      data: { practiceId, patientId: patient.patientId, month, payerId, ...acknowledged(acknowledgeProvisionalRules) },
      observed: {
        provisionalRules: this.billing.provisional(ruleYear),
        current: figuresOf(patient.patientId, row.result),
        patientPayerId: patient.payerId,
        parties: {
          medicareId: patient.medicareId,
          diagnoses: claimDiagnoses(patient, month, ruleSet(ruleYear)),
          renderingNpi: practitioner.npi,
          // A practice without a group NPI bills under the practitioner's own.
          billingNpi: practice.npi ?? practitioner.npi,
          taxId: practice.taxId,
        },
      },
    };
    await this.commands.execute({ stream: billingStream(practiceId, month), decider: billingMonthDecider, command: submit, context: this.commands.context(command) });
  }
}
