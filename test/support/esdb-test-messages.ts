/**
 * Protobuf conversions for EsdbTestServer. The message classes come from the client package's own generated
 * directory: its serialisers check `instanceof` against exactly these classes. 64-bit fields are decimal strings.
 */
import { Metadata, status, type StatusObject } from '@grpc/grpc-js';
import { Empty, StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import { AppendReq, AppendResp, ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import type { AllFrom, AppendOutcome, ExpectedState, ProposedEvent, ReadFrom, StoredEvent } from './esdb-test-log';
import type { SizeViolation } from './esdb-test-limits';

export function streamName(identifier: StreamIdentifier | undefined): string {
  return Buffer.from(identifier?.getStreamName_asU8() ?? new Uint8Array()).toString('utf8');
}

export function expectedState(options: AppendReq.Options): ExpectedState {
  if (options.hasRevision()) return { kind: 'revision', revision: BigInt(options.getRevision()) };
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  return { kind: 'any' };
}

/** A proposed event as both Append and BatchAppend carry it. */
type ProposedMessage = Pick<AppendReq.ProposedMessage, 'getId' | 'getMetadataMap' | 'getData_asU8' | 'getCustomMetadata_asU8'>;

export function proposedEvent(message: ProposedMessage): ProposedEvent {
  const metadata = message.getMetadataMap();
  return {
    id: message.getId()?.getString() ?? '',
    type: metadata.get('type') ?? '',
    contentType: metadata.get('content-type') ?? 'application/octet-stream',
    data: Buffer.from(message.getData_asU8()),
    customMetadata: Buffer.from(message.getCustomMetadata_asU8()),
  };
}

/** Conflicts travel in the response body (fields 6-11), as a real server sends them, not as a gRPC error. */
export function appendResponse(outcome: AppendOutcome, expected: ExpectedState): AppendResp {
  const response = new AppendResp();
  if (outcome.ok) {
    const success = new AppendResp.Success();
    if (outcome.currentRevision === 'no_stream') success.setNoStream(new Empty());
    else success.setCurrentRevision(outcome.currentRevision.toString());
    if (outcome.position === undefined) success.setNoPosition(new Empty());
    else success.setPosition(new AppendResp.Position().setCommitPosition(outcome.position.toString()).setPreparePosition(outcome.position.toString()));
    return response.setSuccess(success);
  }
  const conflict = new AppendResp.WrongExpectedVersion();
  if (outcome.current === 'no_stream') conflict.setCurrentNoStream(new Empty());
  else conflict.setCurrentRevision(outcome.current.toString());
  switch (expected.kind) {
    case 'revision':
      conflict.setExpectedRevision(expected.revision.toString());
      break;
    case 'no_stream':
      conflict.setExpectedNoStream(new Empty());
      break;
    case 'stream_exists':
      conflict.setExpectedStreamExists(new Empty());
      break;
    case 'any':
      conflict.setExpectedAny(new Empty());
      break;
  }
  return response.setWrongExpectedVersion(conflict);
}

/**
 * Unary Append refuses an oversize event or append with INVALID_ARGUMENT and the reason in the trailers
 * (RpcExceptions.MaxAppendEventSizeExceeded / MaxAppendSizeExceeded); the 6.2.1 client knows only the second.
 */
export function unarySizeError(violation: SizeViolation): Partial<StatusObject> {
  const metadata = new Metadata();
  if (violation.kind === 'event') {
    metadata.set('exception', 'maximum-append-event-size-exceeded');
    metadata.set('maximum-append-event-size', String(violation.max));
    metadata.set('event-id', violation.eventId);
    metadata.set('proposed-append-event-size', String(violation.size));
    const details = `Event with Id: ${violation.eventId}, Size: ${violation.size}, exceeds Maximum Append Event Size of ${violation.max}.`;
    return { code: status.INVALID_ARGUMENT, details, metadata };
  }
  metadata.set('exception', 'maximum-append-size-exceeded');
  metadata.set('maximum-append-size', String(violation.max));
  return { code: status.INVALID_ARGUMENT, details: `Maximum Append Size of ${violation.max} Exceeded.`, metadata };
}

export function eventResponse(event: StoredEvent): ReadResp {
  const recorded = new ReadResp.ReadEvent.RecordedEvent()
    .setId(new UUID().setString(event.id))
    .setStreamIdentifier(new StreamIdentifier().setStreamName(Buffer.from(event.streamId, 'utf8')))
    .setStreamRevision(event.revision.toString())
    .setCommitPosition(event.position.toString())
    .setPreparePosition(event.position.toString())
    .setData(new Uint8Array(event.data))
    .setCustomMetadata(new Uint8Array(event.customMetadata));
  recorded.getMetadataMap().set('type', event.type).set('content-type', event.contentType).set('created', event.createdTicks.toString());
  const readEvent = new ReadResp.ReadEvent().setEvent(recorded).setCommitPosition(event.position.toString());
  return new ReadResp().setEvent(readEvent);
}

export function streamNotFoundResponse(stream: string): ReadResp {
  const identifier = new StreamIdentifier().setStreamName(Buffer.from(stream, 'utf8'));
  return new ReadResp().setStreamNotFound(new ReadResp.StreamNotFound().setStreamIdentifier(identifier));
}

export function confirmationResponse(subscriptionId: string): ReadResp {
  return new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId(subscriptionId));
}

/** A node's checkpoint: the commit position where the next record starts, with prepare 0 (not a record's own pair). */
export function checkpointResponse(commit: bigint): ReadResp {
  const checkpoint = new ReadResp.Checkpoint().setCommitPosition(commit.toString()).setPreparePosition('0');
  return new ReadResp().setCheckpoint(checkpoint);
}

export function fellBehindResponse(): ReadResp {
  return new ReadResp().setFellBehind(new ReadResp.FellBehind());
}

export function caughtUpResponse(): ReadResp {
  return new ReadResp().setCaughtUp(new ReadResp.CaughtUp());
}

export function streamReadFrom(options: ReadReq.Options.StreamOptions): ReadFrom {
  return options.hasStart() ? 'start' : options.hasEnd() ? 'end' : BigInt(options.getRevision());
}

export function allReadFrom(options: ReadReq.Options.AllOptions): AllFrom {
  const position = options.getPosition();
  if (options.hasStart()) return 'start';
  return position ? { commit: BigInt(position.getCommitPosition()), prepare: BigInt(position.getPreparePosition()) } : 'end';
}

/** `count` is a uint64 string; the client sends Number.MAX_SAFE_INTEGER for "no limit". */
export function readCount(options: ReadReq.Options): number {
  return options.hasCount() ? Number(options.getCount()) : Number.MAX_SAFE_INTEGER;
}

export type EventPredicate = (event: StoredEvent) => boolean;

export interface SubscriptionFilter {
  matches: EventPredicate;
  /** Scanned events between two checkpoints: the search window times the checkpoint interval multiplier. */
  checkpointEvery: number;
}

/** The server's default search window when the client sends `count` instead of `max`. */
const DEFAULT_SEARCH_WINDOW = 32;

export function subscriptionFilter(options: ReadReq.Options): SubscriptionFilter | undefined {
  if (!options.hasFilter()) return undefined;
  const filter = options.getFilter() as ReadReq.Options.FilterOptions;
  const onStream = filter.hasStreamIdentifier();
  const expression = (onStream ? filter.getStreamIdentifier() : filter.getEventType()) as ReadReq.Options.FilterOptions.Expression;
  const prefixes = expression.getPrefixList();
  const regex = expression.getRegex() ? new RegExp(expression.getRegex()) : undefined;
  const subject = (event: StoredEvent) => (onStream ? event.streamId : event.type);
  const window = filter.hasMax() ? filter.getMax() : DEFAULT_SEARCH_WINDOW;
  return {
    matches: (event) => {
      const value = subject(event);
      return regex ? regex.test(value) : prefixes.some((prefix) => value.startsWith(prefix));
    },
    checkpointEvery: Math.max(1, window * Math.max(1, filter.getCheckpointintervalmultiplier())),
  };
}
