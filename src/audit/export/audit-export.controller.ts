import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Logger } from 'pino';
import type { Actor } from '../../auth/actor';
import { CurrentActor, Roles } from '../../auth/auth.guard';
import { LOGGER } from '../../config/logger';
import type { RecordedEvent } from '../../event-store/event-store.port';
import { isUuid } from '../../kernel/ids';
import { notFound } from '../../kernel/domain-error';
import { AUDIT_ROLES } from '../audit-roles';
import { PatientHistory } from '../history/patient-history';
import { exportLine } from './export-line';

/** `GET /exports/audit/<patientId>.ndjson`: the patient's full history from the event store, for offline review. */
@Controller('exports/audit')
export class AuditExportController {
  constructor(
    private readonly history: PatientHistory,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Get(':patientId.ndjson')
  @Roles(...AUDIT_ROLES)
  async export(@CurrentActor() actor: Actor, @Param('patientId') patientId: string, @Res() response: Response): Promise<void> {
    const pages = await this.history.open(patientId, actor.practiceId);
    if (!pages) throw notFound('Patient');
    response.status(200).type('application/x-ndjson');
    response.setHeader('content-disposition', `attachment; filename="${isUuid(patientId) ? `audit-${patientId}` : 'audit'}.ndjson"`);
    try {
      // pipeline() honours backpressure and stops reading the log if the client goes away.
      await pipeline(Readable.from(lines(pages)), response);
    } catch (error) {
      // The status line has been sent: a truncated response is the only signal left (pipeline destroyed it).
      this.logger.error({ err: error }, 'audit export stopped while streaming');
    }
  }
}

async function* lines(pages: AsyncIterable<RecordedEvent[]>): AsyncGenerator<string> {
  for await (const page of pages) for (const event of page) yield exportLine(event);
}
