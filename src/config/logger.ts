import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';

/**
 * Structured logs (pino). PHI never goes into logs: the code logs ids, operation names and error codes only,
 * and these redactions are a second line of defence for any field that slips through.
 */
const PHI_KEYS = ['name', 'birthDate', 'medicareId', 'summary', 'notes', 'reason', 'description', 'variables', 'input', 'data', 'authorization', 'token'];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'careledger' },
      redact: { paths: [...PHI_KEYS, ...PHI_KEYS.map((key) => `*.${key}`)], censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  );
}

/** Lets Nest's own messages go through the same structured logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}

export const LOGGER = Symbol('LOGGER');
