import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, type ErrorCode } from '../../kernel/domain-error';

const STATUS: Record<Exclude<ErrorCode, 'INTERNAL_SERVER_ERROR'>, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
};

/**
 * HTTP routes answer DomainErrors (the auth guard's included) with their status and the same stable code as GraphQL,
 * instead of Nest's default 500 for an unknown exception.
 */
@Catch(DomainError)
export class DomainErrorHttpFilter implements ExceptionFilter {
  catch(error: DomainError, host: ArgumentsHost) {
    host.switchToHttp().getResponse<Response>().status(STATUS[error.code]).json({ code: error.code, message: error.message });
  }
}
