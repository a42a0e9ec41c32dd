/**
 * Billing E2E fixtures: the GraphQL documents (fragments select every billing field), a realistic March 2026 of a
 * New York practice documented through the care-record mutations, and a graphql-ws client for billingProgress.
 */
import { randomUUID } from 'node:crypto';
import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import { newCommandId, type TestApp } from './app-harness';
import {
  callInput,
  carePlanInput,
  consentInput,
  CREATE_CARE_PLAN,
  externalServiceInput,
  GIVE_CONSENT,
  LOG_CALL,
  mutate,
  RECORD_EXTERNAL_SERVICE,
  REVISE_CARE_PLAN,
  SHARE_CARE_PLAN,
  seedEligiblePatient,
  shareCarePlanInput,
  CORRECT_CALL,
  VOID_CALL,
  type SeededPractice,
} from './care-record-fixtures';
import { STAFF } from './care-record-events';

const LINE_FIELDS = 'cptCode units amountCents amountKnown unitAmountCents';

export const PATIENT_MONTH_FIELDS = `fragment PatientMonthFields on PatientBillingMonth {
  patientId month program ruleYear clinicalStaffMinutes practitionerMinutes complex
  lines { ${LINE_FIELDS} } expectedPaymentCents amountUnknown patientCoinsuranceCents claimReady blockers minutesToNextCode
  alternatives { track lines { ${LINE_FIELDS} } expectedPaymentCents amountUnknown }
  warnings notes excludedTimeEntries { activityId reason minutes explanation } status closedAt
  closedResult { claimReady lines { ${LINE_FIELDS} } expectedPaymentCents amountUnknown patientCoinsuranceCents clinicalStaffMinutes practitionerMinutes blockers warnings }
  claim { payerId submittedAt dateOfService basis lines { ${LINE_FIELDS} } expectedPaymentCents patientCoinsuranceCents diagnoses renderingNpi billingNpi placeOfService }
}`;

const MONTH_FIELDS =
  'month practiceId ruleYear patientCount claimReadyCount totalExpectedPaymentCents amountUnknown submittedCount amendedAfterCloseCount closed closedAt';

export const BILLING_MONTH = `query($month: YearMonth!, $ruleYear: Int) {
  billingMonth(month: $month, ruleYear: $ruleYear) { ${MONTH_FIELDS} patients { ...PatientMonthFields } }
}
${PATIENT_MONTH_FIELDS}`;

/** A page of the month's patients: `first` after the patient `after`. */
export const BILLING_MONTH_PAGE = `query($month: YearMonth!, $first: Int, $after: ID) {
  billingMonth(month: $month) { patientCount patients(first: $first, after: $after) { ...PatientMonthFields } }
}
${PATIENT_MONTH_FIELDS}`;

/** BILLING_MONTH with a directive inside the patients' selection, which graphql-js completes field by field (not projected). */
export const BILLING_MONTH_FIELD_BY_FIELD = `query($month: YearMonth!) {
  billingMonth(month: $month) { ${MONTH_FIELDS} patients { patientId @include(if: true) ...PatientMonthFields } }
}
${PATIENT_MONTH_FIELDS}`;

export const BILLING_MONTH_TOTALS = `query($month: YearMonth!) { billingMonth(month: $month) { ${MONTH_FIELDS} } }`;

export const PATIENT_BILLING_MONTH = `query($patientId: ID!, $month: YearMonth!, $ruleYear: Int) {
  patientBillingMonth(patientId: $patientId, month: $month, ruleYear: $ruleYear) { ...PatientMonthFields }
}
${PATIENT_MONTH_FIELDS}`;

export const CLOSE_BILLING_MONTH = `mutation($input: CloseBillingMonthInput!) {
  closeBillingMonth(input: $input) { ${MONTH_FIELDS} patients { ...PatientMonthFields } }
}
${PATIENT_MONTH_FIELDS}`;

export const SUBMIT_CLAIM = `mutation($input: SubmitClaimInput!) { submitClaim(input: $input) { ...PatientMonthFields } }
${PATIENT_MONTH_FIELDS}`;

export const BILLING_PROGRESS = `subscription($patientId: ID!, $month: YearMonth) {
  billingProgress(patientId: $patientId, month: $month) { patientId month clinicalStaffMinutes claimReady blockers minutesToNextCode status }
}`;

/** A NPI of a cardiology practice that bills CCM for one of our patients (valid check digit). */
export const OTHER_BILLER_NPI = '1245319599';
export const PAYER_ID = 'payer-1';

/** The patients of the March 2026 scenario, by what their month shows. */
export interface MarchScenario {
  ready: string;
  complex: string;
  noConsent: string;
  noCarePlan: string;
  notShared: string;
  insufficient: string;
  duplicate: string;
  /** The ready patient's call that was voided (logged on the wrong patient). */
  voidedCall: string;
  /** The insufficient patient's call whose minutes were corrected from 25 to 15. */
  correctedCall: string;
}

type Documentation = { consent?: boolean; plan?: boolean; share?: boolean; enrolment?: Record<string, unknown> };

/**
 * One patient of the scenario: eligible (two conditions, initiating visit), then the documentation asked for.
 * Every patient's payer is PAYER_ID.
 */
export async function documentedPatient(app: TestApp, practice: SeededPractice, documentation: Documentation = {}): Promise<string> {
  const { consent = true, plan = true, share = true, enrolment = {} } = documentation;
  const { nurse, practitioner } = practice.tokens;
  const patientId = await seedEligiblePatient(app, practice, { payerId: PAYER_ID, ...enrolment });
  if (consent) await mutate(app, GIVE_CONSENT, consentInput(patientId), nurse);
  if (plan) await mutate(app, CREATE_CARE_PLAN, carePlanInput(patientId), practitioner);
  if (plan && share) await mutate(app, SHARE_CARE_PLAN, shareCarePlanInput(patientId), nurse);
  return patientId;
}

export async function logCall(app: TestApp, practice: SeededPractice, patientId: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const input = callInput(patientId, { source: 'LIVE_TIMER', ...overrides });
  await mutate(app, LOG_CALL, input, practice.tokens.nurse);
  return input.activityId;
}

export const READY_ADDRESS = { line1: '12 Elm St', line2: null, city: 'Albany', state: 'NY', postalCode: '12207' };

/**
 * March 2026 as a practice documents it: one patient claim-ready at 99490, one complex (99487 + 99489), and one
 * for each of NO_CONSENT, NO_CARE_PLAN, CARE_PLAN_NOT_SHARED, INSUFFICIENT_TIME and DUPLICATE_BILLER; with a voided
 * call and a corrected one on the way.
 */
export async function seedMarch(app: TestApp, practice: SeededPractice): Promise<MarchScenario> {
  const { nurse, practitioner } = practice.tokens;

  // Sex and address are optional at enrolment: the claim-ready patient has them, the complex one not.
  const ready = await documentedPatient(app, practice, { enrolment: { sex: 'FEMALE', address: READY_ADDRESS } });
  await logCall(app, practice, ready, { minutes: 25 });
  const voidedCall = await logCall(app, practice, ready, { minutes: 10, startedAt: '2026-03-12T10:00:00-04:00' });
  await mutate(app, VOID_CALL, { commandId: newCommandId(), patientId: ready, activityId: voidedCall, reason: 'Logged on the wrong patient' }, nurse);

  const complex = await documentedPatient(app, practice);
  await mutate(
    app,
    REVISE_CARE_PLAN,
    {
      commandId: newCommandId(),
      patientId: complex,
      expectedVersion: 1,
      substantial: true,
      interventions: ['Weekly nurse call', 'Endocrinology referral'],
      reason: 'Admitted for hyperglycaemia',
      effectiveAt: '2026-03-12T10:00:00-04:00',
    },
    practitioner,
  );
  // Complex CCM needs the billing practitioner's own decision making (ccm-rules.md §1): Dr A documents it.
  const drACall = {
    source: 'LIVE_TIMER',
    performedBy: STAFF.drA.staffId,
    minutes: 50,
    complexMedicalDecisionMaking: true,
    startedAt: '2026-03-13T10:00:00-04:00',
  };
  await mutate(app, LOG_CALL, callInput(complex, drACall), practitioner);
  await logCall(app, practice, complex, { minutes: 45, kind: 'CARE_COORDINATION', startedAt: '2026-03-20T10:00:00-04:00' });

  const noConsent = await documentedPatient(app, practice, { consent: false });
  await logCall(app, practice, noConsent, { minutes: 25 });

  const noCarePlan = await documentedPatient(app, practice, { plan: false });
  await logCall(app, practice, noCarePlan, { minutes: 25 });

  const notShared = await documentedPatient(app, practice, { share: false });
  await logCall(app, practice, notShared, { minutes: 25 });

  const insufficient = await documentedPatient(app, practice);
  const correctedCall = await logCall(app, practice, insufficient, { minutes: 25 });
  await mutate(
    app,
    CORRECT_CALL,
    { commandId: newCommandId(), patientId: insufficient, activityId: correctedCall, minutes: 15, reason: 'Timer left running' },
    nurse,
  );

  const duplicate = await documentedPatient(app, practice);
  await logCall(app, practice, duplicate, { minutes: 25 });
  await mutate(app, RECORD_EXTERNAL_SERVICE, externalServiceInput(duplicate, { cptCode: '99490', billedByNpi: OTHER_BILLER_NPI }), practice.tokens.admin);

  return { ready, complex, noConsent, noCarePlan, notShared, insufficient, duplicate, voidedCall, correctedCall };
}

/** A graphql-ws client of the test app; the token goes in the connection params, as browsers must send it. */
export function subscriptionClient(app: TestApp, token?: string): Client {
  return createClient({
    url: `${app.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    lazy: true,
    retryAttempts: 0,
  });
}

/** The next result of a subscription, or a rejection after `timeoutMs`. */
export function nextResult<T>(iterator: AsyncIterator<FormattedExecutionResult<T, unknown>>, timeoutMs = 5000): Promise<FormattedExecutionResult<T, unknown>> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no subscription result within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([iterator.next().then((result) => (result.done ? Promise.reject(new Error('subscription completed')) : result.value)), timeout]).finally(
    () => clearTimeout(timer),
  );
}

export const newActivityId = () => randomUUID();
