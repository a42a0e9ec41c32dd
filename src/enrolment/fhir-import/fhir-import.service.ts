import { Inject, Injectable } from '@nestjs/common';
import type { Bundle, Condition, Coverage, FhirResource, MedicationRequest, MedicationStatement, Patient } from 'fhir/r4';
import type { Readable } from 'node:stream';
import type { PracticeActor } from '../../auth/actor';
import { CommandService } from '../../command-pipeline/command.service';
import type { PatientCommandType } from '../../command-pipeline/command-table';
import type { CommandContext } from '../../command-pipeline/command-pipeline';
import type { Position } from '../../event-store/event-store.port';
import { CLOCK, type Clock } from '../../kernel/clock';
import { DomainError, badInput } from '../../kernel/domain-error';
import { newId, uuidV5 } from '../../kernel/ids';
import { PatientCommands, type PatientCommandOutcome, type PatientInputOf } from '../../patient-stream/patient-commands';
import type { PatientEvent } from '../../patient-stream/patient-event';
import { BeneficiaryRegistryService } from '../../patients/beneficiaries/beneficiary-registry.service';
import { PatientRepository } from '../../patients/patient.repository';
import { ReadYourWrites } from '../../projections/projections.module';
import type { ImportProvenance } from '../enrolment.events';
import { identifierKey } from './ehr-links.projection';
import { EhrLinksRepository } from './ehr-links.repository';
import {
  IMPORTED_RESOURCE_TYPES,
  mapSafely,
  mapCondition,
  mapCoverage,
  mapMedication,
  mapPatient,
  resourceIdOf,
  type ImportedResourceType,
  type PatientFacts,
} from './fhir-mapping';
import { fhirImportStream, type FhirImportIssue, type FhirImportSummary } from './fhir-import.events';
import { ndjsonLines } from './ndjson-lines';

export const FHIR_JSON = 'application/fhir+json';
export const FHIR_NDJSON = 'application/fhir+ndjson';
/** A Bundle is parsed whole: bounded. NDJSON is read a line at a time, each line bounded. */
export const MAX_BUNDLE_BYTES = 32 * 1024 * 1024;
export const MAX_NDJSON_LINE_BYTES = 1024 * 1024;
/** Issues kept in the import's record (all are counted); a file of 100,000 broken lines stays a small event. */
export const MAX_ISSUES_KEPT = 1000;
/**
 * Resources imported together (a page of NDJSON lines, or of Bundle entries): their commands run at once across
 * patients (in order within one patient's stream, so their appends share transactions) and the read models are
 * waited for once per page and phase, not per resource. Bounded in lines and bytes, so a page stays small.
 */
export const IMPORT_PAGE_RESOURCES = 500;
export const IMPORT_PAGE_BYTES = 4 * 1024 * 1024;

const unknownSubject = (subject: string) => `Its patient ${subject} is not in this import or an earlier one`;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isPatientResource = (resource: unknown) => isObject(resource) && resource.resourceType === 'Patient';

/** Where a resource is in the body; `order` sorts its issues as the file lists them. */
type Located = { line: number | null; entry: string | null; fullUrl: string | null; order: number };
type PageItem = { resource: unknown; at: Located };

/**
 * One import in progress: its counts and issues, and the in-memory index of the patients this file named so far
 * (by FHIR reference, MBI and EHR identifier: one entry per patient, never a resource), which matches them while
 * the read models catch up with the page being written.
 */
class ImportRun {
  readonly importId = newId();
  readonly summary: FhirImportSummary;
  /** `Patient/<id>` and Bundle fullUrls → patient record id, for the patients imported (not refused). */
  readonly subjects = new Map<string, string>();
  /** MBI, and EHR identifier key → the record a Patient resource of this file was matched to. */
  readonly matchedByMedicareId = new Map<string, string>();
  readonly matchedByIdentifier = new Map<string, string>();
  /** The last position this import appended at, and the last one the read models were waited for. */
  written?: Position;
  waitedFor?: Position;
  /** Issues of the page being imported: its commands finish in any order, the record lists them in file order. */
  private pageIssues: (FhirImportIssue & { order: number })[] = [];

  constructor(
    readonly actor: PracticeActor,
    file: string | null,
    mediaType: FhirImportSummary['mediaType'],
    readonly correlationId?: string,
  ) {
    this.summary = {
      importId: this.importId,
      practiceId: actor.practiceId,
      importedBy: actor.id,
      file,
      mediaType,
      status: 'DONE',
      resourcesRead: 0,
      patientsRegistered: 0,
      patientsUpdated: 0,
      conditionsRecorded: 0,
      otherFactsRecorded: 0,
      unchanged: 0,
      rejected: [],
      rejectedCount: 0,
    };
  }

  reject(at: Located, resourceType: string | null, resourceId: string | null, message: string) {
    this.summary.rejectedCount += 1;
    this.pageIssues.push({ line: at.line, resourceType, resourceId, message: at.entry ? `${at.entry}: ${message}` : message, order: at.order });
  }

  wrote(position: Position | undefined) {
    if (position !== undefined && (this.written === undefined || position > this.written)) this.written = position;
  }

  /** Moves the page's issues into the record, in file order, up to MAX_ISSUES_KEPT. */
  closePage() {
    for (const { order: _order, ...issue } of this.pageIssues.sort((a, b) => a.order - b.order)) {
      if (this.summary.rejected.length < MAX_ISSUES_KEPT) this.summary.rejected.push(issue);
    }
    this.pageIssues = [];
  }
}

/**
 * EHR intake (issue #15): US Core Patient, Condition, Coverage and MedicationStatement/MedicationRequest resources
 * from a Bundle or a Bulk Data NDJSON file become patient commands of the command table, one per resource, each
 * carrying the import as provenance, run a page at a time (IMPORT_PAGE_RESOURCES). Deciders append nothing for
 * facts the record already has, so importing the same resources again appends nothing to any patient. A resource that cannot be used is reported and nothing of it
 * is stored; the import's outcome is recorded on its own stream.
 */
@Injectable()
export class FhirImportService {
  constructor(
    private readonly patientCommands: PatientCommands,
    private readonly commands: CommandService,
    private readonly beneficiaries: BeneficiaryRegistryService,
    private readonly patients: PatientRepository,
    private readonly links: EhrLinksRepository,
    private readonly readYourWrites: ReadYourWrites,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async importNdjson(body: Readable, actor: PracticeActor, file: string | null, correlationId?: string): Promise<FhirImportSummary> {
    const run = new ImportRun(actor, file, FHIR_NDJSON, correlationId);
    let parsedAny = false;
    return this.finish(run, async () => {
      let page: PageItem[] = [];
      let pageBytes = 0;
      for await (const next of ndjsonLines(body, MAX_NDJSON_LINE_BYTES)) {
        run.summary.resourcesRead += 1;
        const at: Located = { line: next.line, entry: null, fullUrl: null, order: next.line };
        if ('tooLong' in next) {
          run.reject(at, null, null, `Line is longer than ${MAX_NDJSON_LINE_BYTES} bytes`);
          continue;
        }
        try {
          page.push({ resource: JSON.parse(next.text), at });
          parsedAny = true;
        } catch {
          run.reject(at, null, null, 'Line is not valid JSON');
          continue;
        }
        pageBytes += next.text.length;
        if (page.length >= IMPORT_PAGE_RESOURCES || pageBytes >= IMPORT_PAGE_BYTES) {
          await this.importPage(run, page);
          page = [];
          pageBytes = 0;
        }
      }
      await this.importPage(run, page);
      // Not one line of JSON: the body is not NDJSON at all (nothing was stored).
      if (!parsedAny && run.summary.resourcesRead > 0) throw badInput('body', 'The request body is not valid NDJSON: no line is a JSON resource');
    });
  }

  async importBundle(body: Readable, actor: PracticeActor, file: string | null, correlationId?: string): Promise<FhirImportSummary> {
    const bundle = await readBundle(body);
    const run = new ImportRun(actor, file, FHIR_JSON, correlationId);
    const entries = (bundle.entry ?? []).map((entry, index): PageItem => ({
      resource: entry.resource,
      at: { line: null, entry: `entry[${index}]`, fullUrl: typeof entry.fullUrl === 'string' ? entry.fullUrl : null, order: index },
    }));
    // Patients first, so that the resources about them resolve whatever the order of the entries.
    const patientsFirst = [...entries.filter((item) => isPatientResource(item.resource)), ...entries.filter((item) => !isPatientResource(item.resource))];
    return this.finish(run, async () => {
      run.summary.resourcesRead = entries.length;
      for (let start = 0; start < patientsFirst.length; start += IMPORT_PAGE_RESOURCES) {
        await this.importPage(run, patientsFirst.slice(start, start + IMPORT_PAGE_RESOURCES));
      }
    });
  }

  /**
   * Imports one page: its Patients first (so the page's other resources find them), then the rest. Each phase runs
   * its commands at once, one chain per patient stream, and waits for the read models once at its end (the next
   * phase checks its patients there).
   */
  private async importPage(run: ImportRun, page: PageItem[]) {
    const patients = page.filter((item) => isPatientResource(item.resource));
    await this.importAll(run, patients);
    await this.importAll(
      run,
      page.filter((item) => !isPatientResource(item.resource)),
    );
    run.closePage();
  }

  private async importAll(run: ImportRun, items: PageItem[]) {
    // Started in file order: a patient's commands queue on its stream's lock in that order.
    const settled = await Promise.allSettled(items.map(({ resource, at }) => this.importResource(run, resource, at)));
    const failure = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failure) throw failure.reason;
    if (run.written === undefined || run.written === run.waitedFor) return;
    // Not caught up: the next phase would take this page's patients for unknown ones, so the import stops (FAILED).
    if (!(await this.readYourWrites.reached(run.written))) throw new Error('The read models did not catch up with the import in time');
    run.waitedFor = run.written;
  }

  /**
   * Runs the import and records its outcome: FAILED, with what was done, when the store or the server failed on the
   * way. A refused body (a DomainError out of the work itself; refused resources are caught per resource) stored
   * nothing and is answered as it is, unrecorded.
   */
  private async finish(run: ImportRun, work: () => Promise<void>): Promise<FhirImportSummary> {
    try {
      await work();
    } catch (error) {
      if (error instanceof DomainError) throw error;
      run.summary.status = 'FAILED';
      await this.record(run);
      throw error;
    }
    await this.record(run);
    return run.summary;
  }

  private async record(run: ImportRun) {
    await this.commands.execute('RecordFhirImport', {
      stream: fhirImportStream(run.importId),
      command: { data: run.summary },
      caller: { actor: run.actor, commandId: uuidV5(`${run.importId}/record`), correlationId: run.correlationId },
    });
  }

  private async importResource(run: ImportRun, resource: unknown, at: Located): Promise<void> {
    const resourceType = isObject(resource) && typeof resource.resourceType === 'string' ? resource.resourceType.slice(0, 64) : null;
    const reject = (message: string, id: string | null = null) => run.reject(at, resourceType, id, message);
    if (!resourceType) return reject('Not a FHIR resource (no resourceType)');
    const id = resourceIdOf(resource as { id?: unknown });
    if (!id) return reject('Resource has no valid id');
    if (!(IMPORTED_RESOURCE_TYPES as readonly string[]).includes(resourceType))
      return reject(`Resource type ${resourceType} is not imported (Patient, Condition, Coverage, MedicationStatement, MedicationRequest)`, id);
    const type = resourceType as ImportedResourceType;
    const provenance: ImportProvenance = {
      importId: run.importId,
      importedBy: run.actor.id,
      file: run.summary.file,
      resourceType: type,
      resourceId: id,
      line: at.line,
    };
    const commandId = uuidV5(`${run.importId}/${at.line ?? at.entry}`);
    try {
      if (type === 'Patient') return await this.importPatient(run, resource as unknown as Patient, id, provenance, commandId, at, reject);
      const fhir = resource as unknown as FhirResource;
      if (type === 'Condition') {
        const mapped = mapSafely(() => mapCondition(fhir as Condition));
        if (!mapped.ok) return reject(mapped.reason, id);
        const { subject, ...facts } = mapped.facts;
        const patientId = this.subjectPatient(run, subject);
        if (!patientId) return reject(unknownSubject(subject), id);
        const outcome = await this.execute(run, 'ImportEhrCondition', { commandId, patientId, conditionId: id, ...facts, provenance });
        return this.count(run, outcome, () => (run.summary.conditionsRecorded += 1));
      }
      if (type === 'Coverage') {
        const mapped = mapSafely(() => mapCoverage(fhir as Coverage));
        if (!mapped.ok) return reject(mapped.reason, id);
        const { subject, partB, medicareAdvantagePlan, lastUpdated } = mapped.facts;
        const patientId = this.subjectPatient(run, subject);
        if (!patientId) return reject(unknownSubject(subject), id);
        const outcome = await this.execute(run, 'RecordCoverageVerification', {
          commandId,
          patientId,
          verifiedAt: lastUpdated ?? this.clock.now().toISOString(),
          source: `EHR Coverage/${id} (QMB status is not in the EHR's Coverage)`,
          partB,
          medicareAdvantagePlan,
          secondaryCoversCostSharing: null,
          qmb: false,
          provenance,
        });
        return this.count(run, outcome, () => (run.summary.otherFactsRecorded += 1));
      }
      const mapped = mapSafely(() => mapMedication(fhir as MedicationStatement | MedicationRequest));
      if (!mapped.ok) return reject(mapped.reason, id);
      const { subject, ...facts } = mapped.facts;
      const patientId = this.subjectPatient(run, subject);
      if (!patientId) return reject(unknownSubject(subject), id);
      const outcome = await this.execute(run, 'ImportEhrMedication', { commandId, patientId, medicationId: id, resourceType: type, ...facts, provenance });
      return this.count(run, outcome, () => (run.summary.otherFactsRecorded += 1));
    } catch (error) {
      // A refusal of this resource (a future date, an MBI another record holds): reported, nothing stored.
      if (error instanceof DomainError) return reject(error.message, id);
      throw error;
    }
  }

  private async importPatient(
    run: ImportRun,
    patient: Patient,
    id: string,
    provenance: ImportProvenance,
    commandId: string,
    at: Located,
    reject: (message: string, id: string) => void,
  ) {
    const mapped = mapSafely(() => mapPatient(patient));
    if (!mapped.ok) return reject(mapped.reason, id);
    // Matched before the first await: the page's Patients are matched in file order.
    const patientId = this.matchPatient(run, mapped.facts, id);
    const reserveBeneficiary = (events: PatientEvent[], context: CommandContext) => this.beneficiaries.reserveFor(events, context);
    const outcome = await this.patientCommands.execute(
      'ImportEhrPatient',
      { commandId, patientId, ...mapped.facts, ehrPatientId: id, provenance },
      run.actor,
      run.correlationId,
      { beforeAppend: reserveBeneficiary, waitForReadModels: false },
    );
    run.wrote(outcome.position);
    run.subjects.set(`Patient/${id}`, patientId);
    if (at.fullUrl) run.subjects.set(at.fullUrl, patientId);
    if (outcome.appended.includes('PatientRegistered')) run.summary.patientsRegistered += 1;
    else if (outcome.appended.length > 0) run.summary.patientsUpdated += 1;
    else run.summary.unchanged += 1;
  }

  /**
   * The practice's record for this EHR patient: by MBI, then by the EHR's identifier (each first among this file's
   * patients, whose records the read models may not show yet), then by the FHIR id of an earlier import; a new
   * patient gets an id derived from what identifies it, so a retry finds the same record.
   */
  private matchPatient(run: ImportRun, facts: PatientFacts, fhirId: string): string {
    const { practiceId } = run.actor;
    const identifier = facts.ehrIdentifier && identifierKey(facts.ehrIdentifier);
    const byMedicareId = facts.medicareId
      ? (run.matchedByMedicareId.get(facts.medicareId) ?? this.patients.idByMedicareId(practiceId, facts.medicareId))
      : undefined;
    const byIdentifier = identifier ? (run.matchedByIdentifier.get(identifier) ?? this.links.patientLinkedBy(practiceId, 'identifier', identifier)) : undefined;
    const patientId =
      byMedicareId ?? byIdentifier ?? uuidV5(`${practiceId}/ehr-patient/${identifier ? `identifier/${identifier}` : `mbi/${facts.medicareId}`}/${fhirId}`);
    if (facts.medicareId) run.matchedByMedicareId.set(facts.medicareId, patientId);
    if (identifier) run.matchedByIdentifier.set(identifier, patientId);
    return patientId;
  }

  private subjectPatient(run: ImportRun, subject: string): string | undefined {
    const inThisImport = run.subjects.get(subject);
    if (inThisImport) return inThisImport;
    const match = /^(?:.*\/)?Patient\/([A-Za-z0-9\-.]{1,64})$/.exec(subject);
    return match ? this.links.patientLinkedBy(run.actor.practiceId, 'fhir-id', match[1]) : undefined;
  }

  private async execute<Type extends PatientCommandType>(run: ImportRun, type: Type, input: PatientInputOf<Type>): Promise<PatientCommandOutcome> {
    const outcome = await this.patientCommands.execute(type, input, run.actor, run.correlationId, { waitForReadModels: false });
    run.wrote(outcome.position);
    return outcome;
  }

  private count(run: ImportRun, outcome: PatientCommandOutcome, recorded: () => void) {
    if (outcome.appended.length > 0) recorded();
    else run.summary.unchanged += 1;
  }
}

/** The request body as a FHIR Bundle; anything else is a 400 (the message never quotes the body). */
async function readBundle(body: Readable): Promise<Bundle> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > MAX_BUNDLE_BYTES)
      throw new DomainError('BAD_USER_INPUT', `The Bundle is larger than ${MAX_BUNDLE_BYTES} bytes; send Bulk Data NDJSON (application/fhir+ndjson) instead`);
    chunks.push(chunk);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new DomainError('BAD_USER_INPUT', 'The request body is not valid JSON');
  }
  if (!isObject(parsed) || parsed.resourceType !== 'Bundle') throw new DomainError('BAD_USER_INPUT', 'The request body is not a FHIR Bundle');
  if (parsed.entry !== undefined && !Array.isArray(parsed.entry)) throw new DomainError('BAD_USER_INPUT', 'Bundle.entry must be an array');
  return { ...(parsed as unknown as Bundle), entry: ((parsed.entry as unknown[]) ?? []).map((entry) => (isObject(entry) ? entry : {})) };
}
