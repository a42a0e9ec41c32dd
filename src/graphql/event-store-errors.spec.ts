import pino from 'pino';
import { AppendTooLarge, EventStoreUnavailable } from '../event-store/errors';
import { formatGraphQLError } from './errors';

describe('event store refusals as GraphQL errors', () => {
  const format = formatGraphQLError(pino({ level: 'silent' }));
  const formatted = { message: 'raw', path: ['closeBillingMonth'] };

  it('an append too large for the store is PAYLOAD_TOO_LARGE, not retryable, and names no stream', () => {
    const error = format(formatted, { originalError: new AppendTooLarge('billing-p1-2026-03', 'event', 16_000_000) });
    expect(error.extensions).toEqual({ code: 'PAYLOAD_TOO_LARGE', limit: 'event' });
    expect(error.message).toMatch(/nothing was saved/);
    expect(error.message).not.toMatch(/billing-p1/);
  });

  it('an unreachable store stays SERVICE_UNAVAILABLE and retryable', () => {
    const error = format(formatted, { originalError: new EventStoreUnavailable('down') });
    expect(error.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', retryable: true });
  });
});
