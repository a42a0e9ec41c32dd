import type { FhirImportSummary } from './fhir-import.events';

/** GraphQL `FhirImport` (and the JSON answer of POST /fhir/import). */
export function toFhirImportView(summary: FhirImportSummary) {
  const { importId, status, resourcesRead, patientsRegistered, patientsUpdated, conditionsRecorded, unchanged, rejected, rejectedCount } = summary;
  const omitted = rejectedCount - rejected.length;
  return {
    id: importId,
    status,
    resourcesRead,
    patientsRegistered,
    patientsUpdated,
    conditionsRecorded,
    unchanged,
    rejected:
      omitted > 0
        ? [
            ...rejected,
            { line: null, resourceType: null, resourceId: null, message: `${omitted} more resources were rejected (the first ${rejected.length} are listed)` },
          ]
        : rejected,
  };
}
