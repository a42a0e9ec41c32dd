import express, { type NextFunction, type Request, type Response } from 'express';
import { FHIR_ROUTE_PREFIX, operationOutcome } from './operation-outcome';

/** The EHR intake route (src/enrolment/fhir-import), whose body is read as a stream. */
const FHIR_IMPORT_PATH = '/fhir/import';

/** The request's media type without parameters, lower case ('' when none is given). */
const mediaType = (request: Request) => (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();

/** What body-parser attaches to the errors it raises. */
interface BodyParserError {
  type?: string;
  status?: number;
}

const MESSAGES: Record<string, string> = {
  'entity.too.large': 'The request body is too large',
  'entity.parse.failed': 'The request body is not valid JSON',
  'encoding.unsupported': 'The request body has an unsupported content encoding',
  'charset.unsupported': 'The request body has an unsupported charset',
  'request.aborted': 'The request was aborted',
  'request.size.invalid': 'The request body does not match its Content-Length',
};

/**
 * The JSON body parser with a bounded size, and its refusals answered cleanly: the status body-parser chose (413
 * for a body over the limit, 400 for invalid JSON) with the stable code BAD_USER_INPUT, in GraphQL's error shape
 * on /graphql and as `{code, message}` elsewhere. The messages are fixed: JSON.parse's own ones quote the body,
 * which may hold patient data.
 */
export function jsonBody(limitBytes: number) {
  // FHIR clients send application/fhir+json (CDex Tasks on /fhir/Task); the EHR import reads its own body as a stream
  // (a Bundle of many megabytes, or NDJSON), so it is left unparsed here.
  const parsed = (request: Request) => {
    const type = mediaType(request);
    return type === 'application/json' || (type === 'application/fhir+json' && !request.path.startsWith(FHIR_IMPORT_PATH));
  };
  const parse = express.json({ limit: limitBytes, type: (request) => parsed(request as Request) });
  const refuse = (error: unknown, request: Request, response: Response, next: NextFunction) => {
    const { type, status } = (error ?? {}) as BodyParserError;
    if (!type || !status || status >= 500) return next(error);
    const message =
      type === 'entity.too.large' ? `The request body is larger than ${limitBytes} bytes` : (MESSAGES[type] ?? 'The request body could not be read');
    const extensions = { code: 'BAD_USER_INPUT' };
    if (request.path.startsWith(FHIR_ROUTE_PREFIX))
      return void response
        .status(status)
        .type('application/fhir+json')
        .send(JSON.stringify(operationOutcome(status, extensions.code, message)));
    response.status(status).json(request.path.startsWith('/graphql') ? { errors: [{ message, extensions }] } : { ...extensions, message });
  };
  return [parse, refuse] as const;
}
