import type { DomainEvent } from '../../kernel/decider';

/** Stream `fhir-import-<uuid>`: one import's outcome, for `fhirImport(id)` and the audit of who imported what. */
export const fhirImportStream = (importId: string) => `fhir-import-${importId}`;

export type FhirImportIssue = { line: number | null; resourceType: string | null; resourceId: string | null; message: string };

export type FhirImportSummary = {
  importId: string;
  practiceId: string;
  importedBy: string;
  file: string | null;
  mediaType: 'application/fhir+json' | 'application/fhir+ndjson';
  status: 'DONE' | 'FAILED';
  resourcesRead: number;
  patientsRegistered: number;
  patientsUpdated: number;
  conditionsRecorded: number;
  /** Other facts recorded (coverages, medications). */
  otherFactsRecorded: number;
  unchanged: number;
  /** The first MAX_ISSUES_KEPT issues; `rejectedCount` counts them all. */
  rejected: FhirImportIssue[];
  rejectedCount: number;
};

export type FhirImportRecorded = DomainEvent<'FhirImportRecorded', FhirImportSummary>;
export type FhirImportEvent = FhirImportRecorded;
