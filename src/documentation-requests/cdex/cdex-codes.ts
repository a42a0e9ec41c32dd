/** Code systems and codes of Da Vinci CDex (STU 2.1) and HRex that attachment requests and answers use. */
export const CDEX = {
  temp: 'http://hl7.org/fhir/us/davinci-cdex/CodeSystem/cdex-temp',
  hrexTemp: 'http://hl7.org/fhir/us/davinci-hrex/CodeSystem/hrex-temp',
  /** Task.code of a coded attachment request. */
  attachmentRequestCode: 'attachment-request-code',
  /** Task.identifier type of the payer's tracking id. */
  trackingId: 'tracking-id',
  /** Task.input types (by code; the system is cdex-temp). */
  inputs: {
    attachmentsNeeded: 'attachments-needed',
    payerUrl: 'payer-url',
    serviceDate: 'service-date',
    signatureFlag: 'signature-flag',
    purposeOfUse: 'purpose-of-use',
  },
  /** Task.output type of the answer CareLedger sent. */
  outputAttachments: 'attachments',
} as const;
