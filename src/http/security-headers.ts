import type { NextFunction, Request, Response } from 'express';

/**
 * Headers every HTTP response carries (GraphQL, exports, health), written here rather than with a dependency:
 * - the browser must not sniff types, frame the API or send a referrer from it;
 * - HSTS always: browsers ignore it over plain HTTP, and behind TLS it is what keeps them there;
 * - responses hold patient data, so no cache (browser or proxy) keeps them: Cache-Control no-store.
 * The content security policy forbids everything in production; outside production the GraphQL IDE must still run
 * (its page carries its own policy, src/graphiql), so there it only forbids framing.
 */
export function securityHeaders(production: boolean) {
  const contentSecurityPolicy = production ? "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'" : "frame-ancestors 'none'";
  return (_request: Request, response: Response, next: NextFunction) => {
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('X-Frame-Options', 'DENY');
    response.setHeader('Content-Security-Policy', contentSecurityPolicy);
    response.setHeader('Referrer-Policy', 'no-referrer');
    response.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Pragma', 'no-cache');
    response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    next();
  };
}
