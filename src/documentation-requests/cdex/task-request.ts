import { isAcceptedInstant, isValidDate } from '../../kernel/calendar';
import { isMedicareBeneficiaryId, normalizeMedicareId } from '../../patients/clinical-codes';
import { isValidNpi } from '../../practice/staff-credential';
import { CDEX } from './cdex-codes';

// A posted Task is untrusted JSON: every field read from it is checked where it is read.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

/** A Task CareLedger cannot take as a CDex attachment request: answered 400 with the reason as an OperationOutcome. */
export class MalformedTask extends Error {
  override readonly name = 'MalformedTask';
  constructor(
    readonly expression: string,
    message: string,
  ) {
    super(message);
  }
}

/** What a CDex attachment request asks, as CareLedger needs it. */
export interface AttachmentRequest {
  trackingId: string;
  memberId: string;
  providerNpi: string | null;
  dueAt: string;
  requestedCodes: string[];
  payerUrl: string;
  serviceDate: string;
  signatureRequired: boolean;
  purposeOfUse: string | null;
  /** Task.reasonReference identifier: the claim, when the payer names it. */
  claimId: string | null;
}

/** The largest Task accepted: requests are a handful of inputs; the Task is stored whole with the request. */
export const MAX_TASK_BYTES = 64 * 1024;

const fail = (expression: string, message: string): never => {
  throw new MalformedTask(expression, message);
};

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const codings = (concept: unknown): Json[] => (isObject(concept) && Array.isArray(concept.coding) ? concept.coding.filter(isObject) : []);
const hasCode = (concept: unknown, system: string, code: string) => codings(concept).some((coding) => coding.system === system && coding.code === code);

function contained(task: Json, reference: unknown, resourceType: string, expression: string): Json {
  const ref = isObject(reference) ? reference.reference : undefined;
  if (typeof ref !== 'string' || !ref.startsWith('#')) fail(expression, `${expression} must reference a contained ${resourceType} (#id)`);
  const found = (Array.isArray(task.contained) ? task.contained : []).find(
    (item: unknown) => isObject(item) && item.resourceType === resourceType && item.id === ref.slice(1),
  );
  return found ?? fail(expression, `${expression} names no contained ${resourceType} ${ref}`);
}

function inputsOf(task: Json, code: string): Json[] {
  return (Array.isArray(task.input) ? task.input : []).filter((input: unknown) => isObject(input) && hasCode(input.type, CDEX.temp, code));
}

function single(task: Json, code: string, valueKey: string, required: true): unknown;
function single(task: Json, code: string, valueKey: string, required: false): unknown | undefined;
function single(task: Json, code: string, valueKey: string, required: boolean): unknown {
  const found = inputsOf(task, code);
  if (found.length > 1) fail(`Task.input:${code}`, `Task.input ${code} must appear once`);
  if (found.length === 0) return required ? fail(`Task.input:${code}`, `Task.input ${code} is required`) : undefined;
  const value = found[0][valueKey];
  return value === undefined ? fail(`Task.input:${code}`, `Task.input ${code} must carry ${valueKey}`) : value;
}

/**
 * Reads a CDex attachment request (profile cdex-task-attachment-request, code attachment-request-code): the
 * contained Patient's Medicare id, the contained PractitionerRole's NPI, the tracking id, the due date, the LOINC
 * codes asked for and the inputs PayerUrl, ServiceDate, signature flag and purpose of use. Anything else about the
 * Task is kept as posted but not interpreted.
 */
export function parseAttachmentRequest(body: unknown): AttachmentRequest {
  if (!isObject(body) || body.resourceType !== 'Task') return fail('Task', 'the body must be a FHIR Task (application/fhir+json)');
  const task = body;
  if (!hasCode(task.code, CDEX.temp, CDEX.attachmentRequestCode)) fail('Task.code', `Task.code must be ${CDEX.temp}#${CDEX.attachmentRequestCode}`);
  if (task.status !== 'requested') fail('Task.status', 'a new attachment request has status requested');

  const tracking = (Array.isArray(task.identifier) ? task.identifier : []).find(
    (identifier: unknown) => isObject(identifier) && hasCode(identifier.type, CDEX.hrexTemp, CDEX.trackingId),
  );
  const trackingId =
    isObject(tracking) && typeof tracking.value === 'string'
      ? tracking.value
      : fail('Task.identifier', 'Task.identifier must carry the payer tracking id (type tracking-id)');
  if (!/^[\x21-\x7e](?:[\x20-\x7e]{0,98}[\x21-\x7e])?$/.test(trackingId)) fail('Task.identifier', 'the tracking id must be 1 to 100 printable characters');

  const patient = contained(task, task.for, 'Patient', 'Task.for');
  const member = (Array.isArray(patient.identifier) ? patient.identifier : []).find(
    (identifier: unknown) => isObject(identifier) && typeof identifier.value === 'string' && isMedicareBeneficiaryId(identifier.value),
  );
  const memberId = isObject(member)
    ? normalizeMedicareId(member.value)
    : fail('Task.contained.Patient.identifier', 'the contained Patient must carry the member id (a Medicare Beneficiary Identifier)');

  const role = contained(task, task.owner, 'PractitionerRole', 'Task.owner');
  const npi = [role.practitioner?.identifier, role.organization?.identifier, ...(Array.isArray(role.identifier) ? role.identifier : [])].find(
    (identifier) => isObject(identifier) && identifier.system === 'http://hl7.org/fhir/sid/us-npi',
  );
  const providerNpi = isObject(npi) ? String(npi.value) : null;
  if (providerNpi !== null && !isValidNpi(providerNpi)) fail('Task.owner', 'the PractitionerRole NPI is not a valid NPI');

  const end = isObject(task.restriction) && isObject(task.restriction.period) ? task.restriction.period.end : undefined;
  const due = typeof end === 'string' ? new Date(end) : null;
  if (!due || Number.isNaN(due.getTime()) || !isAcceptedInstant(due) || !/T/.test(end))
    fail('Task.restriction.period.end', 'Task.restriction.period.end (when the answer is due) must be a date-time');

  const requestedCodes = inputsOf(task, CDEX.inputs.attachmentsNeeded).flatMap((input) =>
    codings(input.valueCodeableConcept)
      .filter((coding) => coding.system === 'http://loinc.org')
      .map((coding) => String(coding.code)),
  );
  if (requestedCodes.length === 0) fail('Task.input:attachments-needed', 'Task.input attachments-needed must name at least one LOINC code');

  const payerUrl = single(task, CDEX.inputs.payerUrl, 'valueUrl', true);
  if (typeof payerUrl !== 'string') fail('Task.input:payer-url', 'payer-url must be a URL');
  const serviceDate = single(task, CDEX.inputs.serviceDate, 'valueDate', true);
  if (typeof serviceDate !== 'string' || !isValidDate(serviceDate)) fail('Task.input:service-date', 'service-date must be a date');
  const signature = single(task, CDEX.inputs.signatureFlag, 'valueBoolean', false);
  if (signature !== undefined && typeof signature !== 'boolean') fail('Task.input:signature-flag', 'signature-flag must be a boolean');
  const purpose = single(task, CDEX.inputs.purposeOfUse, 'valueCodeableConcept', false);
  const claim = isObject(task.reasonReference) && isObject(task.reasonReference.identifier) ? task.reasonReference.identifier.value : undefined;

  return {
    trackingId,
    memberId,
    providerNpi,
    dueAt: due!.toISOString(),
    requestedCodes: [...new Set(requestedCodes)],
    payerUrl: payerUrl as string,
    serviceDate: serviceDate as string,
    signatureRequired: signature === true,
    purposeOfUse: purpose === undefined ? null : (codings(purpose)[0]?.code ?? null),
    claimId: typeof claim === 'string' ? claim.replace(/^urn:uuid:/, '') : null,
  };
}
