import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { LOGGER } from '../../config/logger';

export interface DeliveryOutcome {
  /** null when the payer accepted the submission. */
  failure: string | null;
  httpStatus: number | null;
  attempts: number;
}

/** Worth another attempt: no answer at all, the payer busy or failing; a 4xx other than 408/429 will not change. */
const retryable = (status: number | null) => status === null || status === 408 || status === 429 || status >= 500;

/**
 * POSTs a `$submit-attachment` to a payer's endpoint, with a timeout per attempt and retries with a growing pause.
 * Only endpoints configured in PAYER_ENDPOINTS are ever called (the caller passes the configured one), and
 * redirects are not followed, so no request can make CareLedger call an address of someone else's choosing.
 * Nothing of the body is logged.
 */
@Injectable()
export class PayerDelivery {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The configured endpoint of a payer, or undefined: the only URL documentation may go to. */
  endpointOf(payerId: string): string | undefined {
    return this.config.payerEndpoints.get(payerId);
  }

  async submitAttachment(endpoint: string, parameters: object): Promise<DeliveryOutcome> {
    const { timeoutMs, attempts } = this.config.payerDelivery;
    const body = JSON.stringify(parameters);
    let last: { status: number | null; reason: string } = { status: null, reason: 'not attempted' };
    let made = 0;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      made = attempt;
      try {
        const response = await fetch(`${endpoint}/$submit-attachment`, {
          method: 'POST',
          headers: { 'content-type': 'application/fhir+json', accept: 'application/fhir+json' },
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
        await response.arrayBuffer().catch(() => undefined);
        if (response.ok) return { failure: null, httpStatus: response.status, attempts: attempt };
        last = {
          status: response.status,
          reason: response.status >= 300 && response.status < 400 ? `HTTP ${response.status} (redirects are not followed)` : `HTTP ${response.status}`,
        };
      } catch (error) {
        last = { status: null, reason: (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : 'connection failed' };
      }
      this.logger.warn({ endpoint, attempt, status: last.status, reason: last.reason }, 'payer endpoint did not accept the submission');
      if (!retryable(last.status)) break;
      if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
    return { failure: last.reason, httpStatus: last.status, attempts: made };
  }
}
