/**
 * EHR intake: POST /fhir/import of a Bulk Data NDJSON file of 100,000 US Core resources (quick: 600), streamed
 * from disk over HTTP as an EHR's export would arrive: per patient a Patient, three problem-list Conditions, a
 * Medicare Coverage and a MedicationStatement (6 resources). Measures resources/s end to end (parse, map, one
 * patient command per resource, run a page of lines at a time with one wait for the read models per page and phase,
 * the import's record) and the server process's peak RSS, which must not grow with the file (the body is read a
 * page of lines at a time). Large imports need HTTP_REQUEST_TIMEOUT_MS raised: the request lasts as long as the import.
 */
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { seedPractice, startBenchApp } from '../lib/app';
import { progress, runScenario, type Row } from '../lib/report';
import { memorySampler } from '../lib/stats';
import { scratchDir } from '../lib/scratch';

const CONDITIONS = [
  ['E11.9', 'Type 2 diabetes mellitus'],
  ['I10', 'Essential hypertension'],
  ['N18.3', 'Chronic kidney disease, stage 3'],
  ['I50.22', 'Chronic systolic heart failure'],
  ['J44.9', 'COPD'],
];
const category = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item' }] };
const clinical = (code: string) => ({ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code }] });

/** The six resources of patient `n` of the export. */
function patientResources(n: number): object[] {
  const id = `p${n}`;
  const subject = { reference: `Patient/${id}` };
  return [
    {
      resourceType: 'Patient',
      id,
      identifier: [{ system: 'urn:ehr:mrn', value: `MRN${n}`, type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] } }],
      name: [{ use: 'official', family: `Family${n}`, given: ['Given'] }],
      birthDate: `19${40 + (n % 30)}-0${1 + (n % 9)}-1${n % 9}`,
    },
    ...[0, 1, 2].map((k) => {
      const [code, display] = CONDITIONS[(n + k) % CONDITIONS.length];
      return {
        resourceType: 'Condition',
        id: `${id}-c${k}`,
        category: [category],
        clinicalStatus: clinical(k === 2 && n % 4 === 0 ? 'resolved' : 'active'),
        code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code, display }] },
        subject,
        onsetDateTime: `20${10 + (n % 10)}-05-01`,
      };
    }),
    {
      resourceType: 'Coverage',
      id: `${id}-cov`,
      status: 'active',
      type: { coding: [{ system: 'urn:oid:2.16.840.1.113883.3.221.5', code: n % 3 ? '121' : '111' }] },
      class: [{ type: { text: 'plan' }, value: 'Part B' }],
      payor: [{ display: 'Medicare' }],
      beneficiary: subject,
      meta: { lastUpdated: '2026-01-15T12:00:00Z' },
    },
    {
      resourceType: 'MedicationStatement',
      id: `${id}-ms`,
      status: 'active',
      medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '860975', display: 'metformin 500 MG' }] },
      subject,
    },
  ];
}

async function writeExport(path: string, resources: number): Promise<void> {
  const out = createWriteStream(path);
  let written = 0;
  for (let n = 0; written < resources; n++) {
    for (const resource of patientResources(n)) {
      if (written === resources) break;
      if (!out.write(`${JSON.stringify(resource)}\n`)) await once(out, 'drain');
      written += 1;
    }
  }
  out.end();
  await once(out, 'finish');
}

runScenario(async (options) => {
  const resources = options.overrides.importResources ?? (options.quick ? 600 : 100_000);
  const scratch = scratchDir('fhir-import');
  const file = join(scratch.path, 'export.ndjson');
  await writeExport(file, resources);
  const bytes = statSync(file).size;
  progress('fhir-import', `${resources.toLocaleString('en-US')} resources written (${(bytes / 2 ** 20).toFixed(1)} MB)`);
  const app = await startBenchApp({ synchronous: options.synchronous, env: { HTTP_REQUEST_TIMEOUT_MS: '600000' } });
  const rows: Row[] = [];
  try {
    const practice = await seedPractice(app);
    const memory = memorySampler();
    const started = performance.now();
    const response = await fetch(`${app.url}/fhir/import?file=export.ndjson`, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+ndjson', authorization: `Bearer ${practice.tokens.admin}` },
      body: createReadStream(file) as never,
      duplex: 'half',
    } as RequestInit);
    const result = (await response.json()) as { resourcesRead: number; patientsRegistered: number; conditionsRecorded: number; rejected: unknown[] };
    const seconds = (performance.now() - started) / 1000;
    const peak = memory.stop();
    if (response.status !== 200 || result.resourcesRead !== resources)
      throw new Error(`import answered ${response.status}: ${JSON.stringify(result).slice(0, 500)}`);
    progress('fhir-import', `${resources} resources in ${seconds.toFixed(1)} s, peak RSS ${peak.peakRssMb.toFixed(0)} MB`);
    rows.push(
      {
        id: 'fhir-import/rate',
        scenario: 'EHR intake',
        measure: `POST /fhir/import of ${resources.toLocaleString('en-US')} NDJSON resources (${(bytes / 2 ** 20).toFixed(1)} MB), streamed`,
        value: resources / seconds,
        unit: 'resources/s',
        detail: { seconds, ...result, rejected: result.rejected.length },
      },
      {
        id: 'fhir-import/rss',
        scenario: 'memory',
        measure: `server peak RSS during the import of ${resources.toLocaleString('en-US')} resources`,
        value: peak.peakRssMb,
        unit: 'MB',
        detail: peak,
      },
    );
  } finally {
    await app.close();
    scratch.remove();
  }
  return {
    scenario: 'fhir-import',
    rows,
    conditions: { synchronous: options.synchronous, resources, bytes },
    notes: ['one patient command per resource, a page of lines at a time: commands at once across patients, one wait for the read models per page and phase'],
  };
});
