import { HttpException } from '@nestjs/common';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { AppendTooLarge, EventStoreUnavailable } from '../event-store/errors';
import { DomainError, type ErrorCode } from '../kernel/domain-error';

const CLIENT_CODES = new Set<string>(['UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'PRECONDITION_FAILED']);
const GRAPHQL_INPUT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * graphql-js echoes rejected values: a variable's ("got invalid value ..."), a literal's ('Expected value of type
 * "Date!", found "..."'), a scalar's ("String cannot represent a non string value: ...") and an enum's ('Value "..."
 * does not exist in "Program" enum'). Such a value may be PHI typed into the wrong field, so drop it.
 */
const withoutEchoedValues = (message: string) =>
  message
    // Up to the last separator: the echoed value may itself hold "; " (graphql-js escapes the quotes inside it).
    .replace(/got invalid value [\s\S]* at "([^"]*)"; /, 'got an invalid value at "$1"; ')
    .replace(/got invalid value [\s\S]*; /, 'got an invalid value; ')
    .replace(/^(Expected value of type "[^"]+"), found [\s\S]*; ((?:DateTime|Date|YearMonth) must be an? [^;"]*)$/, '$1; $2')
    .replace(/^(Expected value of type "[^"]+"), found [\s\S]*$/, '$1.')
    .replace(/(cannot represent [^:;]*?value)(: [\s\S]*)?$/, '$1')
    .replace(/Value "[\s\S]*" does not exist in ("\w+" enum\.)[\s\S]*$/, 'The value does not exist in $1');

/**
 * graphql-js suggests names ("Did you mean "medicareId"?") in validation and variable-coercion messages. Apollo's
 * hideSchemaDetailsFromClientErrors drops them from validation errors only; in production they go from every message,
 * since without introspection they would still reveal the schema field by field.
 */
const withoutSuggestions = (message: string) => message.replace(/ ?Did you mean [^?]*\?/g, '');

export interface GraphQLErrorFormatOptions {
  /** Production: no "Did you mean …?" in any message. */
  hideSuggestions?: boolean;
}

/**
 * Codes beyond the contract's: SERVICE_UNAVAILABLE (the event store could not be reached; a write may or may not have
 * landed, and retrying with the same commandId completes it exactly once), PAYLOAD_TOO_LARGE (the event store refused
 * the write as above its event or append size limit; nothing landed) and RATE_LIMITED (src/http/rate-limit.ts,
 * answered before GraphQL runs).
 */
type ResponseCode = ErrorCode | 'SERVICE_UNAVAILABLE' | 'PAYLOAD_TOO_LARGE';

const format = (code: ResponseCode, message: string, error: GraphQLFormattedError, extra?: object): GraphQLFormattedError => ({
  message,
  locations: error.locations,
  path: error.path,
  extensions: { code, ...extra },
});

/**
 * Every error leaves with a stable extensions.code and no stack trace or internals. Unexpected errors are
 * logged with their id (never with request data) and answered as INTERNAL_SERVER_ERROR.
 */
export function formatGraphQLError(logger: Logger, options: GraphQLErrorFormatOptions = {}) {
  const clientMessage = (message: string) => (options.hideSuggestions ? withoutSuggestions(withoutEchoedValues(message)) : withoutEchoedValues(message));
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = (error as { originalError?: unknown })?.originalError ?? error;
    if (original instanceof DomainError) return format(original.code, original.message, formatted, original.details);
    if (original instanceof EventStoreUnavailable) {
      logger.warn({ err: { type: original.name, message: original.message }, path: formatted.path }, 'event store unavailable');
      return format('SERVICE_UNAVAILABLE', 'The event store is unavailable; retry the request (with the same commandId for a mutation)', formatted, {
        retryable: true,
      });
    }
    if (original instanceof AppendTooLarge) {
      // Nothing was written, and the same request can never fit: not retryable, unlike SERVICE_UNAVAILABLE.
      return format('PAYLOAD_TOO_LARGE', `The record is larger than the event store accepts (its ${original.limit} size limit); nothing was saved`, formatted, {
        limit: original.limit,
      });
    }
    if (original instanceof HttpException) {
      const response = original.getResponse() as { message?: string | string[] } | string;
      const messages = typeof response === 'string' ? [response] : ([] as string[]).concat(response.message ?? original.message);
      const status = original.getStatus();
      const code: ErrorCode =
        status === 401
          ? 'UNAUTHENTICATED'
          : status === 403
            ? 'FORBIDDEN'
            : status === 404
              ? 'NOT_FOUND'
              : status < 500
                ? 'BAD_USER_INPUT'
                : 'INTERNAL_SERVER_ERROR';
      if (code !== 'INTERNAL_SERVER_ERROR') return format(code, messages.join('; '), formatted);
    }
    const code = String(formatted.extensions?.code ?? '');
    if (CLIENT_CODES.has(code)) return format(code as ErrorCode, clientMessage(formatted.message), formatted);
    if (GRAPHQL_INPUT_CODES.has(code)) return format('BAD_USER_INPUT', clientMessage(formatted.message), formatted);
    const errorId = crypto.randomUUID();
    logger.error(
      { errorId, err: original instanceof Error ? { type: original.name, message: original.message, stack: original.stack } : undefined, path: formatted.path },
      'unexpected error',
    );
    return format('INTERNAL_SERVER_ERROR', `Internal server error (id ${errorId})`, formatted);
  };
}
