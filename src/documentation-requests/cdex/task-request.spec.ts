import { cdexTask } from '../../../test/support/cdex-fixtures';
import { MalformedTask, parseAttachmentRequest } from './task-request';

const PAYER_URL = 'https://payer-x.example/fhir';
const task = () => cdexTask({ trackingId: 'CDEX-1', memberId: '1EG4-TE5-MK73', payerUrl: PAYER_URL });

function refusal(body: unknown): string {
  try {
    parseAttachmentRequest(body);
  } catch (error) {
    if (error instanceof MalformedTask) return error.expression;
    throw error;
  }
  return 'accepted';
}

describe('reading a Da Vinci CDex attachment request (cdex-task-attachment-request)', () => {
  it('reads member, provider NPI, tracking id, due date, LOINC codes and the inputs', () => {
    expect(parseAttachmentRequest({ ...task(), reasonReference: { identifier: { value: 'urn:uuid:0c6b7f1e-3a7c-4d1e-9f3b-3b9e2f0c1a2d' } } })).toEqual({
      trackingId: 'CDEX-1',
      memberId: '1EG4TE5MK73',
      providerNpi: '1234567893',
      dueAt: '2026-05-10T03:59:59.000Z',
      requestedCodes: ['11506-3', '34133-9'],
      payerUrl: PAYER_URL,
      serviceDate: '2026-03-31',
      signatureRequired: true,
      purposeOfUse: 'COVERAGE',
      claimId: '0c6b7f1e-3a7c-4d1e-9f3b-3b9e2f0c1a2d',
    });
  });

  const without = (mutate: (body: Record<string, any>) => void) => {
    const body = task();
    mutate(body);
    return body;
  };

  it.each([
    ['not a Task', { resourceType: 'Patient' }, 'Task'],
    ['not JSON object', 'Task', 'Task'],
    ['another Task code', without((body) => (body.code.coding[0].code = 'attachment-request-questionnaire')), 'Task.code'],
    ['a Task already completed', without((body) => (body.status = 'completed')), 'Task.status'],
    ['no tracking id', without((body) => (body.identifier = [])), 'Task.identifier'],
    ['a tracking id with a line break', without((body) => (body.identifier[0].value = 'A\nB')), 'Task.identifier'],
    ['Task.for not a contained Patient', without((body) => (body.for = { reference: 'Patient/123' })), 'Task.for'],
    ['no member id', without((body) => (body.contained[0].identifier = [{ value: 'not-an-mbi' }])), 'Task.contained.Patient.identifier'],
    ['an invalid NPI', without((body) => (body.contained[1].practitioner.identifier.value = '1234567890')), 'Task.owner'],
    ['no due date', without((body) => delete body.restriction), 'Task.restriction.period.end'],
    ['a due date without a time', without((body) => (body.restriction.period.end = '2026-05-09')), 'Task.restriction.period.end'],
    [
      'no LOINC code',
      without((body) => (body.input = body.input.filter((input: any) => input.type.coding[0].code !== 'attachments-needed'))),
      'Task.input:attachments-needed',
    ],
    ['no payer-url', without((body) => (body.input = body.input.filter((input: any) => input.type.coding[0].code !== 'payer-url'))), 'Task.input:payer-url'],
    ['two payer-urls', without((body) => body.input.push(body.input.find((input: any) => input.type.coding[0].code === 'payer-url'))), 'Task.input:payer-url'],
    [
      'a service date that is no date',
      without((body) => (body.input.find((input: any) => input.type.coding[0].code === 'service-date').valueDate = '2026-02-30')),
      'Task.input:service-date',
    ],
    [
      'a signature flag that is not boolean',
      without((body) => (body.input.find((input: any) => input.type.coding[0].code === 'signature-flag').valueBoolean = 'yes')),
      'Task.input:signature-flag',
    ],
  ])('refuses %s (400 naming where)', (_case, body, expression) => {
    expect(refusal(body)).toBe(expression);
  });
});
