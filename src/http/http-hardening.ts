import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Server } from 'node:http';
import { TokenVerifier } from '../auth/token-verifier';
import type { AppConfig } from '../config/config';
import { ExpectedErrorsFilter } from './expected-errors.filter';
import { jsonBody } from './json-body';
import { rateLimit } from './rate-limit';
import { securityHeaders } from './security-headers';

/** Node checks the timeouts below every this often (its default, 30 s, would let a stalled client stay that much longer). */
const TIMEOUT_CHECK_INTERVAL_MS = 1000;

/**
 * Bounds how long a client may take to send a request (HTTP_HEADERS_TIMEOUT_MS, HTTP_REQUEST_TIMEOUT_MS): past it
 * Node answers 408 and closes the connection. Set before listening, when Node starts its checks. Upgraded
 * connections (graphql-ws) are no longer requests and are not affected.
 */
function boundRequestTimes(server: Server & { connectionsCheckingInterval?: number }, timeouts: AppConfig['httpTimeouts']): void {
  server.headersTimeout = Math.min(timeouts.headersMs, timeouts.requestMs);
  server.requestTimeout = timeouts.requestMs;
  server.connectionsCheckingInterval = Math.min(TIMEOUT_CHECK_INTERVAL_MS, server.headersTimeout);
}

/**
 * The HTTP layer in front of every route: bounded request times, then in order security headers on every response,
 * the per-token rate limit (before any body is read), then the bounded JSON body parser. CORS is configured where the
 * application is created (closed unless CORS_ORIGINS lists origins). Refusals (DomainError) and store outages are answered without
 * being logged as faults (ExpectedErrorsFilter).
 */
export function hardenHttp(app: NestExpressApplication, config: AppConfig): void {
  app.disable('x-powered-by');
  boundRequestTimes(app.getHttpServer() as Server, config.httpTimeouts);
  app.use(securityHeaders(config.production));
  if (config.rateLimitPerMinute > 0) {
    const verifier = app.get(TokenVerifier);
    app.use(rateLimit({ perMinute: config.rateLimitPerMinute, verify: (authorization) => verifier.verify(authorization) }));
  }
  const [parse, refuse] = jsonBody(config.graphql.bodyLimitBytes);
  app.use(parse, refuse);
  app.useGlobalFilters(new ExpectedErrorsFilter());
}
