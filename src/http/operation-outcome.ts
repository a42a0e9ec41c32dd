/** FHIR routes (`/fhir/*`) answer errors as an OperationOutcome (architecture decision 17), never `{code, message}`. */
export const FHIR_ROUTE_PREFIX = '/fhir/';

const ISSUE_CODE: Record<number, string> = {
  400: 'invalid',
  401: 'login',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  412: 'business-rule',
  413: 'too-costly',
  422: 'business-rule',
  503: 'transient',
};

/**
 * One error as an R4 OperationOutcome: `issue.code` from the HTTP status, the stable CareLedger code in
 * `details.coding`, the message (never patient data) in `diagnostics`, and where in the request (`expression`).
 */
export function operationOutcome(status: number, code: string, message: string, expression?: string) {
  return {
    resourceType: 'OperationOutcome' as const,
    issue: [
      {
        severity: 'error' as const,
        code: ISSUE_CODE[status] ?? 'exception',
        details: { coding: [{ system: 'urn:careledger:error-code', code }], text: message },
        diagnostics: message,
        ...(expression ? { expression: [expression] } : {}),
      },
    ],
  };
}
