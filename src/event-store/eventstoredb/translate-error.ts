import {
  CancelledError,
  DeadlineExceededError,
  NotLeaderError,
  StreamNotFoundError,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { EventStoreUnavailable, StreamNotFound, WrongExpectedVersion } from '../errors';
import type { ExpectedRevision } from '../event-store.port';

/** gRPC status codes, as numbers: the product does not depend on @grpc/grpc-js directly. */
const GRPC_CANCELLED = 1;
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_UNAVAILABLE = 14;

/**
 * True when the request may not have reached the server or its answer was lost: the connection dropped, the node
 * shut down or stepped down, or the deadline passed. The client reconnects on its own but never retries, so the
 * caller must (appends are idempotent when retried with the same event ids).
 */
export function isConnectionFailure(error: unknown): boolean {
  if (
    error instanceof UnavailableError ||
    error instanceof CancelledError ||
    error instanceof DeadlineExceededError ||
    error instanceof TimeoutError ||
    error instanceof NotLeaderError
  ) {
    return true;
  }
  // The client rethrows some transport errors unconverted, e.g. when its capability probe cannot connect.
  const code = (error as { code?: unknown } | null)?.code;
  return code === GRPC_UNAVAILABLE || code === GRPC_CANCELLED || code === GRPC_DEADLINE_EXCEEDED;
}

export function unavailable(error: unknown): EventStoreUnavailable {
  const reason = error instanceof Error ? error.message : String(error);
  return new EventStoreUnavailable(`EventStoreDB is unavailable: ${reason}`, { cause: error });
}

/** Maps the client's errors to the port's; anything unrecognised is rethrown as it is. */
export function translateError(error: unknown, context: { stream?: string; expected?: ExpectedRevision } = {}): unknown {
  if (error instanceof WrongExpectedVersionError && context.stream !== undefined && context.expected !== undefined) {
    return new WrongExpectedVersion(context.stream, context.expected, error.actualVersion);
  }
  if (error instanceof StreamNotFoundError) return new StreamNotFound(context.stream ?? error.streamName);
  if (isConnectionFailure(error)) return unavailable(error);
  return error;
}
