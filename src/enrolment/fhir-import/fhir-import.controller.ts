import { Controller, HttpCode, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import type { PracticeActor } from '../../auth/actor';
import { CurrentPracticeActor, Roles } from '../../auth/auth.guard';
import { correlationIdFrom } from '../../graphql/request-context';
import { badInput } from '../../kernel/domain-error';
import { FHIR_JSON, FHIR_NDJSON, FhirImportService } from './fhir-import.service';
import { toFhirImportView } from './fhir-import.view';

const FILE_NAME = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * `POST /fhir/import` (ADMIN): a FHIR R4 Bundle (application/fhir+json) or Bulk Data NDJSON (application/fhir+ndjson,
 * read line by line as it arrives). Answers the FhirImport as JSON. `?file=` names the file for the provenance.
 */
@Controller('fhir')
export class FhirImportController {
  constructor(private readonly imports: FhirImportService) {}

  @Post('import')
  @HttpCode(200)
  @Roles('ADMIN')
  async import(@Req() request: Request, @CurrentPracticeActor() actor: PracticeActor, @Query('file') file?: string) {
    if (file !== undefined && (typeof file !== 'string' || !FILE_NAME.test(file)))
      throw badInput('file', 'must be a file name of 1-128 letters, digits, . _ or -');
    const mediaType = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const correlationId = correlationIdFrom(request.headers['x-correlation-id']);
    if (mediaType === FHIR_NDJSON) return toFhirImportView(await this.imports.importNdjson(request, actor, file ?? null, correlationId));
    if (mediaType === FHIR_JSON) return toFhirImportView(await this.imports.importBundle(request, actor, file ?? null, correlationId));
    throw badInput('Content-Type', `must be ${FHIR_JSON} (a Bundle) or ${FHIR_NDJSON} (Bulk Data NDJSON)`);
  }
}
