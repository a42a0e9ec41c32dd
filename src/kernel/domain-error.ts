import type { RefusalReason } from './refusal-reasons';

/** Stable error codes of the API contract; every error a client sees carries one. */
export type ErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'PRECONDITION_FAILED' | 'INTERNAL_SERVER_ERROR';

/**
 * An expected refusal: bad input, a rule of the domain, a missing record, a lost race.
 * Messages are shown to the client, so they name fields and rules, never patient data.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: Exclude<ErrorCode, 'INTERNAL_SERVER_ERROR'>,
    message: string,
    readonly details?: { field?: string; reason?: RefusalReason },
  ) {
    super(message);
  }
}

export const badInput = (field: string, message: string) => new DomainError('BAD_USER_INPUT', `${field}: ${message}`, { field });
export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what} not found`);
export const preconditionFailed = (reason: RefusalReason, message: string) => new DomainError('PRECONDITION_FAILED', message, { reason });
export const forbidden = (message = 'Your role does not allow this operation') => new DomainError('FORBIDDEN', message);
export const unauthenticated = (message = 'A valid bearer token is required') => new DomainError('UNAUTHENTICATED', message);
