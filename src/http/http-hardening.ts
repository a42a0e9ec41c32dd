import type { NestExpressApplication } from '@nestjs/platform-express';
import { TokenVerifier } from '../auth/token-verifier';
import type { AppConfig } from '../config/config';
import { ExpectedErrorsFilter } from './expected-errors.filter';
import { jsonBody } from './json-body';
import { rateLimit } from './rate-limit';
import { securityHeaders } from './security-headers';

/**
 * The HTTP layer in front of every route, in order: security headers on every response, the per-token rate limit
 * (before any body is read), then the bounded JSON body parser. CORS is configured where the application is
 * created (closed unless CORS_ORIGINS lists origins). Refusals (DomainError) and store outages are answered without
 * being logged as faults (ExpectedErrorsFilter).
 */
export function hardenHttp(app: NestExpressApplication, config: AppConfig): void {
  app.disable('x-powered-by');
  app.use(securityHeaders(config.production));
  if (config.rateLimitPerMinute > 0) {
    const verifier = app.get(TokenVerifier);
    app.use(rateLimit({ perMinute: config.rateLimitPerMinute, verify: (authorization) => verifier.verify(authorization) }));
  }
  const [parse, refuse] = jsonBody(config.graphql.bodyLimitBytes);
  app.use(parse, refuse);
  app.useGlobalFilters(new ExpectedErrorsFilter());
}
