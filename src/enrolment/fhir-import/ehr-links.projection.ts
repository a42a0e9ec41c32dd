import type { Statement } from 'better-sqlite3';
import type { RecordedEvent } from '../../event-store/event-store.port';
import type { Projection, ReadDatabase } from '../../projections/projection';
import type { PatientDetailsUpdated, PatientRegistered } from '../enrolment.events';
import type { FhirImportSummary } from './fhir-import.events';

/** How an EHR names a patient: by an identifier (system|value) or by the FHIR id of its Patient resource. */
export type EhrLinkKind = 'identifier' | 'fhir-id';
export const identifierKey = ({ system, value }: { system: string; value: string }) => `${system}|${value}`;

/**
 * The EHR intake read model: which patient record each EHR identifier and FHIR Patient id of a practice names
 * (later imports match by them, and resolve the subjects of Conditions and Coverages), and each import's outcome.
 */
export class EhrLinksProjection implements Projection {
  readonly name = 'ehr-intake';
  readonly version = 1;
  private statements!: { link: Statement; saveImport: Statement };

  setup(db: ReadDatabase) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS ehr_links (
        practice_id TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL, patient_id TEXT NOT NULL,
        PRIMARY KEY (practice_id, kind, key));
      CREATE TABLE IF NOT EXISTS fhir_imports (id TEXT PRIMARY KEY, practice_id TEXT NOT NULL, summary TEXT NOT NULL);`);
    this.statements = {
      link: db.prepare(
        'INSERT INTO ehr_links (practice_id, kind, key, patient_id) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET patient_id = excluded.patient_id',
      ),
      saveImport: db.prepare('INSERT OR IGNORE INTO fhir_imports (id, practice_id, summary) VALUES (?, ?, ?)'),
    };
  }

  reset(db: ReadDatabase) {
    db.exec('DROP TABLE IF EXISTS ehr_links; DROP TABLE IF EXISTS fhir_imports;');
  }

  apply(_db: ReadDatabase, recorded: RecordedEvent) {
    if (recorded.type === 'PatientRegistered' || recorded.type === 'PatientDetailsUpdated') {
      const { practiceId, patientId, ehrIdentifier, ehrPatientId } = recorded.data as (PatientRegistered | PatientDetailsUpdated)['data'];
      if (ehrIdentifier) this.statements.link.run(practiceId, 'identifier', identifierKey(ehrIdentifier), patientId);
      if (ehrPatientId) this.statements.link.run(practiceId, 'fhir-id', ehrPatientId, patientId);
    } else if (recorded.type === 'FhirImportRecorded') {
      const summary = recorded.data as FhirImportSummary;
      this.statements.saveImport.run(summary.importId, summary.practiceId, JSON.stringify(summary));
    }
  }
}
