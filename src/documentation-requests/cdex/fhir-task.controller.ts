import { Body, Catch, Controller, Get, Header, HttpCode, Param, Post, Res, UseFilters, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { PatientDataFile } from '../../audit/access-log/patient-data-file';
import type { Response } from 'express';
import type { Actor } from '../../auth/actor';
import { CurrentActor, Roles } from '../../auth/auth.guard';
import { EventStoreUnavailable } from '../../event-store/errors';
import { operationOutcome } from '../../http/operation-outcome';
import { DomainError } from '../../kernel/domain-error';
import { isUuid } from '../../kernel/ids';
import { DOCUMENTATION_REQUEST_READERS } from '../documentation-request-roles';
import type { DocumentationRequestRow } from '../documentation-request.repository';
import { DocumentationRequests, PayerUrlNotConfigured } from '../documentation-requests.service';
import { MalformedTask } from './task-request';
import { taskView } from './task-view';

const STATUS: Record<DomainError['code'], number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
};

/** Every refusal of the FHIR Task routes as an OperationOutcome with its HTTP status. */
@Catch(DomainError, MalformedTask, PayerUrlNotConfigured, EventStoreUnavailable)
class TaskErrorsFilter implements ExceptionFilter {
  catch(error: DomainError | MalformedTask | PayerUrlNotConfigured | EventStoreUnavailable, host: ArgumentsHost) {
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    const [status, code, expression] =
      error instanceof MalformedTask
        ? [400, 'BAD_USER_INPUT', error.expression]
        : error instanceof PayerUrlNotConfigured
          ? [422, 'PAYER_URL_NOT_CONFIGURED', 'Task.input:payer-url']
          : error instanceof DomainError
            ? [STATUS[error.code], error.code, error.details?.field]
            : [503, 'SERVICE_UNAVAILABLE', undefined];
    if (status === 503) response.setHeader('Retry-After', '1');
    response
      .status(status)
      .type('application/fhir+json')
      .send(JSON.stringify(operationOutcome(status, code, error.message, expression)));
  }
}

/** The Task as FHIR JSON, naming its patient for the access log (PatientDataFile). */
const taskFile = (row: DocumentationRequestRow) =>
  new PatientDataFile(Buffer.from(JSON.stringify(taskView(row)), 'utf8'), { type: 'application/fhir+json' }, [row.patientId]);

/**
 * Da Vinci CDex attachment requests over FHIR R4 (README "Answering payers' requests"):
 * `POST /fhir/Task` (a PAYER token) takes a cdex-task-attachment-request and answers 201 with the Task as stored;
 * `GET /fhir/Task/{id}` shows it with its status and, once answered, Task.output. Both are in the access log.
 */
@Controller('fhir/Task')
@UseFilters(TaskErrorsFilter)
export class FhirTaskController {
  constructor(private readonly requests: DocumentationRequests) {}

  @Post()
  @HttpCode(201)
  @Header('cache-control', 'no-store')
  @Roles('PAYER')
  async create(@CurrentActor() actor: Actor, @Body() body: unknown, @Res({ passthrough: true }) response: Response): Promise<PatientDataFile> {
    const row = await this.requests.openCdexTask(actor, body);
    response.setHeader('location', `/fhir/Task/${row.requestId}`);
    return taskFile(row);
  }

  @Get(':id')
  @Header('cache-control', 'no-store')
  @Roles(...DOCUMENTATION_REQUEST_READERS)
  read(@CurrentActor() actor: Actor, @Param('id') id: string): PatientDataFile {
    const row = isUuid(id) ? this.requests.find(actor, id) : null;
    if (!row?.cdex) throw new DomainError('NOT_FOUND', 'Task not found');
    return taskFile(row);
  }
}
