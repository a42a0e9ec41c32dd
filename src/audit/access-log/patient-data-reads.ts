import { normalizePatientId } from '../patient-stream';

/**
 * Every operation that reads patient data, and how the patients it read are found. The access-log interceptor
 * consults this table for every GraphQL field and HTTP route, so logging a new read is one line here, not an edit
 * of its resolver. Keys are GraphQL coordinates (`Type.field`) or HTTP routes (`METHOD /path` as declared).
 */

/** What an intercepted call offers: its arguments (route params for HTTP), the parent object, and its result. */
export interface InterceptedRead {
  args: Record<string, unknown>;
  parent: unknown;
  result: unknown;
}

/**
 * The ids of the patients whose data the call returned; [] for a read of no particular patient; null when nothing
 * was returned (a null patient, an empty list), which is not logged.
 */
export type PatientsRead = (read: InterceptedRead) => string[] | null;

const idIn = (args: Record<string, unknown>, name: string) => normalizePatientId(String(args[name]));
const argument =
  (name: string): PatientsRead =>
  ({ args, result }) =>
    result === null || result === undefined ? null : [idIn(args, name)];
/** Mutations answer with the record they changed (a replay of a commandId answers it as it is now): a read too. */
const inputPatient: PatientsRead = ({ args, result }) =>
  result === null || result === undefined ? null : [normalizePatientId(String((args.input as { patientId: unknown }).patientId))];
const optionalArgument =
  (name: string): PatientsRead =>
  ({ args }) =>
    args[name] ? [idIn(args, name)] : [];
/** A field whose patients the operation that reached it has logged: nothing more to log. */
const loggedByParent: PatientsRead = () => null;
/** Operations answering one record that names its patient (`patientId`). */
const resultPatient: PatientsRead = ({ result }) =>
  result === null || result === undefined ? null : [normalizePatientId(String((result as { patientId: unknown }).patientId))];
/** HTTP downloads stream their body themselves; a handler that completed without an error served the data. */
const routeParameter =
  (name: string): PatientsRead =>
  ({ args }) => [idIn(args, name)];
/** Fields of a Patient (its parent object) read that patient's data, whatever they return. */
const parentPatient: PatientsRead = ({ parent }) => [String((parent as { id: unknown }).id)];
/** List reads: the patient id of every item returned. */
const listed =
  <Result, Item>(items: (result: Result | undefined) => readonly Item[] | undefined, idOf: (item: Item) => unknown): PatientsRead =>
  ({ result }) => {
    const ids = (items(result as Result | undefined) ?? []).map((item) => String(idOf(item)));
    return ids.length > 0 ? [...new Set(ids)] : null;
  };

export const PATIENT_DATA_READS: ReadonlyMap<string, PatientsRead> = new Map([
  ['Query.patient', argument('id')],
  [
    'Query.patients',
    listed(
      (connection: { edges: { node: { id: string } }[] } | undefined) => connection?.edges,
      (edge) => edge.node.id,
    ),
  ],
  ['Query.patientAsOf', argument('id')],
  ['Patient.activities', parentPatient],
  ['Query.auditTrail', argument('patientId')],
  ['Query.verifyAuditTrail', argument('patientId')],
  // Reading who read a patient is itself logged; an unfiltered read is logged without a patient.
  ['Query.accessLog', optionalArgument('patientId')],
  [
    'Query.billingMonth',
    listed(
      (month: { patients: { patientId: string }[] } | undefined) => month?.patients,
      (row) => row.patientId,
    ),
  ],
  // A page of the month's patients: Query.billingMonth, its parent, has logged every patient of the month already.
  ['BillingMonth.patients', loggedByParent],
  ['Query.patientBillingMonth', argument('patientId')],
  ['Query.evidencePacket', argument('patientId')],
  [
    'Query.submittedClaims',
    listed(
      (connection: { edges: { node: { patientId: string } }[] } | undefined) => connection?.edges,
      (edge) => edge.node.patientId,
    ),
  ],
  // Subscriptions are logged when they start (each push is the same read of the same patient, kept up to date).
  ['Subscription.billingProgress', argument('patientId')],
  ['Mutation.enrollPatient', inputPatient],
  ['Mutation.changeBillingPractitioner', inputPatient],
  ['Mutation.recordChronicCondition', inputPatient],
  ['Mutation.resolveChronicCondition', inputPatient],
  ['Mutation.recordInitiatingVisit', inputPatient],
  ['Mutation.recordExternalService', inputPatient],
  ['Mutation.giveConsent', inputPatient],
  ['Mutation.revokeConsent', inputPatient],
  ['Mutation.createCarePlan', inputPatient],
  ['Mutation.reviseCarePlan', inputPatient],
  ['Mutation.shareCarePlanWithPatient', inputPatient],
  ['Mutation.logCall', inputPatient],
  ['Mutation.correctCall', inputPatient],
  ['Mutation.voidCall', inputPatient],
  ['Mutation.attestCareActivity', inputPatient],
  ['Mutation.reconcileMedications', inputPatient],
  [
    'Mutation.closeBillingMonth',
    listed(
      (month: { patients: { patientId: string }[] } | undefined) => month?.patients,
      (row) => row.patientId,
    ),
  ],
  ['Mutation.submitClaim', inputPatient],
  // Running the program (issue 14)
  ['Patient.openTasks', parentPatient],
  ['Patient.careManager', parentPatient],
  ['Patient.careManagerHistory', parentPatient],
  ['Patient.careTeam', parentPatient],
  [
    'Query.worklist',
    listed(
      (connection: { edges: { node: { patient: { id: string } } }[] } | undefined) => connection?.edges,
      (edge) => edge.node.patient.id,
    ),
  ],
  // Logged when it starts, as a read of the caller's worklist (no one patient); each row pushed is logged as a read
  // of its patient by WorklistChanges (a push is not a resolver call this table could see).
  ['Subscription.worklistChanged', () => []],
  [
    'Query.tasks',
    listed(
      (connection: { edges: { node: { patientId: string } }[] } | undefined) => connection?.edges,
      (edge) => edge.node.patientId,
    ),
  ],
  ['Mutation.assignCareManager', inputPatient],
  ['Mutation.addCareTeamMember', inputPatient],
  ['Mutation.removeCareTeamMember', inputPatient],
  ['Mutation.createTask', inputPatient],
  [
    'Mutation.assignTask',
    listed(
      (task: { patientId: string } | undefined) => (task ? [task] : []),
      (task) => task.patientId,
    ),
  ],
  [
    'Mutation.completeTask',
    listed(
      (task: { patientId: string } | undefined) => (task ? [task] : []),
      (task) => task.patientId,
    ),
  ],
  [
    'Mutation.cancelTask',
    listed(
      (task: { patientId: string } | undefined) => (task ? [task] : []),
      (task) => task.patientId,
    ),
  ],
  ['GET /exports/audit/:patientId.ndjson', routeParameter('patientId')],
  ['GET /exports/evidence/:patientId/:month.pdf', routeParameter('patientId')],
  [
    'GET /exports/claims/:month.csv',
    listed(
      (file: { patientIds: string[] } | undefined) => file?.patientIds,
      (id) => id,
    ),
  ],
  [
    'GET /exports/billing/:month.ndjson',
    listed(
      (file: { patientIds: string[] } | undefined) => file?.patientIds,
      (id) => id,
    ),
  ],
  // Payers' documentation requests: each names its patient (and carries the signed documentation once answered).
  [
    'Query.documentationRequests',
    listed(
      (connection: { edges: { node: { patientId: string } }[] } | undefined) => connection?.edges,
      (edge) => edge.node.patientId,
    ),
  ],
  ['Query.documentationRequest', resultPatient],
  [
    'BillingMonth.documentationRequestsOpen',
    listed(
      (requests: { patientId: string }[] | undefined) => requests,
      (request) => request.patientId,
    ),
  ],
  ['Mutation.openDocumentationRequest', resultPatient],
  ['Mutation.respondToDocumentationRequest', resultPatient],
  [
    'POST /fhir/Task',
    listed(
      (file: { patientIds: string[] } | undefined) => file?.patientIds,
      (id) => id,
    ),
  ],
  [
    'GET /fhir/Task/:id',
    listed(
      (file: { patientIds: string[] } | undefined) => file?.patientIds,
      (id) => id,
    ),
  ],
  [
    'GET /exports/documentation-requests/:requestId.pdf',
    listed(
      (file: { patientIds: string[] } | undefined) => file?.patientIds,
      (id) => id,
    ),
  ],
  // Enrolment (issue #15).
  [
    'Query.enrollmentCandidates',
    listed(
      (connection: { edges: { node: { id: string } }[] } | undefined) => connection?.edges,
      (edge) => edge.node.id,
    ),
  ],
  ['Patient.riskLevel', parentPatient],
  ['Patient.riskReasons', parentPatient],
  ['Patient.enrollment', parentPatient],
  ['Patient.registeredOn', parentPatient],
  ['Mutation.registerPatient', inputPatient],
  ['Mutation.recordCoverageVerification', inputPatient],
  ['Mutation.declineEnrollment', inputPatient],
  ['Mutation.unenrollPatient', inputPatient],
]);

const ROOT_TYPE = /^(Query|Mutation|Subscription)\./;

/** The name an auditor sees: the root field for operations (`auditTrail`, `logCall`), the coordinate or route otherwise. */
export const operationName = (key: string) => key.replace(ROOT_TYPE, '');
