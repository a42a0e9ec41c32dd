/**
 * Machinery of the authorisation matrix (test/reliability/authorization-matrix.spec.ts): the world every cell runs
 * against, the principals (columns), how one operation is sent by one principal and its answer classified (cells),
 * and each operation's request (rows). The expected table itself lives in the spec, where it is read.
 *
 * The world: practice A with patient P (claim-ready March 2026, closed and submitted to payer-1) and patient R
 * (claim-ready, not submitted); practice B of its own. Other-practice columns are B's users acting on A's records.
 */
import { LEDGER_HEADS_STREAM } from '../../src/ledger/heads/ledger-head.events';
import { randomUUID } from 'node:crypto';
import type { Client } from 'graphql-ws';
import { isAccessLogStream } from '../../src/audit/access-log/access-log.events';
import { AccessLogRecorder } from '../../src/audit/access-log/access-log.recorder';
import { EVENT_STORE, type EventStore, type Position } from '../../src/event-store/event-store.port';
import { signDevToken } from '../../src/auth/dev-token';
import { PatientCommands } from '../../src/patient-stream/patient-commands';
import type { Role } from '../../src/auth/actor';
import type { GraphQLResponse, TestApp } from './app-harness';
import { nextResult, subscriptionClient } from './billing-fixtures';
import {
  callInput,
  carePlanInput,
  conditionInput,
  consentInput,
  CREATE_CARE_PLAN,
  enrollInput,
  ENROLL_PATIENT,
  externalServiceInput,
  GIVE_CONSENT,
  initiatingVisitInput,
  LOG_CALL,
  mutate,
  reconcileInput,
  RECORD_CHRONIC_CONDITION,
  seedEligiblePatient,
  seedPractice,
  SHARE_CARE_PLAN,
  shareCarePlanInput,
  testMedicareId,
  type SeededPractice,
} from './care-record-fixtures';
import { STAFF } from './care-record-events';
import { cdexTask } from './cdex-fixtures';

/** A cell: OK, 403 FORBIDDEN, 404 NOT_FOUND, nul (null), own (served, but only the caller's own practice's data), 401 UNAUTHENTICATED, 412 PRECONDITION_FAILED. */
export type Cell = 'OK' | '403' | '404' | 'nul' | 'own' | '401' | '412' | '400' | '409' | '422' | '500' | `?${string}`;

const CODE_CELLS: Record<string, Cell> = {
  FORBIDDEN: '403',
  NOT_FOUND: '404',
  UNAUTHENTICATED: '401',
  PRECONDITION_FAILED: '412',
  BAD_USER_INPUT: '400',
  CONFLICT: '409',
  INTERNAL_SERVER_ERROR: '500',
};
const STATUS_CELLS: Record<number, Cell> = {
  200: 'OK',
  201: 'OK',
  400: '400',
  401: '401',
  403: '403',
  404: '404',
  409: '409',
  412: '412',
  422: '422',
  500: '500',
};

/** The payer endpoint the matrix app is configured with (PAYER_ENDPOINTS): payer-1's CDex Tasks name it; nothing is sent there. */
export const MATRIX_PAYER_ENDPOINT = 'http://127.0.0.1:9/fhir';

export interface Principal {
  label: string;
  /** A bearer token, or undefined for none. */
  token?: string;
  /** Practice B's users: they act on A's records. */
  otherPractice?: boolean;
}

export const PRACTICE_ROLE_COLUMNS: Role[] = ['ADMIN', 'CARE_MANAGER', 'PRACTITIONER', 'BILLING', 'COMPLIANCE_OFFICER'];
export const COLUMN_LABELS = [
  ...PRACTICE_ROLE_COLUMNS.map((role) => `A ${role}`),
  ...PRACTICE_ROLE_COLUMNS.map((role) => `B ${role}`),
  'PAYER submitted to',
  'PAYER not submitted to',
  'no token',
  'expired token',
  'token of another key',
  'alg none token',
];

export interface World {
  app: TestApp;
  a: SeededPractice;
  b: SeededPractice;
  /** Claim-ready March 2026, closed, submitted to payer-1. */
  p: string;
  /** Claim-ready March 2026, closed, not submitted. */
  r: string;
  /** A call of P. */
  pCall: string;
  /** A staff member registered in A only. */
  aOnlyStaff: string;
  /** An ADR about P's March claim, recorded and answered by A's billing staff; and a CDex Task about it from payer-1. */
  documentationRequest: string;
  cdexTask: string;
  /** A patient registered in A, not enrolled (an enrolment candidate). */
  candidate: string;
  /** An EHR import of A. */
  fhirImportId: string;
  /** An open task of P. */
  pTask: string;
  principals: Principal[];
}

const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

export async function claimReadyPatient(app: TestApp, practice: SeededPractice, payerId = 'payer-1'): Promise<string> {
  const { nurse, practitioner } = practice.tokens;
  const patientId = await seedEligiblePatient(app, practice, { payerId });
  await mutate(app, GIVE_CONSENT, consentInput(patientId), nurse);
  await mutate(app, CREATE_CARE_PLAN, carePlanInput(patientId), practitioner);
  await mutate(app, SHARE_CARE_PLAN, shareCarePlanInput(patientId), nurse);
  await mutate(app, LOG_CALL, callInput(patientId, { minutes: 25, source: 'LIVE_TIMER' }), nurse);
  return patientId;
}

const CREATE_TASK = `mutation($input: CreateTaskInput!) { createTask(input: $input) { id } }`;
const SCHEDULE_ON_CALL = `mutation($input: ScheduleOnCallInput!) { scheduleOnCall(input: $input) { id } }`;

/** An open task of the patient, created by the practice's care manager; returns its id. */
async function createTask(app: TestApp, practice: SeededPractice, patientId: string): Promise<string> {
  const taskId = randomUUID();
  await mutate(
    app,
    CREATE_TASK,
    { commandId: randomUUID(), taskId, patientId, kind: 'OUTREACH_CALL', title: 'Call back', dueOn: '2026-04-30' },
    practice.tokens.nurse,
  );
  return taskId;
}

export async function buildWorld(app: TestApp): Promise<World> {
  const a = await seedPractice(app);
  const b = await seedPractice(app);
  const p = await claimReadyPatient(app, a);
  const r = await claimReadyPatient(app, a);
  const call = callInput(p, { minutes: 5 });
  await mutate(app, LOG_CALL, call, a.tokens.nurse);
  // Enrolled in February, so that closing February (the closeBillingMonth row) answers a patient row: a read.
  await mutate(app, ENROLL_PATIENT, enrollInput(randomUUID(), { enrolledOn: '2026-02-01', medicareId: null }), a.tokens.admin);
  const aOnlyStaff = `ma-${randomUUID().slice(0, 8)}`;
  await mutate(
    app,
    `mutation($input: RegisterStaffMemberInput!) { registerStaffMember(input: $input) { id } }`,
    { commandId: randomUUID(), staffId: aOnlyStaff, name: 'Assistant Only-in-A', credential: 'MA' },
    a.tokens.admin,
  );
  await mutate(
    app,
    `mutation($input: CloseBillingMonthInput!) { closeBillingMonth(input: $input) { closed } }`,
    { commandId: randomUUID(), month: '2026-03' },
    a.tokens.billing,
  );
  await mutate(
    app,
    `mutation($input: SubmitClaimInput!) { submitClaim(input: $input) { status } }`,
    { commandId: randomUUID(), patientId: p, month: '2026-03', payerId: 'payer-1' },
    a.tokens.billing,
  );
  const candidate = randomUUID();
  await mutate(app, REGISTER_PATIENT, { commandId: randomUUID(), patientId: candidate, name: 'Ivy Candidate', birthDate: '1950-05-05' }, a.tokens.admin);
  const fhirImport = await fetch(`${app.url}/fhir/import`, {
    method: 'POST',
    headers: { 'content-type': 'application/fhir+ndjson', authorization: `Bearer ${a.tokens.admin}` },
    body: EHR_PATIENT_NDJSON,
  });
  const fhirImportId = ((await fhirImport.json()) as { id: string }).id;
  // A read of P, so that A's access log has an entry about P.
  await app.gql(`query($id: ID!) { patient(id: $id) { id } }`, { id: p }, a.tokens.nurse);
  const documentationRequest = await openAdr(app, a, p);
  await mutate(
    app,
    `mutation($input: RespondToDocumentationRequestInput!) { respondToDocumentationRequest(input: $input) { id } }`,
    { commandId: randomUUID(), requestId: documentationRequest },
    a.tokens.billing,
  );
  const task = await postCdexTask(app, await app.token({ sub: 'reviewer-1', roles: ['PAYER'], payerId: 'payer-1' }), p);
  const pTask = await createTask(app, a, p);
  // Dr A on call in A for the first week of April (onCallCoverage shows A's shifts to A only).
  await mutate(
    app,
    SCHEDULE_ON_CALL,
    {
      commandId: randomUUID(),
      shiftId: randomUUID(),
      staffId: STAFF.drA.staffId,
      from: '2026-04-01T00:00:00Z',
      to: '2026-04-08T00:00:00Z',
      phone: '+1 555 010 9999',
    },
    a.tokens.admin,
  );

  const roleToken = (practice: SeededPractice, role: Role) =>
    ({
      ADMIN: practice.tokens.admin,
      CARE_MANAGER: practice.tokens.nurse,
      PRACTITIONER: practice.tokens.practitioner,
      BILLING: practice.tokens.billing,
      COMPLIANCE_OFFICER: practice.tokens.compliance,
    })[role as string]!;
  const claims = { sub: 'admin-1', roles: ['ADMIN' as Role], practiceId: a.practiceId };
  const principals: Principal[] = [
    ...PRACTICE_ROLE_COLUMNS.map((role) => ({ label: `A ${role}`, token: roleToken(a, role) })),
    ...PRACTICE_ROLE_COLUMNS.map((role) => ({ label: `B ${role}`, token: roleToken(b, role), otherPractice: true })),
    { label: 'PAYER submitted to', token: await app.token({ sub: 'reviewer-1', roles: ['PAYER'], payerId: 'payer-1' }) },
    { label: 'PAYER not submitted to', token: await app.token({ sub: 'reviewer-2', roles: ['PAYER'], payerId: 'payer-2' }) },
    { label: 'no token' },
    { label: 'expired token', token: await app.token(claims, Math.floor(Date.now() / 1000) - 60) },
    { label: 'token of another key', token: await signDevToken(claims, 'another-secret-that-is-long-enough-too!!') },
    { label: 'alg none token', token: `${part({ alg: 'none', typ: 'JWT' })}.${part({ ...claims, sub: 'admin-1', exp: 9_999_999_999 })}.` },
  ];
  return { app, a, b, p, r, pCall: call.activityId, aOnlyStaff, documentationRequest, cdexTask: task, candidate, fhirImportId, pTask, principals };
}

/** An ADR about the patient's March claim to payer-1, received by fax, as A's billing staff record it. */
async function openAdr(app: TestApp, practice: SeededPractice, patientId: string): Promise<string> {
  const requestId = randomUUID();
  const input = {
    commandId: randomUUID(),
    requestId,
    trackingId: `ADR-${requestId.slice(0, 8)}`,
    patientId,
    month: '2026-03',
    payerId: 'payer-1',
    channel: 'FAX',
    requestedCodes: ['11506-3'],
    receivedAt: '2026-03-31T12:00:00Z',
  };
  await mutate(app, `mutation($input: OpenDocumentationRequestInput!) { openDocumentationRequest(input: $input) { id } }`, input, practice.tokens.billing);
  return requestId;
}

/** A CDex attachment request about the patient's March claim, posted by payer-1; its Task id. */
async function postCdexTask(app: TestApp, payerToken: string, patientId: string): Promise<string> {
  const response = await fetch(`${app.url}/fhir/Task`, {
    method: 'POST',
    headers: { 'content-type': 'application/fhir+json', authorization: `Bearer ${payerToken}` },
    body: JSON.stringify(cdexTask({ trackingId: `CDEX-${randomUUID()}`, memberId: testMedicareId(patientId), payerUrl: MATRIX_PAYER_ENDPOINT })),
  });
  const body = (await response.json()) as { id?: string };
  if (response.status !== 201) throw new Error(`CDex Task refused: ${response.status} ${JSON.stringify(body)}`);
  return body.id!;
}

const REGISTER_PATIENT = `mutation($input: RegisterPatientInput!) { registerPatient(input: $input) { id } }`;
/** One US Core Patient of an EHR export. */
const EHR_PATIENT_NDJSON = `${JSON.stringify({ resourceType: 'Patient', id: 'ehr-matrix-1', identifier: [{ system: 'urn:ehr:mrn', value: 'M-1' }], name: [{ family: 'Matrix', given: ['Mia'] }], birthDate: '1949-09-09' })}\n`;

// ---- Rows -----------------------------------------------------------------------------------------------------------

export interface CellContext {
  world: World;
  principal: Principal;
  /** Sent as X-Correlation-Id with the cell's own request (not with the row's set-up), so its access events are told apart. */
  correlationId: string;
  /** True when the table expects this cell to succeed: the row then prepares a fresh target (a new patient...). */
  expectsSuccess: boolean;
}

/** How one operation is sent; each row's key is the operation as the schema or the router names it. */
export interface Row {
  key: string;
  /** Sends it as `principal` and classifies the answer. */
  run(context: CellContext): Promise<Cell>;
  /** Mutations: a refused cell must not append anything. */
  writes?: boolean;
  /** Requests that cannot carry X-Correlation-Id (graphql-ws): every access event of the cell is its own. */
  uncorrelated?: boolean;
}

const classifyGraphQL = (response: GraphQLResponse, field: string): Cell => {
  if (response.errors?.length) return CODE_CELLS[String(response.errors[0].extensions?.code)] ?? `?${response.errors[0].extensions?.code}`;
  const value = response.data?.[field];
  return value === null || value === undefined ? 'nul' : 'OK';
};

/**
 * `reveals` tells, for a served answer, whether it holds practice A's data: an OK cell must (the answer is real), an
 * `own` cell must not (B's users see B's practice only). Rows without it classify a served answer as OK.
 */
function graphqlRow(
  kind: 'query' | 'mutation',
  field: string,
  request: (
    context: CellContext,
  ) => Promise<{ document: string; variables?: Record<string, unknown> }> | { document: string; variables?: Record<string, unknown> },
  reveals?: (value: any, context: CellContext) => boolean | Promise<boolean>,
): Row {
  return {
    key: `${kind} ${field}`,
    writes: kind === 'mutation',
    async run(context) {
      const { document, variables } = await request(context);
      const response = await context.world.app.gql(document, variables ?? {}, context.principal.token, { 'x-correlation-id': context.correlationId });
      const cell = classifyGraphQL(response, field);
      if (cell !== 'OK' || !reveals) return cell;
      return (await reveals(response.data![field], context)) ? 'OK' : 'own';
    },
  };
}

const query = (
  field: string,
  document: string,
  variables: (world: World) => Record<string, unknown> = () => ({}),
  reveals?: (value: any, context: CellContext) => boolean | Promise<boolean>,
) => graphqlRow('query', field, ({ world }) => ({ document, variables: variables(world) }), reveals);

/** A mutation whose input is built for the cell (fresh ids; a fresh target when the cell should succeed). */
const mutation = (
  field: string,
  type: string,
  selection: string,
  input: (context: CellContext) => Promise<object> | object,
  reveals?: (value: any, context: CellContext) => boolean | Promise<boolean>,
) =>
  graphqlRow(
    'mutation',
    field,
    async (context) => ({ document: `mutation($input: ${type}!) { ${field}(input: $input) ${selection} }`, variables: { input: await input(context) } }),
    reveals,
  );

function httpRow(path: string, url: (world: World) => string, reveals?: (body: string, world: World) => boolean): Row {
  return {
    key: `GET ${path}`,
    async run({ world, principal, correlationId }) {
      const headers: Record<string, string> = { 'x-correlation-id': correlationId, ...(principal.token ? { authorization: `Bearer ${principal.token}` } : {}) };
      const response = await fetch(`${world.app.url}${url(world)}`, { headers });
      const body = await response.text();
      const cell = STATUS_CELLS[response.status] ?? `?${response.status}`;
      if (response.status >= 400) {
        // Refusals carry the same stable code as GraphQL in a JSON body.
        const code = (JSON.parse(body) as { code?: string }).code;
        if (code === undefined || CODE_CELLS[code] !== cell) return `?${response.status}:${code}`;
      }
      if (cell !== 'OK' || !reveals) return cell;
      return reveals(body, world) ? 'OK' : 'own';
    },
  };
}

/** A FHIR route: refusals are OperationOutcomes whose issue carries the stable code (details.coding). */
function fhirRow(key: string, send: (context: CellContext, headers: Record<string, string>) => Promise<Response>): Row {
  return {
    key,
    writes: key.startsWith('POST '),
    async run(context) {
      const headers: Record<string, string> = {
        'x-correlation-id': context.correlationId,
        ...(context.principal.token ? { authorization: `Bearer ${context.principal.token}` } : {}),
      };
      const response = await send(context, headers);
      const body = (await response.json()) as { resourceType?: string; issue?: { details?: { coding?: { code?: string }[] } }[] };
      const cell = STATUS_CELLS[response.status] ?? `?${response.status}`;
      if (response.status >= 400) {
        const code = body.issue?.[0]?.details?.coding?.[0]?.code;
        if (body.resourceType !== 'OperationOutcome' || code === undefined) return `?${response.status}:not an OperationOutcome`;
        if (response.status !== 422 && CODE_CELLS[code] !== cell) return `?${response.status}:${code}`;
      }
      return cell;
    },
  };
}

/** A POST route with a body (a write: a refused call must append nothing). */
function postRow(path: string, contentType: string, body: () => string, reveals?: (body: string, world: World) => boolean): Row {
  return {
    key: `POST ${path}`,
    writes: true,
    async run({ world, principal, correlationId }) {
      const headers: Record<string, string> = {
        'x-correlation-id': correlationId,
        'content-type': contentType,
        ...(principal.token ? { authorization: `Bearer ${principal.token}` } : {}),
      };
      const response = await fetch(`${world.app.url}${path}`, { method: 'POST', headers, body: body() });
      const text = await response.text();
      const cell = STATUS_CELLS[response.status] ?? `?${response.status}`;
      if (response.status >= 400) {
        const code = (JSON.parse(text) as { code?: string }).code;
        if (code === undefined || CODE_CELLS[code] !== cell) return `?${response.status}:${code}`;
      }
      if (cell !== 'OK' || !reveals) return cell;
      return reveals(text, world) ? 'OK' : 'own';
    },
  };
}

function subscriptionRow(field: string, document: string, variables: (world: World) => Record<string, unknown>): Row {
  return {
    key: `subscription ${field}`,
    uncorrelated: true,
    async run({ world, principal }) {
      const client: Client = subscriptionClient(world.app, principal.token);
      try {
        const iterator = client.iterate<Record<string, unknown>>({ query: document, variables: variables(world) });
        try {
          const result = await nextResult(iterator, 5_000);
          await iterator.return?.();
          if (result.errors?.length) return CODE_CELLS[String(result.errors[0].extensions?.code)] ?? `?${result.errors[0].extensions?.code}`;
          return result.data?.[field] ? 'OK' : 'nul';
        } catch (error) {
          // A connection without a valid token is closed at once with 4403 (graphql-ws: Forbidden).
          if ((error as { code?: number }).code === 4403) return '401';
          if (Array.isArray(error)) return CODE_CELLS[String(error[0]?.extensions?.code)] ?? `?${error[0]?.extensions?.code}`;
          return `?${String((error as Error).message ?? error)}`;
        }
      } finally {
        await client.dispose();
      }
    },
  };
}

// Targets, created with A's own users when a cell is expected to succeed.
/**
 * worklistChanged pushes nothing until a row changes: the cell subscribes, then A's care manager logs a call for a
 * fresh patient of theirs. A's readers get that row; B's users, subscribed to their own practice, must get nothing.
 */
function worklistChangedRow(): Row {
  const document = `subscription { worklistChanged(month: "2026-04") { patient { id } countedMinutes } }`;
  return {
    key: 'subscription worklistChanged',
    uncorrelated: true,
    async run({ world, principal, expectsSuccess }) {
      const client: Client = subscriptionClient(world.app, principal.token);
      try {
        const iterator = client.iterate<{ worklistChanged: { patient: { id: string } } }>({ query: document });
        const first = nextResult(iterator, principal.otherPractice ? 2_500 : 8_000);
        // A refusal may arrive while the change is being made; it is read below.
        first.catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 300));
        if (principal.otherPractice) {
          // A changes while B listens; sent past GraphQL, so A's access log holds nothing of this cell.
          const nurse = { id: STAFF.rnB.staffId, roles: ['CARE_MANAGER' as Role], practiceId: world.a.practiceId };
          await world.app.app
            .get(PatientCommands)
            .execute('LogCall', callInput(world.p, { minutes: 1, startedAt: '2026-04-01T09:00:00-04:00' }) as never, nurse);
        } else if (expectsSuccess) {
          const patientId = await enrollFresh(world);
          await mutate(
            world.app,
            `mutation($input: AssignCareManagerInput!) { assignCareManager(input: $input) { id } }`,
            { commandId: randomUUID(), patientId, staffId: STAFF.rnB.staffId },
            world.a.tokens.admin,
          );
          await mutate(world.app, LOG_CALL, callInput(patientId, { minutes: 4, startedAt: '2026-04-01T09:00:00-04:00' }), world.a.tokens.nurse);
        }
        try {
          const result = await first;
          await iterator.return?.();
          if (result.errors?.length) return CODE_CELLS[String(result.errors[0].extensions?.code)] ?? `?${result.errors[0].extensions?.code}`;
          return result.data?.worklistChanged ? 'OK' : 'nul';
        } catch (error) {
          if ((error as { code?: number }).code === 4403) return '401';
          if (Array.isArray(error)) return CODE_CELLS[String(error[0]?.extensions?.code)] ?? `?${error[0]?.extensions?.code}`;
          // Nothing of A's came to B's subscriber: served, its own practice only.
          if (principal.otherPractice && /no subscription result/.test(String((error as Error).message))) return 'own';
          return `?${String((error as Error).message ?? error)}`;
        }
      } finally {
        await client.dispose();
      }
    },
  };
}

const enrollFresh = async (world: World) => {
  const id = randomUUID();
  await mutate(world.app, ENROLL_PATIENT, enrollInput(id), world.a.tokens.admin);
  return id;
};
const withCondition = async (world: World) => {
  const id = await enrollFresh(world);
  await mutate(world.app, RECORD_CHRONIC_CONDITION, conditionInput(id), world.a.tokens.nurse);
  return id;
};
const withConsent = async (world: World) => {
  const id = await enrollFresh(world);
  await mutate(world.app, GIVE_CONSENT, consentInput(id), world.a.tokens.nurse);
  return id;
};
const withPlan = async (world: World) => {
  const id = await enrollFresh(world);
  await mutate(world.app, CREATE_CARE_PLAN, carePlanInput(id), world.a.tokens.practitioner);
  return id;
};
const freshCall = async (world: World) => {
  const input = callInput(world.p, { minutes: 3 });
  await mutate(world.app, LOG_CALL, input, world.a.tokens.nurse);
  return input.activityId;
};
/** Dr A's time, documented by the nurse: it awaits Dr A's attestation. */
const callForDrA = async (world: World) => {
  const input = callInput(world.p, { minutes: 3, performedBy: STAFF.drA.staffId });
  await mutate(world.app, LOG_CALL, input, world.a.tokens.nurse);
  return input.activityId;
};
const registerFresh = async (world: World) => {
  const id = randomUUID();
  await mutate(world.app, REGISTER_PATIENT, { commandId: randomUUID(), patientId: id, name: 'Noah Fresh', birthDate: '1951-01-01' }, world.a.tokens.admin);
  return id;
};
const target = async (context: CellContext, fresh: (world: World) => Promise<string>) => (context.expectsSuccess ? fresh(context.world) : context.world.p);
const MEMBER_OF_P = '00000000-0000-4000-8000-00000000a11c';
const withMember = async (world: World) => {
  const id = await enrollFresh(world);
  await mutate(
    world.app,
    `mutation($input: AddCareTeamMemberInput!) { addCareTeamMember(input: $input) { id } }`,
    { commandId: randomUUID(), patientId: id, memberId: MEMBER_OF_P, role: 'CAREGIVER', name: 'Daughter' },
    world.a.tokens.nurse,
  );
  return id;
};
/** A fresh open task of P when the cell should succeed, else P's standing one. */
const taskTarget = async ({ world, expectsSuccess }: CellContext) => (expectsSuccess ? createTask(world.app, world.a, world.p) : world.pTask);
/** Distinct shifts and cadences per cell, so no two cells collide (same clinician, same settings). */
let cellSequence = 0;
const COVERAGE = `query($from: DateTime!, $to: DateTime!) { onCallCoverage(from: $from, to: $to) { shifts { id } } }`;

const ofA = (world: World) => world.a.practiceId;
const PATIENT = `query($id: ID!) { patient(id: $id) { id name } }`;

export function rows(): Row[] {
  return [
    // ---- Queries
    query('me', `{ me { id roles practiceId payerId } }`),
    query('practice', `{ practice { id name } }`, undefined, (value, { world }) => value.id === ofA(world)),
    query('staffMembers', `{ staffMembers { id } }`, undefined, (value: { id: string }[], { world }) => value.some((member) => member.id === world.aOnlyStaff)),
    query('patient', PATIENT, (world) => ({ id: world.p })),
    query('patients', `{ patients(first: 500) { edges { node { id } } } }`, undefined, (value, { world }) =>
      value.edges.some((edge: any) => edge.node.id === world.p),
    ),
    query('patientAsOf', `query($id: ID!, $at: DateTime!) { patientAsOf(id: $id, at: $at) { id name } }`, (world) => ({
      id: world.p,
      at: new Date().toISOString(),
    })),
    query('auditTrail', `query($id: ID!) { auditTrail(patientId: $id) { totalCount } }`, (world) => ({ id: world.p })),
    query('verifyAuditTrail', `query($id: ID!) { verifyAuditTrail(patientId: $id) { valid } }`, (world) => ({ id: world.p })),
    query('accessLog', `{ accessLog(first: 500) { edges { node { patientId } } } }`, undefined, (value, { world }) =>
      value.edges.some((edge: any) => edge.node.patientId === world.p),
    ),
    query('billingMonth', `{ billingMonth(month: "2026-03") { practiceId patients { patientId } } }`, undefined, (value, { world }) =>
      value.patients.some((row: any) => row.patientId === world.p),
    ),
    query('patientBillingMonth', `query($id: ID!) { patientBillingMonth(patientId: $id, month: "2026-03") { patientId status } }`, (world) => ({
      id: world.p,
    })),
    query('evidencePacket', `query($id: ID!) { evidencePacket(patientId: $id, month: "2026-03") { patientId signature } }`, (world) => ({ id: world.p })),
    query('evidenceSigningKey', `{ evidenceSigningKey { kty crv x kid } }`),
    query('submittedClaims', `{ submittedClaims(first: 50) { totalCount edges { node { patientId month } } } }`, undefined, (value, { world }) =>
      value.edges.some((edge: any) => edge.node.patientId === world.p),
    ),
    query('ledgerHead', `{ ledgerHead { treeSize checkpoint } }`),
    query('ledgerHeads', `{ ledgerHeads(first: 5) { totalCount edges { node { treeSize } } } }`),
    query('documentationRequests', `{ documentationRequests(first: 500) { edges { node { id patientId } } } }`, undefined, (value, { world }) =>
      value.edges.some((edge: any) => edge.node.id === world.documentationRequest),
    ),
    query('documentationRequest', `query($id: ID!) { documentationRequest(id: $id) { id patientId status } }`, (world) => ({ id: world.documentationRequest })),
    query('enrollmentCandidates', `{ enrollmentCandidates(first: 500) { edges { node { id enrollmentStatus riskLevel } } } }`, undefined, (value, { world }) =>
      value.edges.some((edge: any) => edge.node.id === world.candidate),
    ),
    query('fhirImport', `query($id: ID!) { fhirImport(id: $id) { id status } }`, (world) => ({ id: world.fhirImportId })),
    // Only A has a claim submitted in March.
    query(
      'programMetrics',
      `{ programMetrics(from: "2026-03", to: "2026-03") { months { month submitted } } }`,
      undefined,
      (value) => value.months[0].submitted > 0,
    ),
    query('worklist', `{ worklist(month: "2026-03", first: 500) { totalCount edges { node { patient { id } } } } }`, undefined, (value, { world }) =>
      value.edges.some((edge: any) => edge.node.patient.id === world.p),
    ),
    query('tasks', `{ tasks(first: 500) { edges { node { id patientId } } } }`, undefined, (value, { world }) =>
      value.edges.some((edge: any) => edge.node.id === world.pTask),
    ),
    query(
      'onCallCoverage',
      COVERAGE,
      () => ({ from: '2026-04-01T00:00:00Z', to: '2026-04-02T00:00:00Z' }),
      (value) => value.shifts.length > 0,
    ),
    query('outreachCadences', `{ outreachCadences { program openOnDay } }`),

    // ---- Mutations
    mutation(
      'configurePractice',
      'ConfigurePracticeInput',
      '{ id }',
      () => ({ commandId: randomUUID(), name: 'Maple Family Medicine', timeZone: 'America/New_York', npi: '1234567893', taxId: '12-3456789' }),
      (value, { world }) => value.id === ofA(world),
    ),
    mutation(
      'registerStaffMember',
      'RegisterStaffMemberInput',
      '{ id }',
      () => ({ commandId: randomUUID(), staffId: `ma-${randomUUID().slice(0, 8)}`, name: 'New Assistant', credential: 'MA' }),
      async (value, { world }) => {
        const staff = await world.app.gql(`{ staffMembers { id } }`, {}, world.a.tokens.admin);
        return staff.data!.staffMembers.some((member: { id: string }) => member.id === value.id);
      },
    ),
    mutation('deactivateStaffMember', 'DeactivateStaffMemberInput', '{ id active }', async ({ world, expectsSuccess }) => {
      let staffId = world.aOnlyStaff;
      if (expectsSuccess) {
        staffId = `ma-${randomUUID().slice(0, 8)}`;
        await mutate(
          world.app,
          `mutation($input: RegisterStaffMemberInput!) { registerStaffMember(input: $input) { id } }`,
          { commandId: randomUUID(), staffId, name: 'Leaving Assistant', credential: 'MA' },
          world.a.tokens.admin,
        );
      }
      return { commandId: randomUUID(), staffId, reason: 'left the practice' };
    }),
    mutation(
      'enrollPatient',
      'EnrollPatientInput',
      '{ id practiceId }',
      () => enrollInput(randomUUID()),
      (value, { world }) => value.practiceId === ofA(world),
    ),
    mutation('changeBillingPractitioner', 'ChangeBillingPractitionerInput', '{ id billingPractitionerId }', async (context) => ({
      commandId: randomUUID(),
      patientId: await target(context, enrollFresh),
      billingPractitionerId: STAFF.npC.staffId,
      reason: 'Patient moved to Casey',
    })),
    mutation('recordChronicCondition', 'RecordChronicConditionInput', '{ id }', async (context) =>
      conditionInput(await target(context, enrollFresh), { icd10: 'J44.9', description: 'COPD' }),
    ),
    mutation('resolveChronicCondition', 'ResolveChronicConditionInput', '{ id }', async (context) => ({
      commandId: randomUUID(),
      patientId: await target(context, withCondition),
      icd10: 'E11.9',
      reason: 'Resolved',
    })),
    mutation('recordInitiatingVisit', 'RecordInitiatingVisitInput', '{ id }', async (context) => initiatingVisitInput(await target(context, enrollFresh))),
    mutation('recordExternalService', 'RecordExternalServiceInput', '{ id }', async (context) => externalServiceInput(await target(context, enrollFresh))),
    mutation('giveConsent', 'GiveConsentInput', '{ id }', async (context) => consentInput(await target(context, enrollFresh))),
    mutation('revokeConsent', 'RevokeConsentInput', '{ id }', async (context) => ({
      commandId: randomUUID(),
      patientId: await target(context, withConsent),
      revokedAt: '2026-03-25T10:00:00-04:00',
      reason: 'Patient asked to stop',
    })),
    mutation('createCarePlan', 'CreateCarePlanInput', '{ id }', async (context) => carePlanInput(await target(context, enrollFresh))),
    mutation('reviseCarePlan', 'ReviseCarePlanInput', '{ id }', async (context) => ({
      commandId: randomUUID(),
      patientId: await target(context, withPlan),
      expectedVersion: 1,
      substantial: false,
      goals: ['Walk daily'],
      reason: 'Review',
      effectiveAt: '2026-03-20T10:00:00-04:00',
    })),
    mutation('shareCarePlanWithPatient', 'ShareCarePlanInput', '{ id }', async (context) => shareCarePlanInput(await target(context, withPlan))),
    mutation('logCall', 'LogCallInput', '{ id }', ({ world }) => callInput(world.p, { minutes: 2 })),
    mutation('correctCall', 'CorrectCallInput', '{ id }', async ({ world, expectsSuccess }) => ({
      commandId: randomUUID(),
      patientId: world.p,
      activityId: expectsSuccess ? await freshCall(world) : world.pCall,
      minutes: 4,
      reason: 'Timer',
    })),
    mutation('voidCall', 'VoidCallInput', '{ id }', async ({ world, expectsSuccess }) => ({
      commandId: randomUUID(),
      patientId: world.p,
      activityId: expectsSuccess ? await freshCall(world) : world.pCall,
      reason: 'Wrong patient',
    })),
    mutation('attestCareActivity', 'AttestCareActivityInput', '{ id }', async ({ world, expectsSuccess }) => ({
      commandId: randomUUID(),
      patientId: world.p,
      activityId: expectsSuccess ? await callForDrA(world) : world.pCall,
    })),
    mutation('reconcileMedications', 'ReconcileMedicationsInput', '{ id }', ({ world }) => reconcileInput(world.p)),
    mutation(
      'closeBillingMonth',
      'CloseBillingMonthInput',
      '{ practiceId closed }',
      () => ({ commandId: randomUUID(), month: '2026-02' }),
      (value, { world }) => value.practiceId === ofA(world),
    ),
    mutation(
      'registerPatient',
      'RegisterPatientInput',
      '{ id practiceId }',
      () => ({ commandId: randomUUID(), patientId: randomUUID(), name: 'Ruth Register', birthDate: '1947-07-07' }),
      (value, { world }) => value.practiceId === ofA(world),
    ),
    mutation('recordCoverageVerification', 'RecordCoverageVerificationInput', '{ id }', async (context) => ({
      commandId: randomUUID(),
      patientId: await target(context, registerFresh),
      verifiedAt: '2026-03-20T10:00:00-04:00',
      source: 'HETS 270/271',
      partB: true,
      qmb: false,
    })),
    mutation('declineEnrollment', 'DeclineEnrollmentInput', '{ id }', async (context) => ({
      commandId: randomUUID(),
      patientId: context.expectsSuccess ? await registerFresh(context.world) : context.world.candidate,
      declinedAt: '2026-03-20T10:00:00-04:00',
      reason: 'NOT_INTERESTED',
    })),
    mutation('unenrollPatient', 'UnenrollPatientInput', '{ id }', async (context) => ({
      commandId: randomUUID(),
      patientId: await target(context, enrollFresh),
      effectiveOn: '2026-03-20',
      reason: 'MOVED',
    })),
    mutation('submitClaim', 'SubmitClaimInput', '{ patientId status }', ({ world }) => ({
      commandId: randomUUID(),
      patientId: world.r,
      month: '2026-03',
      payerId: 'payer-1',
    })),
    // PORTAL: the one channel both staff and payers record.
    mutation('openDocumentationRequest', 'OpenDocumentationRequestInput', '{ id patientId }', ({ world }) => {
      const requestId = randomUUID();
      return {
        commandId: randomUUID(),
        requestId,
        trackingId: `PORTAL-${requestId.slice(0, 8)}`,
        patientId: world.p,
        month: '2026-03',
        payerId: 'payer-1',
        channel: 'PORTAL',
        requestedCodes: ['11506-3'],
        receivedAt: '2026-03-31T12:00:00Z',
      };
    }),
    mutation('respondToDocumentationRequest', 'RespondToDocumentationRequestInput', '{ id patientId status }', async ({ world, expectsSuccess }) => ({
      commandId: randomUUID(),
      requestId: expectsSuccess ? await openAdr(world.app, world.a, world.p) : world.documentationRequest,
    })),
    mutation('assignCareManager', 'AssignCareManagerInput', '{ id }', async (context) => ({
      commandId: randomUUID(),
      patientId: await target(context, enrollFresh),
      staffId: STAFF.rnB.staffId,
    })),
    mutation('addCareTeamMember', 'AddCareTeamMemberInput', '{ id }', async (context) => ({
      commandId: randomUUID(),
      patientId: await target(context, enrollFresh),
      memberId: randomUUID(),
      role: 'PHARMACIST',
      name: 'Pat Pharmacist',
      phone: '+1 555 010 2000',
    })),
    mutation('removeCareTeamMember', 'RemoveCareTeamMemberInput', '{ id }', async (context) => ({
      commandId: randomUUID(),
      patientId: await target(context, withMember),
      memberId: MEMBER_OF_P,
      reason: 'No longer involved',
    })),
    mutation('createTask', 'CreateTaskInput', '{ id }', ({ world }) => ({
      commandId: randomUUID(),
      taskId: randomUUID(),
      patientId: world.p,
      kind: 'OTHER',
      title: 'Check in',
      dueOn: '2026-04-30',
    })),
    mutation('assignTask', 'AssignTaskInput', '{ id }', async (context) => ({
      commandId: randomUUID(),
      taskId: await taskTarget(context),
      assigneeId: STAFF.npC.staffId,
    })),
    mutation('completeTask', 'CompleteTaskInput', '{ id }', async (context) => ({ commandId: randomUUID(), taskId: await taskTarget(context) })),
    mutation('cancelTask', 'CancelTaskInput', '{ id }', async (context) => ({
      commandId: randomUUID(),
      taskId: await taskTarget(context),
      reason: 'Not needed',
    })),
    mutation(
      'scheduleOnCall',
      'ScheduleOnCallInput',
      '{ id from to }',
      () => {
        const from = new Date(Date.UTC(2026, 5, 1) + cellSequence++ * 3_600_000).toISOString();
        return {
          commandId: randomUUID(),
          shiftId: randomUUID(),
          staffId: STAFF.drA.staffId,
          from,
          to: new Date(Date.parse(from) + 3_600_000).toISOString(),
          phone: '+1 555 010 9999',
        };
      },
      async (value, { world }) => {
        const coverage = await world.app.gql(COVERAGE, { from: value.from, to: value.to }, world.a.tokens.admin);
        return coverage.data!.onCallCoverage.shifts.some((shift: { id: string }) => shift.id === value.id);
      },
    ),
    mutation(
      'configureOutreachCadence',
      'ConfigureOutreachCadenceInput',
      '{ program openOnDay dueAfterDays }',
      () => ({ commandId: randomUUID(), program: 'APCM', openOnDay: 2 + (cellSequence % 27), dueAfterDays: cellSequence++ % 28 }),
      async (value, { world }) => {
        const cadences = (await world.app.gql('{ outreachCadences { program openOnDay dueAfterDays } }', {}, world.a.tokens.admin)).data!.outreachCadences;
        return cadences.some(
          (cadence: { program: string; openOnDay: number; dueAfterDays: number }) =>
            cadence.program === value.program && cadence.openOnDay === value.openOnDay && cadence.dueAfterDays === value.dueAfterDays,
        );
      },
    ),

    // ---- Subscriptions
    worklistChangedRow(),
    subscriptionRow(
      'billingProgress',
      `subscription($id: ID!) { billingProgress(patientId: $id, month: "2026-03") { patientId clinicalStaffMinutes } }`,
      (world) => ({ id: world.p }),
    ),

    // ---- HTTP routes
    httpRow(
      '/exports/claims/:month.csv',
      () => '/exports/claims/2026-03.csv',
      (body, world) => body.includes(world.p),
    ),
    httpRow('/exports/audit/:patientId.ndjson', (world) => `/exports/audit/${world.p}.ndjson`),
    httpRow(
      '/exports/billing/:month.ndjson',
      () => '/exports/billing/2026-03.ndjson',
      (body, world) => body.includes(world.p),
    ),
    httpRow('/exports/evidence/:patientId/:month.pdf', (world) => `/exports/evidence/${world.p}/2026-03.pdf`),
    httpRow('/evidence/jwks.json', () => '/evidence/jwks.json'),
    httpRow('/health', () => '/health'),
    httpRow('/console/dev-identities', () => '/console/dev-identities'),
    httpRow('/ledger/checkpoint', () => '/ledger/checkpoint'),
    httpRow('/ledger/proof/consistency', () => '/ledger/proof/consistency?from=1&to=1'),
    httpRow('/exports/documentation-requests/:requestId.pdf', (world) => `/exports/documentation-requests/${world.documentationRequest}.pdf`),
    fhirRow('POST /fhir/Task', ({ world }, headers) =>
      fetch(`${world.app.url}/fhir/Task`, {
        method: 'POST',
        headers: { 'content-type': 'application/fhir+json', ...headers },
        body: JSON.stringify(cdexTask({ trackingId: `CDEX-${randomUUID()}`, memberId: testMedicareId(world.p), payerUrl: MATRIX_PAYER_ENDPOINT })),
      }),
    ),
    fhirRow('GET /fhir/Task/:id', ({ world }, headers) => fetch(`${world.app.url}/fhir/Task/${world.cdexTask}`, { headers })),
    httpRow(
      '/exports/program-metrics.csv',
      () => '/exports/program-metrics.csv?from=2026-03&to=2026-03',
      (body) => body.split('\r\n')[1].split(',')[10] !== '0',
    ),
    postRow(
      '/fhir/import',
      'application/fhir+ndjson',
      () => EHR_PATIENT_NDJSON,
      (body, world) => (JSON.parse(body) as { unchanged: number }).unchanged === 1 && world.fhirImportId !== undefined,
    ),
  ];
}

/** Routes the HTTP server answers (Express's router), as `GET /path`: every one needs a row. */
export function httpRoutes(app: TestApp): string[] {
  const router = (app.app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } }).router;
  return router.stack
    .filter((layer) => layer.route)
    .flatMap((layer) => Object.keys(layer.route!.methods).map((method) => `${method.toUpperCase()} ${layer.route!.path}`))
    .filter((route) => !route.endsWith(' /graphql'));
}

/** Events appended since `since`, the access log's background writes aside. */
export async function writesSince(app: TestApp, since: Position | undefined) {
  const store = app.app.get<EventStore>(EVENT_STORE);
  // The ledger signs heads in the background too (after a month close or claim, and every few minutes).
  return (await store.readAll({ fromPosition: since ?? 'start' })).filter(
    (event) => event.position !== since && !isAccessLogStream(event.streamId) && event.streamId !== LEDGER_HEADS_STREAM,
  );
}

/** The access events a cell caused: flushed, appended since `since`, and (unless the row is uncorrelated) its own. */
export async function accessEventsSince(app: TestApp, since: Position | undefined, row: Row, correlationId: string) {
  await app.app.get(AccessLogRecorder).flush();
  const store = app.app.get<EventStore>(EVENT_STORE);
  const events = await store.readAll({ fromPosition: since ?? 'start' });
  return events.filter(
    (event) => event.position !== since && isAccessLogStream(event.streamId) && (row.uncorrelated || event.metadata.correlationId === correlationId),
  );
}

export async function logHead(app: TestApp): Promise<Position | undefined> {
  return (await app.app.get<EventStore>(EVENT_STORE).readAll({ direction: 'backwards', maxCount: 1 }))[0]?.position;
}
