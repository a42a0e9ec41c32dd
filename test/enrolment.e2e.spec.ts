import { ADAPTERS, newCommandId, outcome, startTestApp, type TestApp } from './support/app-harness';
import {
  CARE_RECORD_CLOCK,
  enrollInput,
  ENROLL_PATIENT,
  mutate,
  newPatientId,
  seedPractice,
  testMedicareId,
  type SeededPractice,
} from './support/care-record-fixtures';
import { IMPORT_PAGE_RESOURCES } from '../src/enrolment/fhir-import/fhir-import.service';
import { EXPECTED_REJECTIONS, intakeBundle, intakeNdjson, MBI, multiPageNdjson, patientWithMbi } from './support/fhir-intake-fixtures';
import { readStreamOrEmpty } from './support/event-store-reads';
import { documentedPatient, logCall } from './support/billing-fixtures';

const PATIENT_FIELDS = `id name birthDate medicareId enrollmentStatus enrolledOn program registeredOn enrollment { program enrolledOn } billingPractitionerId version
  coverage { verifiedAt source partB medicareAdvantagePlan secondaryCoversCostSharing qmb }
  riskLevel riskReasons eligibility { eligible reasons }
  ehrConditions { conditionId icd10 clinicalStatus categories onset abatement chronic chronicCategory }`;
const CANDIDATES = `query($first: Int) { enrollmentCandidates(first: $first) { totalCount edges { node { ${PATIENT_FIELDS} } } } }`;
const PATIENT = `query($id: ID!) { patient(id: $id) { ${PATIENT_FIELDS} } }`;
const FHIR_IMPORT = `query($id: ID!) { fhirImport(id: $id) { id status resourcesRead patientsRegistered patientsUpdated conditionsRecorded unchanged rejected { line resourceType resourceId message } } }`;
const mutation = (name: string, input: string) => `mutation($input: ${input}!) { ${name}(input: $input) { ${PATIENT_FIELDS} } }`;
const REGISTER = mutation('registerPatient', 'RegisterPatientInput');
const VERIFY = mutation('recordCoverageVerification', 'RecordCoverageVerificationInput');
const DECLINE = mutation('declineEnrollment', 'DeclineEnrollmentInput');
const UNENROLL = mutation('unenrollPatient', 'UnenrollPatientInput');

describe.each(ADAPTERS)('finding and enrolling eligible patients over HTTP on %s (issue #15)', (adapter) => {
  let app: TestApp;
  let practice: SeededPractice;

  beforeAll(async () => {
    app = await startTestApp(adapter, { clock: CARE_RECORD_CLOCK });
    practice = await seedPractice(app);
  });
  afterAll(() => app.close());

  const postImport = (body: string, contentType: string, token = practice.tokens.admin, file = 'export.ndjson') =>
    fetch(`${app.url}/fhir/import?file=${file}`, { method: 'POST', headers: { 'content-type': contentType, authorization: `Bearer ${token}` }, body });
  const candidates = async (token = practice.tokens.nurse) => (await app.gql(CANDIDATES, { first: 50 }, token)).data?.enrollmentCandidates;

  describe('EHR intake', () => {
    let firstImport: Record<string, any>;
    let patientIds: Record<string, string>;

    beforeAll(async () => {
      const response = await postImport(intakeNdjson(), 'application/fhir+ndjson');
      expect(response.status).toBe(200);
      firstImport = (await response.json()) as Record<string, any>;
      const connection = await candidates();
      patientIds = Object.fromEntries(connection.edges.map(({ node }: any) => [node.name, node.id]));
    });

    it('registers the usable patients as IDENTIFIED and records their conditions, reporting every refused resource by line, type, id and reason', () => {
      expect(firstImport).toMatchObject({ status: 'DONE', resourcesRead: 29, patientsRegistered: 3, patientsUpdated: 0, conditionsRecorded: 9, unchanged: 0 });
      const rejected = firstImport.rejected as { line: number; resourceType: string | null; resourceId: string | null; message: string }[];
      expect(rejected).toHaveLength(Object.keys(EXPECTED_REJECTIONS).length + 2);
      for (const [resourceId, reason] of Object.entries(EXPECTED_REJECTIONS)) {
        expect(rejected.find((issue) => issue.resourceId === resourceId)?.message).toMatch(reason);
      }
      expect(rejected.find((issue) => issue.line === 7)).toEqual({ line: 7, resourceType: null, resourceId: null, message: 'Line is not valid JSON' });
      expect(rejected.find((issue) => issue.resourceType === 'Condition' && issue.resourceId === null)?.message).toBe('Resource has no valid id');
      expect(rejected.find((issue) => issue.resourceId === 'pat-badmbi')).toMatchObject({ line: 5, resourceType: 'Patient' });
    });

    it('lists the candidates most likely to qualify first, with the EHR conditions awaiting confirmation of significant risk', async () => {
      const connection = await candidates();
      expect(connection.totalCount).toBe(3);
      expect(connection.edges.map(({ node }: any) => node.name)).toEqual(['Eleanor M Voss', 'Marcus Bell', 'Ana Lucero']);
      const voss = connection.edges[0].node;
      expect(voss).toMatchObject({ enrollmentStatus: 'IDENTIFIED', medicareId: MBI.voss, billingPractitionerId: null, eligibility: { eligible: false } });
      expect(voss.ehrConditions.map((c: any) => [c.icd10, c.clinicalStatus, c.chronic, c.onset])).toEqual([
        ['E11.9', 'active', true, '2012-04-01'],
        ['I10', 'active', true, '2009-10-01'],
        ['N18.4', 'active', true, '2021-02-17'],
        ['J06.9', 'resolved', false, '2025-12-01'],
      ]);
      expect(voss.eligibility.reasons).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /^N18\.4 \(Chronic kidney disease, from the EHR health-concern\) is chronic; whether it places the patient at significant risk awaits a practitioner's confirmation$/,
          ),
        ]),
      );
      expect(voss.riskLevel).toBe('MODERATE');
      expect(voss.riskReasons).toEqual(expect.arrayContaining(['3 chronic conditions: E11.9, I10, N18.4 (+3)']));
    });

    it('records Medicare coverages from the EHR, and the medications', async () => {
      const bell = (await app.gql(PATIENT, { id: patientIds['Marcus Bell'] }, practice.tokens.nurse)).data?.patient;
      expect(bell.coverage).toMatchObject({ partB: true, medicareAdvantagePlan: 'Humana Gold Plus HMO', qmb: false, verifiedAt: '2026-03-20T15:00:00.000Z' });
      const voss = (await app.gql(PATIENT, { id: patientIds['Eleanor M Voss'] }, practice.tokens.nurse)).data?.patient;
      expect(voss.coverage).toMatchObject({ partB: true, medicareAdvantagePlan: null, source: expect.stringMatching(/^EHR Coverage\/cov-voss/) });
      expect((await app.gql(PATIENT, { id: patientIds['Ana Lucero'] }, practice.tokens.nurse)).data?.patient.coverage).toBeNull();
    });

    it('every imported fact carries the import as its provenance (who, which file, which resource)', async () => {
      const events = await readStreamOrEmpty(app, `patient-${patientIds['Eleanor M Voss']}`);
      expect(events.map((event) => event.type)).toEqual([
        'PatientRegistered',
        'EhrConditionImported',
        'EhrConditionImported',
        'EhrConditionImported',
        'EhrConditionImported',
        'CoverageVerified',
        'EhrMedicationImported',
        'EhrMedicationImported',
      ]);
      for (const event of events) {
        expect((event.data as any).provenance).toMatchObject({
          importId: firstImport.id,
          importedBy: 'admin-1',
          file: 'export.ndjson',
          resourceType: expect.any(String),
          resourceId: expect.any(String),
        });
      }
    });

    it('importing the same resources again, as a Bundle, appends nothing to any patient', async () => {
      const before = await Promise.all(Object.values(patientIds).map((id) => readStreamOrEmpty(app, `patient-${id}`)));
      const response = await postImport(JSON.stringify(intakeBundle()), 'application/fhir+json', practice.tokens.admin, 'export.json');
      expect(response.status).toBe(200);
      const again = (await response.json()) as Record<string, any>;
      expect(again).toMatchObject({ status: 'DONE', resourcesRead: 28, patientsRegistered: 0, patientsUpdated: 0, conditionsRecorded: 0, unchanged: 17 });
      const after = await Promise.all(Object.values(patientIds).map((id) => readStreamOrEmpty(app, `patient-${id}`)));
      expect(after.map((events) => events.length)).toEqual(before.map((events) => events.length));
      expect((await app.gql(FHIR_IMPORT, { id: again.id }, practice.tokens.admin)).data?.fhirImport).toEqual(again);
    });

    it('matches a patient already enrolled by hand by its MBI and updates it', async () => {
      const patientId = newPatientId();
      await mutate(app, ENROLL_PATIENT, enrollInput(patientId, { name: 'Rosa Martinez', medicareId: '3TW9-AC2-RD55' }), practice.tokens.admin);
      const resource = {
        resourceType: 'Patient',
        id: 'pat-martinez',
        identifier: [{ system: 'http://hl7.org/fhir/sid/us-mbi', value: '3TW9AC2RD55' }],
        name: [{ family: 'Martinez', given: ['Rosa', 'Elena'] }],
        birthDate: '1948-05-02',
      };
      const result = (await (await postImport(JSON.stringify(resource), 'application/fhir+ndjson')).json()) as Record<string, any>;
      expect(result).toMatchObject({ patientsRegistered: 0, patientsUpdated: 1 });
      expect((await app.gql(PATIENT, { id: patientId }, practice.tokens.nurse)).data?.patient).toMatchObject({
        name: 'Rosa Elena Martinez',
        enrollmentStatus: 'ENROLLED',
      });
    });

    it('answers malformed JSON and a wrong media type with 400 in the shape of the other routes, and other roles with 403', async () => {
      const malformed = await postImport('{"resourceType": "Bundle", "entry": [', 'application/fhir+json');
      expect(malformed.status).toBe(400);
      expect(await malformed.json()).toEqual({ code: 'BAD_USER_INPUT', message: 'The request body is not valid JSON' });
      const notNdjson = await postImport('this is not ndjson\nnor this', 'application/fhir+ndjson');
      expect(notNdjson.status).toBe(400);
      const wrongType = await postImport('{}', 'application/json');
      expect(wrongType.status).toBe(400);
      expect(((await wrongType.json()) as { code: string }).code).toBe('BAD_USER_INPUT');
      const nurse = await postImport(intakeNdjson(), 'application/fhir+ndjson', practice.tokens.nurse);
      expect(nurse.status).toBe(403);
    });
  });

  describe('EHR intake of a file longer than a page of the importer', () => {
    // A practice of its own: these patients stay out of the other describes' candidates and metrics.
    let own: SeededPractice;
    beforeAll(async () => {
      own = await seedPractice(app);
    });
    const importOwn = async (body: string) => {
      const response = await postImport(body, 'application/fhir+ndjson', own.tokens.admin, 'pages.ndjson');
      expect(response.status).toBe(200);
      return (await response.json()) as Record<string, any>;
    };
    const ownCandidates = async () => (await app.gql(CANDIDATES, { first: 500 }, own.tokens.nurse)).data?.enrollmentCandidates;

    it('resolves Conditions on the next page, matches a second Patient resource of the same MRN in the page to the same record, lists issues in file order', async () => {
      const { ndjson, pairs, lastLines } = multiPageNdjson(IMPORT_PAGE_RESOURCES);
      const result = await importOwn(ndjson);
      expect(result).toMatchObject({
        status: 'DONE',
        resourcesRead: 2 * pairs + 6,
        patientsRegistered: pairs + 1,
        patientsUpdated: 1,
        conditionsRecorded: pairs + 2,
      });
      expect(result.rejected).toEqual([
        {
          line: lastLines.unknownSubject,
          resourceType: 'Condition',
          resourceId: 'page-nobody-c',
          message: expect.stringMatching(/Patient\/page-nobody is not in this import/),
        },
        { line: lastLines.notJson, resourceType: null, resourceId: null, message: 'Line is not valid JSON' },
      ]);
      const connection = await ownCandidates();
      expect(connection.totalCount).toBe(pairs + 1);
      const whitfield = connection.edges.find(({ node }: any) => node.name === 'Nora Whitfield').node;
      expect(whitfield.ehrConditions.map((c: any) => c.conditionId).sort()).toEqual(['page-last-alias-c', 'page-last-c']);

      const again = await importOwn(ndjson);
      expect(again).toMatchObject({ patientsRegistered: 0, patientsUpdated: 0, conditionsRecorded: 0, unchanged: 2 * (pairs + 1) + 2 });
      expect(again.rejected).toHaveLength(2);
    });

    it('an MBI the EHR changes is released: another record may take the old one, the new one stays with the patient', async () => {
      const [oldMbi, newMbi] = [testMedicareId(newPatientId()), testMedicareId(newPatientId())];
      expect((await importOwn(patientWithMbi('mbi-change', 'MBI-CHANGE-1', oldMbi))).patientsRegistered).toBe(1);
      expect((await importOwn(patientWithMbi('mbi-change', 'MBI-CHANGE-1', newMbi))).patientsUpdated).toBe(1);
      const castillo = (await ownCandidates()).edges.find(({ node }: any) => node.name === 'Iris Castillo').node;
      expect(castillo.medicareId).toBe(newMbi);

      const takesOld = await app.gql(
        REGISTER,
        { input: { commandId: newCommandId(), patientId: newPatientId(), name: 'Owen Park', birthDate: '1951-01-09', medicareId: oldMbi } },
        own.tokens.admin,
      );
      expect(takesOld.errors).toBeUndefined();
      expect(takesOld.data?.registerPatient.medicareId).toBe(oldMbi);
      const takesNew = await app.gql(
        REGISTER,
        { input: { commandId: newCommandId(), patientId: newPatientId(), name: 'Ivy Park', birthDate: '1951-01-09', medicareId: newMbi } },
        own.tokens.admin,
      );
      expect(takesNew.errors?.[0].extensions).toMatchObject({ code: 'PRECONDITION_FAILED', reason: 'BENEFICIARY_ALREADY_ENROLLED' });
    });
  });

  describe('registration, coverage, decline, enrolment and unenrolment', () => {
    it('an identified patient is enrolled under its id; a decline and an unenrolment are recorded with their reasons', async () => {
      const patientId = newPatientId();
      const registered = (
        await mutate(
          app,
          REGISTER,
          { commandId: newCommandId(), patientId, name: 'June Park', birthDate: '1950-07-19', medicareId: testMedicareId(patientId) },
          practice.tokens.admin,
        )
      ).registerPatient;
      // The contract's non-null program/enrolledOn show what it is assessed for and its registration day; `enrollment` says it is no enrolment.
      expect(registered).toMatchObject({
        enrollmentStatus: 'IDENTIFIED',
        program: 'CCM',
        enrolledOn: '2026-04-01',
        registeredOn: '2026-04-01',
        enrollment: null,
        billingPractitionerId: null,
        coverage: null,
      });
      const verified = (
        await mutate(
          app,
          VERIFY,
          {
            commandId: newCommandId(),
            patientId,
            verifiedAt: '2026-03-31T15:00:00Z',
            source: 'HETS 270/271',
            partB: true,
            qmb: true,
            secondaryCoversCostSharing: true,
          },
          practice.tokens.admin,
        )
      ).recordCoverageVerification;
      expect(verified.coverage).toEqual({
        verifiedAt: '2026-03-31T15:00:00.000Z',
        source: 'HETS 270/271',
        partB: true,
        medicareAdvantagePlan: null,
        secondaryCoversCostSharing: true,
        qmb: true,
      });
      const declined = (
        await mutate(app, DECLINE, { commandId: newCommandId(), patientId, declinedAt: '2026-03-31T16:00:00Z', reason: 'COST_SHARING' }, practice.tokens.nurse)
      ).declineEnrollment;
      expect(declined.enrollmentStatus).toBe('DECLINED');
      expect((await candidates()).edges.map(({ node }: any) => node.id)).not.toContain(patientId);
      // The patient changed their mind: the same record is enrolled.
      const enrolled = (
        await mutate(
          app,
          ENROLL_PATIENT,
          enrollInput(patientId, { name: 'June Park', birthDate: '1950-07-19', enrolledOn: '2026-03-01' }),
          practice.tokens.admin,
        )
      ).enrollPatient;
      expect(enrolled).toMatchObject({ id: patientId, enrolledOn: '2026-03-01', billingPractitionerId: 'dr-a' });
      expect((await app.gql(PATIENT, { id: patientId }, practice.tokens.nurse)).data?.patient).toMatchObject({
        enrollmentStatus: 'ENROLLED',
        enrolledOn: '2026-03-01',
        registeredOn: '2026-04-01',
        enrollment: { program: 'CCM', enrolledOn: '2026-03-01' },
      });
      const unenrolled = (
        await mutate(app, UNENROLL, { commandId: newCommandId(), patientId, effectiveOn: '2026-03-20', reason: 'MOVED' }, practice.tokens.admin)
      ).unenrollPatient;
      expect(unenrolled.enrollmentStatus).toBe('UNENROLLED');
      const again = await app.gql(
        UNENROLL,
        { input: { commandId: newCommandId(), patientId, effectiveOn: '2026-03-21', reason: 'MOVED' } },
        practice.tokens.admin,
      );
      expect(again.errors?.[0].extensions).toMatchObject({ code: 'PRECONDITION_FAILED', reason: 'PATIENT_NOT_ENROLLED' });
    });

    it('a registered patient holds its MBI: a second record for the beneficiary is refused', async () => {
      const patientId = newPatientId();
      await mutate(
        app,
        REGISTER,
        { commandId: newCommandId(), patientId, name: 'Lee Ortiz', birthDate: '1949-03-03', medicareId: testMedicareId(patientId) },
        practice.tokens.admin,
      );
      const second = await app.gql(ENROLL_PATIENT, { input: enrollInput(newPatientId(), { medicareId: testMedicareId(patientId) }) }, practice.tokens.admin);
      expect(second.errors?.[0].extensions).toMatchObject({ code: 'PRECONDITION_FAILED', reason: 'BENEFICIARY_ALREADY_ENROLLED' });
      expect(
        outcome(
          await app.gql(
            REGISTER,
            { input: { commandId: newCommandId(), patientId: newPatientId(), name: 'X', birthDate: '1949-03-03', medicareId: testMedicareId(patientId) } },
            practice.tokens.admin,
          ),
        ),
      ).toBe('PRECONDITION_FAILED');
    });
  });

  describe('program metrics', () => {
    const METRICS = `query($from: YearMonth!, $to: YearMonth!, $careManagerId: ID) { programMetrics(from: $from, to: $to, careManagerId: $careManagerId) { months {
      month eligible enrolled newlyEnrolled unenrolled declined enrollmentRate reachedBillableMinutes billableRate claimReady submitted
      expectedPaymentCents contactsPerPatient nearMisses blockedPaymentCents firstBilledMonth billedOnlyOnce } } }`;
    let own: SeededPractice;
    let ready: string;

    beforeAll(async () => {
      own = await seedPractice(app);
      // March 2026: one patient claim-ready at 99490 (25 min), one 3 minutes short of 20, one identified who declined.
      ready = await documentedPatient(app, own);
      await logCall(app, own, ready, { minutes: 25 });
      const short = await documentedPatient(app, own);
      await logCall(app, own, short, { minutes: 17 });
      const declining = newPatientId();
      await mutate(app, REGISTER, { commandId: newCommandId(), patientId: declining, name: 'Ida Wu', birthDate: '1946-11-11' }, own.tokens.admin);
      await mutate(
        app,
        DECLINE,
        { commandId: newCommandId(), patientId: declining, declinedAt: '2026-03-12T15:00:00Z', reason: 'NOT_INTERESTED' },
        own.tokens.admin,
      );
    });

    it('answers March as worked out by hand, and April after it', async () => {
      const response = await app.gql(METRICS, { from: '2026-03', to: '2026-04' }, own.tokens.billing);
      expect(response.errors).toBeUndefined();
      const [march, april] = response.data!.programMetrics.months;
      expect(march).toEqual({
        month: '2026-03',
        eligible: 2,
        enrolled: 2,
        newlyEnrolled: 2,
        unenrolled: 0,
        declined: 1,
        enrollmentRate: 1,
        reachedBillableMinutes: 1,
        billableRate: 0.5,
        claimReady: 1,
        submitted: 0,
        expectedPaymentCents: 6613,
        contactsPerPatient: 1,
        nearMisses: 1,
        blockedPaymentCents: 0,
        firstBilledMonth: 1,
        billedOnlyOnce: 1,
      });
      expect(april).toMatchObject({ month: '2026-04', enrolled: 2, newlyEnrolled: 0, declined: 0, claimReady: 0, firstBilledMonth: 0 });
    });

    it('serves the same figures as CSV to the same roles', async () => {
      const csv = await fetch(`${app.url}/exports/program-metrics.csv?from=2026-03&to=2026-03`, {
        headers: { authorization: `Bearer ${own.tokens.compliance}` },
      });
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(await csv.text()).toBe(
        'month,eligible,enrolled,newlyEnrolled,unenrolled,declined,enrollmentRate,reachedBillableMinutes,billableRate,claimReady,submitted,expectedPaymentCents,contactsPerPatient,nearMisses,blockedPaymentCents,firstBilledMonth,billedOnlyOnce\r\n' +
          '2026-03,2,2,2,0,1,1,1,0.5,1,0,6613,1,1,0,1,1\r\n',
      );
      const nurse = await fetch(`${app.url}/exports/program-metrics.csv?from=2026-03&to=2026-03`, { headers: { authorization: `Bearer ${own.tokens.nurse}` } });
      expect(nurse.status).toBe(403);
      expect(outcome(await app.gql(METRICS, { from: '2026-03', to: '2026-03' }, own.tokens.nurse))).toBe('FORBIDDEN');
      expect(outcome(await app.gql(METRICS, { from: '2026-04', to: '2026-03' }, own.tokens.admin))).toBe('BAD_USER_INPUT');
    });

    it('careManagerId selects the patients that staff member was the dedicated care manager of in the month', async () => {
      await mutate(
        app,
        `mutation($input: AssignCareManagerInput!) { assignCareManager(input: $input) { id } }`,
        { commandId: newCommandId(), patientId: ready, staffId: 'rn-b', effectiveAt: '2026-03-05T12:00:00Z' },
        own.tokens.admin,
      );
      const byCareManager = (await app.gql(METRICS, { from: '2026-03', to: '2026-03', careManagerId: 'rn-b' }, own.tokens.admin)).data!.programMetrics
        .months[0];
      expect(byCareManager).toMatchObject({ enrolled: 1, declined: 0 });
      const beforeAssignment = (await app.gql(METRICS, { from: '2026-02', to: '2026-02', careManagerId: 'rn-b' }, own.tokens.admin)).data!.programMetrics
        .months[0];
      expect(beforeAssignment).toMatchObject({ enrolled: 0 });
      const byNobody = (await app.gql(METRICS, { from: '2026-03', to: '2026-03', careManagerId: 'np-c' }, own.tokens.admin)).data!.programMetrics.months[0];
      expect(byNobody).toMatchObject({ enrolled: 0, eligible: 0 });
    });
  });
});
