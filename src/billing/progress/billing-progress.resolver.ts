import { Args, Resolver, Subscription } from '@nestjs/graphql';
import type { PracticeActor } from '../../auth/actor';
import { CurrentPracticeActor, Roles } from '../../auth/auth.guard';
import { PATIENT_BILLING_READERS } from '../billing-roles';
import { BillingProgress } from './billing-progress';

@Resolver()
export class BillingProgressResolver {
  constructor(private readonly progress: BillingProgress) {}

  /** The same roles and practice scoping as patientBillingMonth; the pushed values are the views themselves. */
  @Subscription('billingProgress', { resolve: (view: unknown) => view })
  @Roles(...PATIENT_BILLING_READERS)
  billingProgress(@Args('patientId') patientId: string, @CurrentPracticeActor() actor: PracticeActor, @Args('month') month?: string | null) {
    return this.progress.watch(actor.practiceId, patientId, month ?? null);
  }
}
