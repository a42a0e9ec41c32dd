/**
 * PHI never reaches the logs or error responses: every mutation the schema declares is driven with distinctive
 * patient data (names, birth dates, Medicare ids, call summaries, notes, reasons, medications), successfully and in
 * failing variants (invalid fields, wrong types, PHI typed into enum, number and date slots, inline literals, unknown
 * fields, refused rules, forbidden roles); reads and exports follow. Then the captured logs (LOG_LEVEL=trace) and
 * every error response are searched for each value.
 */
import { randomUUID } from 'node:crypto';
import { outcome, startTestApp, type GraphQLResponse, type TestApp } from '../support/app-harness';
import {
  callInput,
  carePlanInput,
  CARE_RECORD_CLOCK,
  CHANGE_BILLING_PRACTITIONER,
  conditionInput,
  consentInput,
  CORRECT_CALL,
  CREATE_CARE_PLAN,
  enrollInput,
  ENROLL_PATIENT,
  externalServiceInput,
  GIVE_CONSENT,
  initiatingVisitInput,
  LOG_CALL,
  PATIENT_QUERY,
  RECONCILE_MEDICATIONS,
  reconcileInput,
  RECORD_CHRONIC_CONDITION,
  RECORD_EXTERNAL_SERVICE,
  RECORD_INITIATING_VISIT,
  RESOLVE_CHRONIC_CONDITION,
  REVISE_CARE_PLAN,
  REVOKE_CONSENT,
  seedPractice,
  SHARE_CARE_PLAN,
  shareCarePlanInput,
  testMedicareId,
  VOID_CALL,
  type SeededPractice,
} from '../support/care-record-fixtures';
import { STAFF } from '../support/care-record-events';
import { operations } from '../support/reliability-schema';

/** Distinctive values no code or fixture would produce by chance. */
const PHI = {
  name: 'Zephyrine Quillfeather-Oyelaran',
  birthDate: '1937-11-23',
  medicareId: '7QK4-XW2-MN85',
  medicareIdNormalized: '7QK4XW2MN85',
  summary: 'Zephyrine reported nocturnal hypoglycaemia after the Glimzorat dose PHI-SUMMARY-7781',
  description: 'Brittle diabetes with Wexbury neuropathy PHI-DESC-5520',
  reason: 'Daughter Marisol Quillfeather asked us to stop PHI-REASON-3391',
  carePlan: 'Walk with Marisol every morning PHI-PLAN-6604',
  medication: 'Glimzorat 40 mg PHI-MED-9132',
  discrepancy: 'Stopped Glimzorat without telling Dr Ada PHI-DISC-2287',
  document: 'scan-Quillfeather-PHI-DOC-4410',
  channel: 'mailed to 12 Wexbury Lane PHI-ADDR-8876',
};
/** Pieces that must not appear on their own either (a value may be split or re-cased). */
const FRAGMENTS = ['Zephyrine', 'Quillfeather', 'Oyelaran', '1937-11-23', '7QK4', 'XW2-MN85', 'MN85', 'Glimzorat', 'Wexbury', 'Marisol', 'PHI-'];

const MUTATION_LIST = `{ __typename }`;

describe('PHI in logs and error responses', () => {
  let app: TestApp;
  let practice: SeededPractice;
  const responses: { label: string; response: GraphQLResponse }[] = [];
  const driven = new Set<string>();

  beforeAll(async () => {
    app = await startTestApp('sqlite', { clock: CARE_RECORD_CLOCK, env: { LOG_LEVEL: 'trace' } });
    practice = await seedPractice(app);
  }, 60_000);
  afterAll(() => app?.close());

  /** Sends a mutation (document with fragments, or a bare `field` with a minimal selection), keeps the answer. */
  const send = async (label: string, field: string, document: string, input: unknown, token: string, expected?: string) => {
    driven.add(field);
    const response = await app.gql(document, { input }, token);
    responses.push({ label, response });
    if (expected) expect([label, outcome(response)]).toEqual([label, expected]);
    return response;
  };
  const bare = (field: string, type: string) => `mutation($input: ${type}!) { ${field}(input: $input) ${MUTATION_LIST} }`;

  it('drives every mutation with PHI, succeeding and failing', async () => {
    const { admin, nurse, practitioner, billing, compliance } = practice.tokens;
    const patientId = randomUUID();
    const otherPatient = randomUUID();
    const enroll = (id: string) => enrollInput(id, { name: PHI.name, birthDate: PHI.birthDate, medicareId: PHI.medicareId, payerId: 'payer-1' });

    // Practice and staff (no patient data, but the same paths).
    await send(
      'configure',
      'configurePractice',
      bare('configurePractice', 'ConfigurePracticeInput'),
      { commandId: randomUUID(), name: 'Maple Family Medicine', timeZone: PHI.name, npi: '1234567893' },
      admin,
      'BAD_USER_INPUT',
    );
    await send(
      'register',
      'registerStaffMember',
      bare('registerStaffMember', 'RegisterStaffMemberInput'),
      { commandId: randomUUID(), staffId: 'ma-phi', name: PHI.name, credential: 'MA' },
      admin,
      'OK',
    );
    await send(
      'register forbidden',
      'registerStaffMember',
      bare('registerStaffMember', 'RegisterStaffMemberInput'),
      { commandId: randomUUID(), staffId: 'ma-phi2', name: PHI.name, credential: 'MA' },
      nurse,
      'FORBIDDEN',
    );
    await send(
      'deactivate',
      'deactivateStaffMember',
      bare('deactivateStaffMember', 'DeactivateStaffMemberInput'),
      { commandId: randomUUID(), staffId: 'ma-phi', reason: PHI.reason },
      admin,
      'OK',
    );
    await send(
      'deactivate unknown',
      'deactivateStaffMember',
      bare('deactivateStaffMember', 'DeactivateStaffMemberInput'),
      { commandId: randomUUID(), staffId: 'nobody', reason: PHI.reason },
      admin,
    );

    // Enrolment: success, then every kind of failure carrying the same PHI.
    await send('enroll', 'enrollPatient', ENROLL_PATIENT, enroll(patientId), admin, 'OK');
    await send('enroll other', 'enrollPatient', ENROLL_PATIENT, { ...enroll(otherPatient), medicareId: testMedicareId(otherPatient) }, admin, 'OK');
    await send('enroll same beneficiary', 'enrollPatient', ENROLL_PATIENT, enroll(randomUUID()), admin, 'PRECONDITION_FAILED');
    await send('enroll taken id', 'enrollPatient', ENROLL_PATIENT, enroll(patientId), admin, 'PRECONDITION_FAILED');
    await send('enroll control char', 'enrollPatient', ENROLL_PATIENT, { ...enroll(randomUUID()), name: `${PHI.name}\u0007` }, admin, 'BAD_USER_INPUT');
    await send('enroll bad mbi', 'enrollPatient', ENROLL_PATIENT, { ...enroll(randomUUID()), medicareId: `${PHI.medicareId}X` }, admin, 'BAD_USER_INPUT');
    await send('enroll date slot', 'enrollPatient', ENROLL_PATIENT, { ...enroll(randomUUID()), birthDate: PHI.name }, admin, 'BAD_USER_INPUT');
    await send('enroll enum slot', 'enrollPatient', ENROLL_PATIENT, { ...enroll(randomUUID()), program: PHI.name }, admin, 'BAD_USER_INPUT');
    await send('enroll boolean slot', 'enrollPatient', ENROLL_PATIENT, { ...enroll(randomUUID()), qmb: PHI.medicareId }, admin, 'BAD_USER_INPUT');
    await send('enroll name as number', 'enrollPatient', ENROLL_PATIENT, { ...enroll(randomUUID()), name: 19371123 }, admin, 'BAD_USER_INPUT');
    await send('enroll unknown field', 'enrollPatient', ENROLL_PATIENT, { ...enroll(randomUUID()), nickname: PHI.summary }, admin, 'BAD_USER_INPUT');
    await send('enroll future birth', 'enrollPatient', ENROLL_PATIENT, { ...enroll(randomUUID()), birthDate: '2030-01-01' }, admin, 'BAD_USER_INPUT');
    await send('enroll forbidden', 'enrollPatient', ENROLL_PATIENT, enroll(randomUUID()), billing, 'FORBIDDEN');
    await send('enroll no token', 'enrollPatient', ENROLL_PATIENT, enroll(randomUUID()), '', 'UNAUTHENTICATED');
    const literal = await app.gql(
      `mutation { enrollPatient(input: { commandId: "${randomUUID()}", patientId: "${randomUUID()}", name: "${PHI.name}", birthDate: "${PHI.name}", medicareId: "${PHI.medicareId}", program: ${PHI.name.replace(/\W/g, '')}, billingPractitionerId: "dr-a", qmb: "${PHI.birthDate}" }) { id } }`,
      {},
      admin,
    );
    responses.push({ label: 'enroll inline literals', response: literal });
    expect(outcome(literal)).toBe('BAD_USER_INPUT');

    // Conditions, visits, services.
    await send('condition', 'recordChronicCondition', RECORD_CHRONIC_CONDITION, conditionInput(patientId, { description: PHI.description }), nurse, 'OK');
    await send(
      'condition 2',
      'recordChronicCondition',
      RECORD_CHRONIC_CONDITION,
      conditionInput(patientId, { icd10: 'I10', description: PHI.description }),
      nurse,
      'OK',
    );
    await send(
      'condition again',
      'recordChronicCondition',
      RECORD_CHRONIC_CONDITION,
      conditionInput(patientId, { description: PHI.description }),
      nurse,
      'PRECONDITION_FAILED',
    );
    await send(
      'condition bad icd',
      'recordChronicCondition',
      RECORD_CHRONIC_CONDITION,
      conditionInput(patientId, { icd10: PHI.name, description: PHI.description }),
      nurse,
      'BAD_USER_INPUT',
    );
    await send(
      'condition int slot',
      'recordChronicCondition',
      RECORD_CHRONIC_CONDITION,
      conditionInput(patientId, { expectedDurationMonths: PHI.birthDate }),
      nurse,
      'BAD_USER_INPUT',
    );
    await send(
      'condition other practice',
      'recordChronicCondition',
      RECORD_CHRONIC_CONDITION,
      conditionInput(randomUUID(), { description: PHI.description }),
      nurse,
      'NOT_FOUND',
    );
    await send(
      'condition other patient',
      'recordChronicCondition',
      RECORD_CHRONIC_CONDITION,
      conditionInput(otherPatient, { icd10: 'J44.9', description: PHI.description }),
      nurse,
      'OK',
    );
    await send(
      'resolve',
      'resolveChronicCondition',
      RESOLVE_CHRONIC_CONDITION,
      { commandId: randomUUID(), patientId: otherPatient, icd10: 'J44.9', reason: PHI.reason },
      nurse,
      'OK',
    );
    await send(
      'resolve unknown',
      'resolveChronicCondition',
      RESOLVE_CHRONIC_CONDITION,
      { commandId: randomUUID(), patientId: otherPatient, icd10: 'E66.9', reason: PHI.reason },
      nurse,
      'NOT_FOUND',
    );
    await send('visit', 'recordInitiatingVisit', RECORD_INITIATING_VISIT, initiatingVisitInput(patientId), admin, 'OK');
    await send(
      'visit bad kind',
      'recordInitiatingVisit',
      RECORD_INITIATING_VISIT,
      initiatingVisitInput(patientId, { kind: PHI.name }),
      admin,
      'BAD_USER_INPUT',
    );
    await send('external', 'recordExternalService', RECORD_EXTERNAL_SERVICE, externalServiceInput(otherPatient, { minutes: 30 }), admin, 'OK');
    await send(
      'external bad npi',
      'recordExternalService',
      RECORD_EXTERNAL_SERVICE,
      externalServiceInput(otherPatient, { billedByNpi: PHI.medicareId }),
      admin,
      'BAD_USER_INPUT',
    );
    await send(
      'change practitioner',
      'changeBillingPractitioner',
      CHANGE_BILLING_PRACTITIONER,
      { commandId: randomUUID(), patientId: otherPatient, billingPractitionerId: STAFF.npC.staffId, reason: PHI.reason },
      admin,
      'OK',
    );
    await send(
      'change practitioner unknown',
      'changeBillingPractitioner',
      CHANGE_BILLING_PRACTITIONER,
      { commandId: randomUUID(), patientId: otherPatient, billingPractitionerId: 'dr-nobody', reason: PHI.reason },
      admin,
      'PRECONDITION_FAILED',
    );

    // Consent and care plan.
    await send('consent', 'giveConsent', GIVE_CONSENT, consentInput(patientId, { method: 'WRITTEN', documentReference: PHI.document }), nurse, 'OK');
    await send(
      'consent unexplained',
      'giveConsent',
      GIVE_CONSENT,
      consentInput(otherPatient, { explainedRightToStop: false, documentReference: PHI.document }),
      nurse,
    );
    await send('consent bad date', 'giveConsent', GIVE_CONSENT, consentInput(otherPatient, { givenAt: PHI.birthDate }), nurse, 'BAD_USER_INPUT');
    await send('consent other', 'giveConsent', GIVE_CONSENT, consentInput(otherPatient), nurse, 'OK');
    await send(
      'revoke',
      'revokeConsent',
      REVOKE_CONSENT,
      { commandId: randomUUID(), patientId: otherPatient, revokedAt: '2026-03-20T10:00:00-04:00', reason: PHI.reason },
      nurse,
      'OK',
    );
    await send(
      'revoke again',
      'revokeConsent',
      REVOKE_CONSENT,
      { commandId: randomUUID(), patientId: otherPatient, revokedAt: '2026-03-21T10:00:00-04:00', reason: PHI.reason },
      nurse,
      'PRECONDITION_FAILED',
    );
    const plan = carePlanInput(patientId, {
      problems: [PHI.description],
      goals: [PHI.carePlan],
      expectedOutcomes: PHI.carePlan,
      symptomManagement: PHI.summary,
      interventions: [PHI.carePlan],
      medicationManagement: PHI.medication,
      coordinationNotes: PHI.reason,
    });
    await send('care plan', 'createCarePlan', CREATE_CARE_PLAN, plan, practitioner, 'OK');
    await send('care plan twice', 'createCarePlan', CREATE_CARE_PLAN, { ...plan, commandId: randomUUID() }, practitioner, 'PRECONDITION_FAILED');
    await send('care plan empty goal', 'createCarePlan', CREATE_CARE_PLAN, { ...plan, commandId: randomUUID(), goals: [' '] }, practitioner, 'BAD_USER_INPUT');
    await send(
      'revise',
      'reviseCarePlan',
      REVISE_CARE_PLAN,
      {
        commandId: randomUUID(),
        patientId,
        expectedVersion: 1,
        substantial: true,
        goals: [PHI.carePlan, 'Sleep'],
        reason: PHI.reason,
        effectiveAt: '2026-03-12T10:00:00-04:00',
      },
      practitioner,
      'OK',
    );
    await send(
      'revise stale',
      'reviseCarePlan',
      REVISE_CARE_PLAN,
      { commandId: randomUUID(), patientId, expectedVersion: 1, substantial: false, goals: [PHI.carePlan], reason: PHI.reason },
      practitioner,
    );
    await send(
      'share',
      'shareCarePlanWithPatient',
      SHARE_CARE_PLAN,
      shareCarePlanInput(patientId, { channel: PHI.channel, sharedAt: '2026-03-12T11:00:00-04:00' }),
      nurse,
      'OK',
    );
    await send(
      'share control',
      'shareCarePlanWithPatient',
      SHARE_CARE_PLAN,
      shareCarePlanInput(patientId, { channel: `${PHI.channel}\n` }),
      nurse,
      'BAD_USER_INPUT',
    );

    // Time entries and medications.
    const call = callInput(patientId, { summary: PHI.summary, minutes: 25, source: 'LIVE_TIMER' });
    await send('call', 'logCall', LOG_CALL, call, nurse, 'OK');
    await send('call reused commandId', 'logCall', LOG_CALL, { ...call, summary: `${PHI.summary} edited` }, nurse, 'BAD_USER_INPUT');
    await send(
      'call unknown performer',
      'logCall',
      LOG_CALL,
      callInput(patientId, { summary: PHI.summary, performedBy: 'ghost' }),
      nurse,
      'PRECONDITION_FAILED',
    );
    await send('call future', 'logCall', LOG_CALL, callInput(patientId, { summary: PHI.summary, startedAt: '2031-01-01T10:00:00Z' }), nurse, 'BAD_USER_INPUT');
    const extra = callInput(otherPatient, { summary: PHI.summary });
    await send('call other', 'logCall', LOG_CALL, extra, practitioner, 'OK');
    await send(
      'correct',
      'correctCall',
      CORRECT_CALL,
      { commandId: randomUUID(), patientId: otherPatient, activityId: extra.activityId, summary: `${PHI.summary} corrected`, reason: PHI.reason },
      nurse,
      'OK',
    );
    await send(
      'correct nothing',
      'correctCall',
      CORRECT_CALL,
      { commandId: randomUUID(), patientId: otherPatient, activityId: extra.activityId, reason: PHI.reason },
      nurse,
      'BAD_USER_INPUT',
    );
    await send(
      'void',
      'voidCall',
      VOID_CALL,
      { commandId: randomUUID(), patientId: otherPatient, activityId: extra.activityId, reason: PHI.reason },
      nurse,
      'OK',
    );
    await send(
      'void again',
      'voidCall',
      VOID_CALL,
      { commandId: randomUUID(), patientId: otherPatient, activityId: extra.activityId, reason: PHI.reason },
      nurse,
      'PRECONDITION_FAILED',
    );
    const forDoctor = callInput(patientId, { summary: PHI.summary, performedBy: STAFF.drA.staffId, startedAt: '2026-03-11T10:00:00-04:00' });
    await send('call for the practitioner', 'logCall', LOG_CALL, forDoctor, nurse, 'OK');
    const attest = bare('attestCareActivity', 'AttestCareActivityInput');
    await send(
      'attest by another',
      'attestCareActivity',
      attest,
      { commandId: randomUUID(), patientId, activityId: forDoctor.activityId, statement: PHI.reason },
      nurse,
      'PRECONDITION_FAILED',
    );
    await send(
      'attest',
      'attestCareActivity',
      attest,
      { commandId: randomUUID(), patientId, activityId: forDoctor.activityId, statement: PHI.reason },
      practitioner,
      'OK',
    );
    const medications = [{ name: PHI.medication, dose: '40 mg', frequency: 'nightly', prescriber: PHI.name, source: PHI.channel }];
    await send(
      'reconcile',
      'reconcileMedications',
      RECONCILE_MEDICATIONS,
      reconcileInput(patientId, { medications, discrepancies: [PHI.discrepancy] }),
      nurse,
      'OK',
    );
    await send(
      'reconcile bad list',
      'reconcileMedications',
      RECONCILE_MEDICATIONS,
      reconcileInput(patientId, { medications: [{ ...medications[0], name: '' }], discrepancies: [PHI.discrepancy] }),
      nurse,
      'BAD_USER_INPUT',
    );

    // Billing: close March, submit the claim (it copies the Medicare id), then the refusals.
    await send('close', 'closeBillingMonth', bare('closeBillingMonth', 'CloseBillingMonthInput'), { commandId: randomUUID(), month: '2026-03' }, billing, 'OK');
    await send(
      'close again',
      'closeBillingMonth',
      bare('closeBillingMonth', 'CloseBillingMonthInput'),
      { commandId: randomUUID(), month: '2026-03' },
      billing,
      'PRECONDITION_FAILED',
    );
    await send(
      'close bad month',
      'closeBillingMonth',
      bare('closeBillingMonth', 'CloseBillingMonthInput'),
      { commandId: randomUUID(), month: PHI.birthDate },
      billing,
      'BAD_USER_INPUT',
    );
    await send(
      'submit',
      'submitClaim',
      bare('submitClaim', 'SubmitClaimInput'),
      { commandId: randomUUID(), patientId, month: '2026-03', payerId: 'payer-1' },
      billing,
      'OK',
    );
    await send(
      'submit again',
      'submitClaim',
      bare('submitClaim', 'SubmitClaimInput'),
      { commandId: randomUUID(), patientId, month: '2026-03', payerId: 'payer-1' },
      billing,
      'PRECONDITION_FAILED',
    );
    await send(
      'submit not ready',
      'submitClaim',
      bare('submitClaim', 'SubmitClaimInput'),
      { commandId: randomUUID(), patientId: otherPatient, month: '2026-03', payerId: 'payer-1' },
      billing,
      'PRECONDITION_FAILED',
    );
    await send(
      'submit forbidden',
      'submitClaim',
      bare('submitClaim', 'SubmitClaimInput'),
      { commandId: randomUUID(), patientId, month: '2026-03', payerId: PHI.medicareId.replace(/-/g, '') },
      compliance,
      'FORBIDDEN',
    );

    // Enrolment: registration, coverage, decline, unenrolment, and an EHR import carrying the same PHI.
    const candidate = randomUUID();
    await send(
      'register patient',
      'registerPatient',
      bare('registerPatient', 'RegisterPatientInput'),
      { commandId: randomUUID(), patientId: candidate, name: PHI.name, birthDate: PHI.birthDate },
      admin,
      'OK',
    );
    await send(
      'register control char',
      'registerPatient',
      bare('registerPatient', 'RegisterPatientInput'),
      { commandId: randomUUID(), patientId: randomUUID(), name: `${PHI.name}\u0007`, birthDate: PHI.birthDate },
      admin,
      'BAD_USER_INPUT',
    );
    await send(
      'register date slot',
      'registerPatient',
      bare('registerPatient', 'RegisterPatientInput'),
      { commandId: randomUUID(), patientId: randomUUID(), name: PHI.name, birthDate: PHI.name },
      admin,
      'BAD_USER_INPUT',
    );
    await send(
      'coverage',
      'recordCoverageVerification',
      bare('recordCoverageVerification', 'RecordCoverageVerificationInput'),
      {
        commandId: randomUUID(),
        patientId: candidate,
        verifiedAt: '2026-03-20T10:00:00-04:00',
        source: PHI.reason,
        partB: true,
        qmb: false,
        medicareAdvantagePlan: PHI.document,
      },
      admin,
      'OK',
    );
    await send(
      'coverage unknown',
      'recordCoverageVerification',
      bare('recordCoverageVerification', 'RecordCoverageVerificationInput'),
      { commandId: randomUUID(), patientId: randomUUID(), verifiedAt: '2026-03-20T10:00:00-04:00', source: PHI.reason, partB: true, qmb: false },
      admin,
      'NOT_FOUND',
    );
    await send(
      'decline',
      'declineEnrollment',
      bare('declineEnrollment', 'DeclineEnrollmentInput'),
      { commandId: randomUUID(), patientId: candidate, declinedAt: '2026-03-20T10:00:00-04:00', reason: 'OTHER', note: PHI.reason },
      nurse,
      'OK',
    );
    await send(
      'decline enrolled',
      'declineEnrollment',
      bare('declineEnrollment', 'DeclineEnrollmentInput'),
      { commandId: randomUUID(), patientId, declinedAt: '2026-03-20T10:00:00-04:00', reason: 'OTHER', note: PHI.reason },
      nurse,
      'PRECONDITION_FAILED',
    );
    await send(
      'unenroll',
      'unenrollPatient',
      bare('unenrollPatient', 'UnenrollPatientInput'),
      { commandId: randomUUID(), patientId: otherPatient, effectiveOn: '2026-03-28', reason: 'OTHER', note: PHI.reason },
      admin,
      'OK',
    );
    await send(
      'unenroll again',
      'unenrollPatient',
      bare('unenrollPatient', 'UnenrollPatientInput'),
      { commandId: randomUUID(), patientId: otherPatient, effectiveOn: '2026-03-29', reason: 'OTHER', note: PHI.reason },
      admin,
      'PRECONDITION_FAILED',
    );
    const ehrPatient = {
      resourceType: 'Patient',
      id: 'phi-1',
      identifier: [{ system: 'urn:ehr:mrn', value: 'PHI-MRN-1' }],
      name: [{ text: PHI.name }],
      birthDate: PHI.birthDate,
    };
    const broken = {
      resourceType: 'Patient',
      id: 'phi-2',
      identifier: [{ system: 'urn:ehr:mrn', value: 'PHI-MRN-2' }],
      name: [{ text: PHI.name }],
      birthDate: PHI.name,
    };
    const imported = await fetch(`${app.url}/fhir/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+ndjson', authorization: `Bearer ${admin}` },
      body: `${JSON.stringify(ehrPatient)}\n${JSON.stringify(broken)}\n{"name": "${PHI.name}"`,
    });
    const importAnswer = await imported.text();
    expect(imported.status).toBe(200);
    for (const fragment of FRAGMENTS) expect([fragment, importAnswer.includes(fragment)]).toEqual([fragment, false]);

    // Running the program: the care team (outside members carry names and phones), tasks (titles, reasons), on-call.
    await send(
      'assign care manager',
      'assignCareManager',
      bare('assignCareManager', 'AssignCareManagerInput'),
      { commandId: randomUUID(), patientId, staffId: STAFF.rnB.staffId },
      admin,
      'OK',
    );
    await send(
      'assign unknown care manager',
      'assignCareManager',
      bare('assignCareManager', 'AssignCareManagerInput'),
      { commandId: randomUUID(), patientId, staffId: PHI.name },
      admin,
    );
    const memberId = randomUUID();
    const member = { commandId: randomUUID(), patientId, memberId, role: 'CAREGIVER', name: PHI.name, organization: PHI.reason, phone: '+1 555 010 4444' };
    await send('add care team member', 'addCareTeamMember', bare('addCareTeamMember', 'AddCareTeamMemberInput'), member, admin, 'OK');
    await send(
      'add care team member again',
      'addCareTeamMember',
      bare('addCareTeamMember', 'AddCareTeamMemberInput'),
      { ...member, commandId: randomUUID() },
      admin,
      'PRECONDITION_FAILED',
    );
    await send(
      'remove care team member',
      'removeCareTeamMember',
      bare('removeCareTeamMember', 'RemoveCareTeamMemberInput'),
      { commandId: randomUUID(), patientId, memberId, reason: PHI.reason },
      admin,
      'OK',
    );
    const taskId = randomUUID();
    await send(
      'create task',
      'createTask',
      bare('createTask', 'CreateTaskInput'),
      { commandId: randomUUID(), taskId, patientId, kind: 'OTHER', title: PHI.summary, dueOn: '2026-04-30' },
      admin,
      'OK',
    );
    await send(
      'create task due before',
      'createTask',
      bare('createTask', 'CreateTaskInput'),
      { commandId: randomUUID(), taskId: randomUUID(), patientId, kind: 'OTHER', title: PHI.summary, dueOn: '2001-01-01' },
      admin,
      'BAD_USER_INPUT',
    );
    await send(
      'assign task',
      'assignTask',
      bare('assignTask', 'AssignTaskInput'),
      { commandId: randomUUID(), taskId, assigneeId: STAFF.rnB.staffId },
      admin,
      'OK',
    );
    await send('complete task', 'completeTask', bare('completeTask', 'CompleteTaskInput'), { commandId: randomUUID(), taskId }, admin, 'OK');
    await send(
      'cancel done task',
      'cancelTask',
      bare('cancelTask', 'CancelTaskInput'),
      { commandId: randomUUID(), taskId, reason: PHI.reason },
      admin,
      'PRECONDITION_FAILED',
    );
    const shift = {
      commandId: randomUUID(),
      shiftId: randomUUID(),
      staffId: STAFF.drA.staffId,
      from: '2026-04-01T00:00:00Z',
      to: '2026-04-02T00:00:00Z',
      phone: '+1 555 010 5555',
    };
    await send('schedule on call', 'scheduleOnCall', bare('scheduleOnCall', 'ScheduleOnCallInput'), shift, admin, 'OK');
    await send(
      'schedule overlapping',
      'scheduleOnCall',
      bare('scheduleOnCall', 'ScheduleOnCallInput'),
      { ...shift, commandId: randomUUID(), shiftId: randomUUID() },
      admin,
      'PRECONDITION_FAILED',
    );
    await send(
      'outreach cadence',
      'configureOutreachCadence',
      bare('configureOutreachCadence', 'ConfigureOutreachCadenceInput'),
      { commandId: randomUUID(), program: 'CCM', openOnDay: 3, dueAfterDays: 5 },
      admin,
      'OK',
    );

    // Payers' documentation requests about the submitted March claim: recorded, answered (the answer copies the record).
    const requestId = randomUUID();
    const adr = {
      commandId: randomUUID(),
      requestId,
      trackingId: 'ESMD-PHI-1',
      patientId,
      month: '2026-03',
      payerId: 'payer-1',
      channel: 'ESMD',
      requestedCodes: ['11506-3'],
      receivedAt: '2026-04-01T09:00:00-04:00',
    };
    await send('open documentation request', 'openDocumentationRequest', bare('openDocumentationRequest', 'OpenDocumentationRequestInput'), adr, billing, 'OK');
    await send(
      'open documentation request no claim',
      'openDocumentationRequest',
      bare('openDocumentationRequest', 'OpenDocumentationRequestInput'),
      { ...adr, commandId: randomUUID(), requestId: randomUUID(), patientId: otherPatient },
      billing,
      'PRECONDITION_FAILED',
    );
    await send(
      'respond to documentation request',
      'respondToDocumentationRequest',
      bare('respondToDocumentationRequest', 'RespondToDocumentationRequestInput'),
      { commandId: randomUUID(), requestId },
      billing,
      'OK',
    );
    await send(
      'respond again',
      'respondToDocumentationRequest',
      bare('respondToDocumentationRequest', 'RespondToDocumentationRequestInput'),
      { commandId: randomUUID(), requestId },
      billing,
      'PRECONDITION_FAILED',
    );

    // Reads and exports of the same data.
    for (const [label, token] of Object.entries(practice.tokens)) {
      const read = await app.gql(PATIENT_QUERY, { id: patientId, month: null }, token);
      if (label !== 'payer') expect(read.data?.patient?.name).toBe(PHI.name);
      responses.push({ label: `read as ${label}`, response: read });
    }
    responses.push({
      label: 'search',
      response: await app.gql(`query($s: String) { patients(filter: { search: $s }) { totalCount } }`, { s: PHI.medicareId }, admin),
    });
    responses.push({
      label: 'audit trail',
      response: await app.gql(`query($id: ID!) { auditTrail(patientId: $id) { totalCount } }`, { id: patientId }, compliance),
    });
    const exported = await fetch(`${app.url}/exports/audit/${patientId}.ndjson`, { headers: { authorization: `Bearer ${compliance}` } });
    expect(await exported.text()).toContain(PHI.name);
    const claims = await fetch(`${app.url}/exports/claims/2026-03.csv`, { headers: { authorization: `Bearer ${billing}` } });
    expect(await claims.text()).toContain(PHI.medicareIdNormalized);
    // Evidence: the packet (it copies the record) for the practice and the payer it was submitted to, its PDF, and
    // the refusals of a payer it was not submitted to.
    const packet = `query($id: ID!) { evidencePacket(patientId: $id, month: "2026-03") { json fhirBundle } }`;
    const payer1 = await app.token({ sub: 'reviewer-1', roles: ['PAYER'], payerId: 'payer-1' });
    const payer2 = await app.token({ sub: 'reviewer-2', roles: ['PAYER'], payerId: 'payer-2' });
    for (const [label, token] of [
      ['billing', billing],
      ['payer-1', payer1],
      ['payer-2', payer2],
    ] as const) {
      const read = await app.gql(packet, { id: patientId }, token);
      responses.push({ label: `evidence as ${label}`, response: read });
      if (label !== 'payer-2') expect(read.data?.evidencePacket.json).toContain(PHI.name);
      const pdf = await fetch(`${app.url}/exports/evidence/${patientId}/2026-03.pdf`, { headers: { authorization: `Bearer ${token}` } });
      expect(pdf.status).toBe(label === 'payer-2' ? 403 : 200);
      if (pdf.status !== 200) responses.push({ label: `evidence pdf as ${label}`, response: { status: pdf.status, errors: [{ message: await pdf.text() }] } });
      else await pdf.arrayBuffer();
    }
    // Let the access log's background writer flush (it logs its own work).
    await new Promise((resolve) => setTimeout(resolve, 400));
  });

  it('every mutation of the schema was driven', () => {
    const mutations = operations()
      .filter((operation) => operation.kind === 'mutation')
      .map((operation) => operation.name);
    expect(mutations.filter((name) => !driven.has(name))).toEqual([]);
  });

  it('no PHI value, or piece of one, is in the logs', () => {
    // The capture works: start-up, projections and the access log's writer all log.
    expect(app.logs.length).toBeGreaterThan(20);
    const logs = app.logs.join('\n');
    for (const value of [...Object.values(PHI), ...FRAGMENTS]) expect([value, logs.includes(value)]).toEqual([value, false]);
    expect([PHI.name.toLowerCase(), logs.toLowerCase().includes(PHI.name.toLowerCase())]).toEqual([PHI.name.toLowerCase(), false]);
  });

  it('no error response echoes a PHI value', () => {
    const failed = responses.filter(({ response }) => response.errors);
    expect(failed.length).toBeGreaterThan(30);
    for (const { label, response } of failed) {
      const text = JSON.stringify(response.errors);
      for (const value of [...Object.values(PHI), ...FRAGMENTS]) expect([label, value, text.includes(value)]).toEqual([label, value, false]);
    }
  });
});
