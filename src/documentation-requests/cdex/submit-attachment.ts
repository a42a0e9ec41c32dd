import { createHash } from 'node:crypto';
import { SYSTEMS } from '../../evidence/fhir/code-systems';
import { fhirString } from '../../evidence/fhir/fhir-strings';
import type { CdexRequestDetails } from '../documentation-request.events';

/** Who answers and for whom, as the $submit-attachment parameters name them. */
export interface SubmissionParties {
  trackingId: string;
  payerId: string;
  /** The practice's group NPI, or the billing practitioner's when it has none. */
  organizationNpi: string;
  /** The rendering provider the payer addressed (the Task's PractitionerRole), else the billing practitioner. */
  providerNpi: string;
  requestedCodes: readonly string[];
  cdex: Pick<CdexRequestDetails, 'memberId' | 'serviceDate'>;
}

/** R4 Attachment.hash is the SHA-1 of the data, base64. */
const sha1 = (bytes: Buffer) => createHash('sha1').update(bytes).digest('base64');

/**
 * The Parameters of Da Vinci CDex `$submit-attachment` answering an attachment request: the tracking id, what it is
 * attached to (a claim), the payer, the organisation and provider by NPI, the member, the service date, and one
 * Attachment per requested LOINC code whose Content is a DocumentReference carrying the signed FHIR document.
 */
export function submitAttachmentParameters(parties: SubmissionParties, signedDocumentJson: string, signedAt: string) {
  const data = Buffer.from(signedDocumentJson, 'utf8');
  const identifier = (system: string, value: string) => ({ system, value });
  return {
    resourceType: 'Parameters' as const,
    parameter: [
      { name: 'TrackingId', valueIdentifier: identifier('urn:careledger:payer-tracking-id', parties.trackingId) },
      { name: 'AttachTo', valueCode: 'claim' },
      { name: 'PayerId', valueIdentifier: identifier('urn:careledger:payer-id', parties.payerId) },
      { name: 'OrganizationId', valueIdentifier: identifier(SYSTEMS.npi, parties.organizationNpi) },
      { name: 'ProviderId', valueIdentifier: identifier(SYSTEMS.npi, parties.providerNpi) },
      { name: 'MemberId', valueIdentifier: identifier(SYSTEMS.mbi, parties.cdex.memberId) },
      { name: 'ServiceDate', valueDate: parties.cdex.serviceDate },
      ...parties.requestedCodes.map((code) => ({
        name: 'Attachment',
        part: [
          { name: 'Code', valueCodeableConcept: { coding: [{ system: SYSTEMS.loinc, code }] } },
          {
            name: 'Content',
            resource: {
              resourceType: 'DocumentReference' as const,
              status: 'current' as const,
              type: { coding: [{ system: SYSTEMS.loinc, code }] },
              subject: { identifier: identifier(SYSTEMS.mbi, parties.cdex.memberId) },
              date: signedAt,
              description: fhirString(`Chronic care management documentation answering ${parties.trackingId}, signed FHIR document`),
              content: [
                {
                  attachment: { contentType: 'application/fhir+json', data: data.toString('base64'), hash: sha1(data), size: data.length, creation: signedAt },
                },
              ],
            },
          },
        ],
      })),
    ],
  };
}
