import { Inject, Injectable } from '@nestjs/common';
import type { Bundle, Condition, Coverage, FhirResource, MedicationRequest, MedicationStatement, Patient } from 'fhir/r4';
import type { Readable } from 'node:stream';
import type { PracticeActor } from '../../auth/actor';
import { CommandService } from '../../command-pipeline/command.service';
import type { PatientCommandType } from '../../command-pipeline/command-table';
import type { CommandContext } from '../../command-pipeline/command-pipeline';
import { CLOCK, type Clock } from '../../kernel/clock';
import { DomainError, badInput } from '../../kernel/domain-error';
import { newId, uuidV5 } from '../../kernel/ids';
import { PatientCommands, type PatientCommandOutcome, type PatientInputOf } from '../../patient-stream/patient-commands';
import type { PatientEvent } from '../../patient-stream/patient-event';
import { BeneficiaryRegistryService } from '../../patients/beneficiaries/beneficiary-registry.service';
import { PatientRepository } from '../../patients/patient.repository';
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
import { fhirImportStream, type FhirImportSummary } from './fhir-import.events';
import { ndjsonLines } from './ndjson-lines';

export const FHIR_JSON = 'application/fhir+json';
export const FHIR_NDJSON = 'application/fhir+ndjson';
/** A Bundle is parsed whole: bounded. NDJSON is read a line at a time, each line bounded. */
export const MAX_BUNDLE_BYTES = 32 * 1024 * 1024;
export const MAX_NDJSON_LINE_BYTES = 1024 * 1024;
/** Issues kept in the import's record (all are counted); a file of 100,000 broken lines stays a small event. */
export const MAX_ISSUES_KEPT = 1000;

const unknownSubject = (subject: string) => `Its patient ${subject} is not in this import or an earlier one`;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** One import in progress: its counts, its issues, and the patients its resources named so far. */
class ImportRun {
  readonly importId = newId();
  readonly summary: FhirImportSummary;
  /** `Patient/<id>` and Bundle fullUrls → patient record id. */
  readonly subjects = new Map<string, string>();

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

  reject(line: number | null, resourceType: string | null, resourceId: string | null, message: string) {
    this.summary.rejectedCount += 1;
    if (this.summary.rejected.length < MAX_ISSUES_KEPT) this.summary.rejected.push({ line, resourceType, resourceId, message });
  }
}

type Located = { line: number | null; entry: string | null; fullUrl: string | null };

/**
 * EHR intake (issue #15): US Core Patient, Condition, Coverage and MedicationStatement/MedicationRequest resources
 * from a Bundle or a Bulk Data NDJSON file become patient commands of the command table, one per resource, each
 * carrying the import as provenance. Deciders append nothing for facts the record already has, so importing the
 * same resources again appends nothing to any patient. A resource that cannot be used is reported and nothing of it
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
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async importNdjson(body: Readable, actor: PracticeActor, file: string | null, correlationId?: string): Promise<FhirImportSummary> {
    const run = new ImportRun(actor, file, FHIR_NDJSON, correlationId);
    let parsedAny = false;
    return this.finish(run, async () => {
      for await (const next of ndjsonLines(body, MAX_NDJSON_LINE_BYTES)) {
        run.summary.resourcesRead += 1;
        if ('tooLong' in next) {
          run.reject(next.line, null, null, `Line is longer than ${MAX_NDJSON_LINE_BYTES} bytes`);
          continue;
        }
        let resource: unknown;
        try {
          resource = JSON.parse(next.text);
          parsedAny = true;
        } catch {
          run.reject(next.line, null, null, 'Line is not valid JSON');
          continue;
        }
        await this.importResource(run, resource, { line: next.line, entry: null, fullUrl: null });
      }
      // Not one line of JSON: the body is not NDJSON at all (nothing was stored).
      if (!parsedAny && run.summary.resourcesRead > 0) throw badInput('body', 'The request body is not valid NDJSON: no line is a JSON resource');
    });
  }

  async importBundle(body: Readable, actor: PracticeActor, file: string | null, correlationId?: string): Promise<FhirImportSummary> {
    const bundle = await readBundle(body);
    const run = new ImportRun(actor, file, FHIR_JSON, correlationId);
    const entries = (bundle.entry ?? []).map((entry, index) => ({ entry, index }));
    // Patients first, so that the resources about them resolve whatever the order of the entries.
    const patientsFirst = [
      ...entries.filter(({ entry }) => entry.resource?.resourceType === 'Patient'),
      ...entries.filter(({ entry }) => entry.resource?.resourceType !== 'Patient'),
    ];
    return this.finish(run, async () => {
      for (const { entry, index } of patientsFirst) {
        run.summary.resourcesRead += 1;
        await this.importResource(run, entry.resource, {
          line: null,
          entry: `entry[${index}]`,
          fullUrl: typeof entry.fullUrl === 'string' ? entry.fullUrl : null,
        });
      }
    });
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
    const reject = (message: string, id: string | null = null) => run.reject(at.line, resourceType, id, at.entry ? `${at.entry}: ${message}` : message);
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
    const patientId = this.matchPatient(run.actor.practiceId, mapped.facts, id);
    const reserveBeneficiary = (events: PatientEvent[], context: CommandContext) => this.beneficiaries.reserveFor(events, context);
    const outcome = await this.patientCommands.execute(
      'ImportEhrPatient',
      { commandId, patientId, ...mapped.facts, ehrPatientId: id, provenance },
      run.actor,
      run.correlationId,
      reserveBeneficiary,
    );
    run.subjects.set(`Patient/${id}`, patientId);
    if (at.fullUrl) run.subjects.set(at.fullUrl, patientId);
    if (outcome.appended.includes('PatientRegistered')) run.summary.patientsRegistered += 1;
    else if (outcome.appended.length > 0) run.summary.patientsUpdated += 1;
    else run.summary.unchanged += 1;
  }

  /**
   * The practice's record for this EHR patient: by MBI, then by the EHR's identifier, then by the FHIR id of an
   * earlier import; a new patient gets an id derived from what identifies it, so a retry finds the same record.
   */
  private matchPatient(practiceId: string, facts: PatientFacts, fhirId: string): string {
    const byMedicareId = facts.medicareId ? this.patients.idByMedicareId(practiceId, facts.medicareId) : undefined;
    const byIdentifier = facts.ehrIdentifier ? this.links.patientLinkedBy(practiceId, 'identifier', identifierKey(facts.ehrIdentifier)) : undefined;
    const known = byMedicareId ?? byIdentifier;
    if (known) return known;
    const key = facts.ehrIdentifier ? `identifier/${identifierKey(facts.ehrIdentifier)}` : `mbi/${facts.medicareId}`;
    return uuidV5(`${practiceId}/ehr-patient/${key}/${fhirId}`);
  }

  private subjectPatient(run: ImportRun, subject: string): string | undefined {
    const inThisImport = run.subjects.get(subject);
    if (inThisImport) return inThisImport;
    const match = /^(?:.*\/)?Patient\/([A-Za-z0-9\-.]{1,64})$/.exec(subject);
    return match ? this.links.patientLinkedBy(run.actor.practiceId, 'fhir-id', match[1]) : undefined;
  }

  private execute<Type extends PatientCommandType>(run: ImportRun, type: Type, input: PatientInputOf<Type>): Promise<PatientCommandOutcome> {
    return this.patientCommands.execute(type, input, run.actor, run.correlationId);
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
