import { Inject, Injectable } from '@nestjs/common';
import type { Database, Statement } from 'better-sqlite3';
import { READ_DB } from '../../projections/projections.module';
import type { EhrLinkKind } from './ehr-links.projection';
import type { FhirImportSummary } from './fhir-import.events';

/** Queries of the EHR intake read model, every one scoped by the caller's practice. */
@Injectable()
export class EhrLinksRepository {
  private statements?: { link: Statement; import: Statement };

  constructor(@Inject(READ_DB) private readonly db: Database) {}

  patientLinkedBy(practiceId: string, kind: EhrLinkKind, key: string): string | undefined {
    return this.prepared().link.get(practiceId, kind, key) as string | undefined;
  }

  /** undefined for an unknown id and, identically, for another practice's import. */
  importById(practiceId: string, importId: string): FhirImportSummary | undefined {
    const summary = this.prepared().import.get(practiceId, importId) as string | undefined;
    return summary === undefined ? undefined : (JSON.parse(summary) as FhirImportSummary);
  }

  private prepared() {
    this.statements ??= {
      link: this.db.prepare('SELECT patient_id FROM ehr_links WHERE practice_id = ? AND kind = ? AND key = ?').pluck(),
      import: this.db.prepare('SELECT summary FROM fhir_imports WHERE practice_id = ? AND id = ?').pluck(),
    };
    return this.statements;
  }
}
