/** Da Vinci CDex requests as payers send them, for the documentation-request tests. */
type Json = Record<string, any>;

/** A CDex attachment request (cdex-task-attachment-request) as a payer posts it. */
export function cdexTask(options: { trackingId: string; memberId: string; payerUrl: string; serviceDate?: string; codes?: string[]; due?: string }): Json {
  const temp = 'http://hl7.org/fhir/us/davinci-cdex/CodeSystem/cdex-temp';
  const input = (code: string, value: Json) => ({ type: { coding: [{ system: temp, code }] }, ...value });
  return {
    resourceType: 'Task',
    meta: { profile: ['http://hl7.org/fhir/us/davinci-cdex/StructureDefinition/cdex-task-attachment-request'] },
    contained: [
      {
        resourceType: 'Patient',
        id: 'patient',
        identifier: [
          {
            type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MB' }] },
            system: 'http://payer.example/member',
            value: options.memberId,
          },
        ],
      },
      {
        resourceType: 'PractitionerRole',
        id: 'practitionerrole',
        practitioner: { identifier: { system: 'http://hl7.org/fhir/sid/us-npi', value: '1234567893' } },
      },
    ],
    identifier: [
      {
        type: { coding: [{ system: 'http://hl7.org/fhir/us/davinci-hrex/CodeSystem/hrex-temp', code: 'tracking-id' }] },
        system: 'http://payer.example/tracking',
        value: options.trackingId,
      },
    ],
    status: 'requested',
    intent: 'order',
    code: { coding: [{ system: temp, code: 'attachment-request-code' }] },
    for: { reference: '#patient' },
    owner: { reference: '#practitionerrole' },
    authoredOn: '2026-04-09T12:00:00Z',
    restriction: { period: { end: options.due ?? '2026-05-09T23:59:59-04:00' } },
    input: [
      ...(options.codes ?? ['11506-3', '34133-9']).map((code) =>
        input('attachments-needed', { valueCodeableConcept: { coding: [{ system: 'http://loinc.org', code }] } }),
      ),
      input('payer-url', { valueUrl: options.payerUrl }),
      input('service-date', { valueDate: options.serviceDate ?? '2026-03-31' }),
      input('signature-flag', { valueBoolean: true }),
      input('purpose-of-use', { valueCodeableConcept: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'COVERAGE' }] } }),
    ],
  };
}
