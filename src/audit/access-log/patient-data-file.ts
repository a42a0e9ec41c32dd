import { StreamableFile } from '@nestjs/common';

type StreamableFileOptions = ConstructorParameters<typeof StreamableFile>[1];

/**
 * A download of patient data (CSV, PDF…) that names the patients it contains, so the access log can record the read
 * from the route's result like any other (see PATIENT_DATA_READS).
 */
export class PatientDataFile extends StreamableFile {
  constructor(
    body: Buffer,
    options: StreamableFileOptions,
    readonly patientIds: string[],
  ) {
    super(body, options);
  }
}
