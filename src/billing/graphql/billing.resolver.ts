import { Args, Context, Info, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { PracticeActor } from '../../auth/actor';
import { CurrentPracticeActor, Roles } from '../../auth/auth.guard';
import { CommandService } from '../../command-pipeline/command.service';
import { projectedList } from '../../graphql/projected-lists';
import { CorrelationId } from '../../graphql/request-context';
import { BILLING_MONTH_READERS, BILLING_WRITERS, PATIENT_BILLING_READERS } from '../billing-roles';
import { BillingCommandBuilder } from '../commands/billing.commands';
import { CloseBillingMonthInput, SubmitClaimInput } from '../commands/billing.inputs';
import { billingStream } from '../month/billing-month.events';
import { BillingRepository } from '../read/billing.repository';
import type { BillingMonthView } from '../read/billing-views';
import { patientsPage } from '../read/patients-page';

@Resolver()
export class BillingResolver {
  constructor(
    private readonly commands: CommandService,
    private readonly billingCommands: BillingCommandBuilder,
    private readonly billing: BillingRepository,
  ) {}

  @Query('billingMonth')
  @Roles(...BILLING_MONTH_READERS)
  billingMonth(@Args('month') month: string, @CurrentPracticeActor() actor: PracticeActor, @Args('ruleYear') ruleYear?: number | null) {
    return this.billing.monthView(actor.practiceId, month, ruleYear);
  }

  @Query('patientBillingMonth')
  @Roles(...PATIENT_BILLING_READERS)
  patientBillingMonth(
    @Args('patientId') patientId: string,
    @Args('month') month: string,
    @CurrentPracticeActor() actor: PracticeActor,
    @Args('ruleYear') ruleYear?: number | null,
  ) {
    return this.billing.patientMonthView(actor.practiceId, patientId, month, ruleYear);
  }

  @Mutation('closeBillingMonth')
  @Roles(...BILLING_WRITERS)
  async closeBillingMonth(@Args('input') input: CloseBillingMonthInput, @CurrentPracticeActor() actor: PracticeActor, @CorrelationId() correlationId?: string) {
    await this.commands.execute('CloseBillingMonth', {
      stream: billingStream(actor.practiceId, input.month),
      command: await this.billingCommands.closeBillingMonth(actor.practiceId, input),
      caller: { actor, commandId: input.commandId, correlationId },
    });
    return this.billing.monthView(actor.practiceId, input.month);
  }

  @Mutation('submitClaim')
  @Roles(...BILLING_WRITERS)
  async submitClaim(@Args('input') input: SubmitClaimInput, @CurrentPracticeActor() actor: PracticeActor, @CorrelationId() correlationId?: string) {
    await this.commands.execute('SubmitClaim', {
      stream: billingStream(actor.practiceId, input.month),
      command: await this.billingCommands.submitClaim(actor.practiceId, input),
      caller: { actor, commandId: input.commandId, correlationId },
    });
    return this.billing.patientMonthView(actor.practiceId, input.patientId, input.month);
  }
}

/**
 * BillingMonth.patients: the month's patient-months (already read and authorised with the month), paged when asked.
 * A whole month is thousands of rows of some forty fields: they are projected as a list (projected-lists.ts) rather
 * than completed field by field.
 */
@Resolver('BillingMonth')
export class BillingMonthPatientsResolver {
  @ResolveField('patients')
  patients(
    @Parent() month: BillingMonthView,
    @Info() info: GraphQLResolveInfo,
    @Context() context: object,
    @Args('first') first?: number | null,
    @Args('after') after?: string | null,
  ) {
    return projectedList(patientsPage(month.patients, { first, after }), info, context);
  }
}
