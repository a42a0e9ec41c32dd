import { Controller, Get, Header, Query } from '@nestjs/common';
import type { PracticeActor } from '../../auth/actor';
import { CurrentPracticeActor, Roles } from '../../auth/auth.guard';
import { PROGRAM_METRICS_READERS } from './program-metrics-roles';
import { programMetricsCsv } from './program-metrics-csv';
import { ProgramMetricsService } from './program-metrics.service';

/** `GET /exports/program-metrics.csv?from=YYYY-MM&to=YYYY-MM[&careManagerId=]`: programMetrics as CSV, same roles. */
@Controller('exports')
export class ProgramMetricsController {
  constructor(private readonly metrics: ProgramMetricsService) {}

  @Get('program-metrics.csv')
  @Roles(...PROGRAM_METRICS_READERS)
  @Header('content-type', 'text/csv; charset=utf-8; header=present')
  @Header('content-disposition', 'attachment; filename="program-metrics.csv"')
  export(
    @CurrentPracticeActor() actor: PracticeActor,
    @Query('from') from?: string,
    @Query('to') to?: string,
    @Query('careManagerId') careManagerId?: string,
  ): string {
    return programMetricsCsv(this.metrics.metrics(actor.practiceId, String(from ?? ''), String(to ?? ''), careManagerId ?? null));
  }
}
