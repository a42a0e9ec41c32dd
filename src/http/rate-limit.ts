import type { NextFunction, Request, Response } from 'express';
import type { Actor } from '../auth/actor';

export type RateVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Buckets left untouched this long are full again and forgotten, so memory follows the active callers only. */
const SWEEP_INTERVAL_MS = 60_000;

/**
 * In-memory token buckets: each key may spend `perMinute` requests at once and regains them evenly over a minute.
 * One process's view only; with several API instances each enforces the limit for the traffic it receives.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly refillPerMs: number;
  private lastSweep: number;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!Number.isInteger(perMinute) || perMinute < 1) throw new Error(`Invalid rate limit ${perMinute}`);
    this.refillPerMs = perMinute / 60_000;
    this.lastSweep = now();
  }

  take(key: string): RateVerdict {
    const now = this.now();
    if (now - this.lastSweep > SWEEP_INTERVAL_MS) this.sweep(now);
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, updatedAt: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.updatedAt) * this.refillPerMs);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.refillPerMs / 1000)) };
  }

  /** Keys currently tracked (tests check that idle callers are forgotten). */
  get size(): number {
    return this.buckets.size;
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.updatedAt) * this.refillPerMs >= this.perMinute) this.buckets.delete(key);
    }
  }
}

/** The bucket of a caller: the verified token's subject with its practice (or payer). */
export const actorKey = (actor: Actor) => `actor:${actor.id}|${actor.practiceId ?? ''}|${actor.payerId ?? ''}`;

export interface RateLimitOptions {
  perMinute: number;
  /** Resolves the caller of a bearer token, rejecting an invalid one (the app's TokenVerifier). */
  verify: (authorization: string | undefined) => Promise<Actor>;
  now?: () => number;
}

/**
 * Express middleware: every request but health probes and CORS preflights spends a token of its caller's bucket.
 * The key is the token's verified identity, so a forged token cannot drain someone else's bucket; requests without
 * a valid token share one bucket per client address (they are refused anyway, this bounds how fast). Over the
 * limit: 429 with Retry-After and the stable code RATE_LIMITED, in GraphQL's error shape on /graphql and as
 * `{code, message}` (like the other HTTP routes' errors) elsewhere.
 */
export function rateLimit(options: RateLimitOptions) {
  const buckets = new TokenBuckets(options.perMinute, options.now);
  return async (request: Request, response: Response, next: NextFunction) => {
    if (request.method === 'OPTIONS' || request.path === '/health') return next();
    let key: string;
    try {
      key = actorKey(await options.verify(request.headers.authorization));
    } catch {
      key = `address:${request.socket.remoteAddress ?? 'unknown'}`;
    }
    const verdict = buckets.take(key);
    if (verdict.allowed) return next();
    const message = `Too many requests: at most ${options.perMinute} a minute; retry in ${verdict.retryAfterSeconds} s`;
    const extensions = { code: 'RATE_LIMITED', retryAfterSeconds: verdict.retryAfterSeconds };
    response.status(429).setHeader('Retry-After', String(verdict.retryAfterSeconds));
    response.json(request.path.startsWith('/graphql') ? { errors: [{ message, extensions }] } : { ...extensions, message });
  };
}
