/** Injected wherever "now" matters, so tests can pin time and domain code never calls Date.now() itself. */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');
export const systemClock: Clock = { now: () => new Date() };
