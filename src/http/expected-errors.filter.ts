import { Catch, NotFoundException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { AppendTooLarge, EventStoreUnavailable } from '../event-store/errors';
import { DomainError, type ErrorCode } from '../kernel/domain-error';

const STATUS: Record<Exclude<ErrorCode, 'INTERNAL_SERVER_ERROR'>, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
};

/**
 * Global filter for the errors that are answers, not faults: a DomainError (bad input, a rule, a refusal) and
 * EventStoreUnavailable (retry later). Without it Nest logs each of them at error level with its message, so every
 * user mistake would page an operator. GraphQL operations rethrow them untouched for Apollo's formatError (which
 * gives each its stable code); HTTP routes answer them with a status and `{code, message}` (routes with their own
 * filter keep it). Anything else still goes to Nest's handler: logged, and answered without internals.
 * AppendTooLarge (a write the event store can never take; nothing landed) is answered 413 the same way, and a
 * route the router does not know 404 in the same shape (Nest's default body names neither code nor the project).
 */
@Catch(DomainError, EventStoreUnavailable, AppendTooLarge, NotFoundException)
export class ExpectedErrorsFilter implements ExceptionFilter {
  catch(error: DomainError | EventStoreUnavailable | AppendTooLarge | NotFoundException, host: ArgumentsHost) {
    if (host.getType<string>() !== 'http') throw error;
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    if (error instanceof NotFoundException) {
      // The path is not echoed: it may carry an id or text the caller typed.
      response.status(404).json({ code: 'NOT_FOUND', message: 'There is no such route' });
    } else if (error instanceof DomainError) {
      response.status(STATUS[error.code]).json({ code: error.code, message: error.message });
    } else if (error instanceof AppendTooLarge) {
      response.status(413).json({ code: 'PAYLOAD_TOO_LARGE', message: 'The record is larger than the event store accepts; nothing was saved' });
    } else {
      response.status(503).setHeader('Retry-After', '1');
      response.json({ code: 'SERVICE_UNAVAILABLE', message: 'The event store is unavailable; retry the request', retryable: true });
    }
  }
}
