import {
  CancelledError,
  DeadlineExceededError,
  MaxAppendSizeExceededError,
  NotLeaderError,
  StreamNotFoundError,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { AppendTooLarge, EventStoreUnavailable, StreamNotFound, WrongExpectedVersion } from '../errors';
import type { ExpectedRevision } from '../event-store.port';

/** gRPC status codes, as numbers: the product does not depend on @grpc/grpc-js directly. */
const GRPC_CANCELLED = 1;
const GRPC_INVALID_ARGUMENT = 3;
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_RESOURCE_EXHAUSTED = 8;
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

/**
 * True when the server refused the request itself (e.g. a read from inside a record): asking again cannot help.
 * The 6.2.1 client has no class for INVALID_ARGUMENT without an `exception` trailer; the status code remains.
 */
export const isRefusedRequest = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === GRPC_INVALID_ARGUMENT;

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

/**
 * An append's size refusals, in every shape the 6.2.1 client hands them over:
 * - MaxAppendSizeExceededError: the append's total, on either path;
 * - unary Append, event too large: an UnknownError whose trailers say `maximum-append-event-size-exceeded`;
 * - BatchAppend, event too large: an UnknownError naming the status message it could not recognise;
 * - an event too large for gRPC's receive limit: RESOURCE_EXHAUSTED. On BatchAppend that kills the stream every
 *   append in flight shares, so only an append that holds an event larger than one batch message (`largestEvent`
 *   above the client's batch size) caused it; the others did not, and may or may not have landed.
 */
export function translateAppendError(error: unknown, context: { stream: string; expected: ExpectedRevision; largestEventBytes: number }): unknown {
  const { stream } = context;
  if (error instanceof MaxAppendSizeExceededError) return new AppendTooLarge(stream, 'append', error.maxAppendSize);
  const trailers = (error as { _raw?: { metadata?: { get(key: string): unknown[] } } } | null)?._raw?.metadata;
  if (trailers?.get('exception')?.[0] === 'maximum-append-event-size-exceeded') {
    return new AppendTooLarge(stream, 'event', Number(trailers.get('maximum-append-event-size')?.[0]) || undefined);
  }
  if (error instanceof Error && error.message.includes('MaximumAppendEventSizeExceeded')) return new AppendTooLarge(stream, 'event', undefined);
  if ((error as { code?: unknown } | null)?.code === GRPC_RESOURCE_EXHAUSTED) {
    return context.largestEventBytes > BATCH_APPEND_BYTES ? new AppendTooLarge(stream, 'event', undefined) : unavailable(error);
  }
  return translateError(error, context);
}

/** The client's default batchAppendSize: it splits an append into BatchAppend messages of about this size. */
export const BATCH_APPEND_BYTES = 3 * 1024 * 1024;
