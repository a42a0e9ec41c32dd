import { Module, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { ProjectionHost } from '../projections/projections.module';
import { BillingCommandBuilder } from './commands/billing.commands';
import { BillingEvaluator } from './evaluation/billing-evaluator';
import { loadFeeScheduleOverrides } from './evaluation/fee-schedule-overrides';
import { ClaimsExportController } from './export/claims-export.controller';
import { BillingMonthPatientsResolver, BillingResolver } from './graphql/billing.resolver';
import { BillingProgress } from './progress/billing-progress';
import { BillingProgressResolver } from './progress/billing-progress.resolver';
import { BillingProjection } from './projection/billing.projection';
import { BillingRepository } from './read/billing.repository';

@Module({
  providers: [
    {
      provide: BillingEvaluator,
      inject: [APP_CONFIG],
      // A practice's own fee schedules are read and validated once, at start-up (BILLING_FEE_SCHEDULE_DIR).
      useFactory: (config: AppConfig) =>
        new BillingEvaluator(config.billingFeeScheduleDir ? loadFeeScheduleOverrides(config.billingFeeScheduleDir) : new Map()),
    },
    { provide: BillingProjection, inject: [BillingEvaluator], useFactory: (evaluator: BillingEvaluator) => new BillingProjection(evaluator) },
    BillingRepository,
    BillingCommandBuilder,
    BillingResolver,
    BillingMonthPatientsResolver,
    BillingProgress,
    BillingProgressResolver,
  ],
  controllers: [ClaimsExportController],
  // The evaluator also re-evaluates a submitted month as its claim saw it (evidence packets).
  exports: [BillingRepository, BillingEvaluator],
})
export class BillingModule implements OnModuleInit {
  constructor(
    private readonly projections: ProjectionHost,
    private readonly projection: BillingProjection,
  ) {}

  onModuleInit() {
    this.projections.register(this.projection);
  }
}
