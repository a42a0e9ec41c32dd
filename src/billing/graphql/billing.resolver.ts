import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import type { Actor } from '../../auth/actor';
import { CurrentActor, Roles } from '../../auth/auth.guard';
import { CorrelationId } from '../../graphql/request-context';
import { BILLING_MONTH_READERS, BILLING_WRITERS, PATIENT_BILLING_READERS } from '../billing-roles';
import { CloseBillingMonthCommand, SubmitClaimCommand } from '../commands/billing.commands';
import { CloseBillingMonthInput, SubmitClaimInput } from '../commands/billing.inputs';
import { BillingRepository } from '../read/billing.repository';

@Resolver()
export class BillingResolver {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly billing: BillingRepository,
  ) {}

  @Query('billingMonth')
  @Roles(...BILLING_MONTH_READERS)
  billingMonth(@Args('month') month: string, @CurrentActor() actor: Actor, @Args('ruleYear') ruleYear?: number | null) {
    return this.billing.monthView(actor.practiceId!, month, ruleYear);
  }

  @Query('patientBillingMonth')
  @Roles(...PATIENT_BILLING_READERS)
  patientBillingMonth(@Args('patientId') patientId: string, @Args('month') month: string, @CurrentActor() actor: Actor, @Args('ruleYear') ruleYear?: number | null) {
    return this.billing.patientMonthView(actor.practiceId!, patientId, month, ruleYear);
  }

  @Mutation('closeBillingMonth')
  @Roles(...BILLING_WRITERS)
  async closeBillingMonth(@Args('input') input: CloseBillingMonthInput, @CurrentActor() actor: Actor, @CorrelationId() correlationId?: string) {
    await this.commandBus.execute(new CloseBillingMonthCommand(input, actor, correlationId));
    return this.billing.monthView(actor.practiceId!, input.month);
  }

  @Mutation('submitClaim')
  @Roles(...BILLING_WRITERS)
  async submitClaim(@Args('input') input: SubmitClaimInput, @CurrentActor() actor: Actor, @CorrelationId() correlationId?: string) {
    await this.commandBus.execute(new SubmitClaimCommand(input, actor, correlationId));
    return this.billing.patientMonthView(actor.practiceId!, input.patientId, input.month);
  }
}
