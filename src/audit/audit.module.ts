import { Module, type OnModuleInit } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ProjectionHost } from '../projections/projections.module';
import { AccessLogInterceptor } from './access-log/access-log.interceptor';
import { AccessLogProjection } from './access-log/access-log.projection';
import { AccessLogRecorder } from './access-log/access-log.recorder';
import { AccessLogRepository } from './access-log/access-log.repository';
import { AccessLogResolver } from './access-log/access-log.resolver';
import { AuditResolver } from './audit.resolver';
import { AuditExportController } from './export/audit-export.controller';
import { PatientHistory } from './history/patient-history';
import { AuditTrailProjection } from './trail/audit-trail.projection';
import { AuditTrailRepository } from './trail/audit-trail.repository';

/**
 * Audit trails for compliance officers: the trail, its verification against the log, time travel, the export and
 * the access log. Not global on purpose: Nest shuts global modules (the event store among them) down after this one,
 * so the access log's last flush still has a store to write to.
 */
@Module({
  controllers: [AuditExportController],
  providers: [
    AuditTrailRepository,
    AccessLogRepository,
    PatientHistory,
    AccessLogRecorder,
    AuditResolver,
    AccessLogResolver,
    { provide: APP_INTERCEPTOR, useClass: AccessLogInterceptor },
  ],
  exports: [AccessLogRecorder, PatientHistory],
})
export class AuditModule implements OnModuleInit {
  constructor(private readonly projections: ProjectionHost) {}

  onModuleInit() {
    this.projections.register(new AuditTrailProjection(), new AccessLogProjection());
  }
}
