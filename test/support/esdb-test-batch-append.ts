/**
 * Streams/BatchAppend on EsdbTestServer, with a KurrentDB node's semantics (Streams.BatchAppend.cs): one bidi stream
 * carries many appends, told apart by correlation id; an append's events may arrive over several requests and are
 * committed on the one marked final; every outcome, success or refusal, is a response on the stream with a
 * google.rpc.Status, never a gRPC error. A size limit refuses the append at once and ignores its later requests.
 */
import type { ServerDuplexStream } from '@grpc/grpc-js';
import { BinaryWriter } from 'google-protobuf';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Empty } from 'google-protobuf/google/protobuf/empty_pb';
import { Code } from '@eventstore/db-client/generated/code_pb';
import { AllStreamPosition, MaximumAppendSizeExceeded, StreamIdentifier, UUID, WrongExpectedVersion } from '@eventstore/db-client/generated/shared_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import { BatchAppendReq, BatchAppendResp } from '@eventstore/db-client/generated/streams_pb';
import type { ExpectedState, InMemoryLog, ProposedEvent } from './esdb-test-log';
import { AppendSize, type EsdbSizeLimits, type SizeViolation } from './esdb-test-limits';
import { proposedEvent, streamName } from './esdb-test-messages';

interface PendingWrite {
  stream: string;
  expected: ExpectedState;
  events: ProposedEvent[];
  size: AppendSize;
}

export function serveBatchAppend(
  call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>,
  log: InMemoryLog,
  limits: EsdbSizeLimits,
  onCommitted: () => void,
): void {
  const pending = new Map<string, PendingWrite>();
  const respond = (correlationId: UUID | undefined, stream: string, result: { error: Status } | { success: BatchAppendResp.Success }) => {
    const response = new BatchAppendResp()
      .setCorrelationId(correlationId)
      .setStreamIdentifier(new StreamIdentifier().setStreamName(Buffer.from(stream, 'utf8')));
    if ('error' in result) response.setError(result.error);
    else response.setSuccess(result.success);
    call.write(response);
  };

  call.on('data', (request: BatchAppendReq) => {
    const correlationId = request.getCorrelationId();
    const key = correlationId?.getString() ?? '';
    const options = request.getOptions();
    if (options && !pending.has(key)) {
      if (!options.hasStreamIdentifier()) {
        respond(correlationId, '', { error: status(Code.INVALID_ARGUMENT, 'BadRequest', 'event_store.client.BadRequest', new Uint8Array()) });
        return;
      }
      pending.set(key, { stream: streamName(options.getStreamIdentifier()), expected: expectedOf(options), events: [], size: new AppendSize(limits) });
    }
    const write = pending.get(key);
    if (!write) return;
    for (const message of request.getProposedMessagesList()) {
      const event = proposedEvent(message);
      const violation = write.size.add(event);
      if (violation) {
        pending.delete(key);
        respond(correlationId, write.stream, { error: sizeStatus(violation) });
        return;
      }
      write.events.push(event);
    }
    if (!request.getIsFinal()) return;
    pending.delete(key);
    const outcome = log.append(write.stream, write.expected, write.events);
    if (outcome.ok) {
      onCommitted();
      respond(correlationId, write.stream, { success: success(outcome.currentRevision, outcome.position) });
    } else respond(correlationId, write.stream, { error: wrongExpectedVersion(outcome.current, write.expected) });
  });
  call.on('end', () => call.end());
  // A client that goes away mid-append leaves nothing half-written: only final requests commit.
  call.on('error', () => pending.clear());
}

function expectedOf(options: BatchAppendReq.Options): ExpectedState {
  if (options.hasStreamPosition()) return { kind: 'revision', revision: BigInt(options.getStreamPosition()) };
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  return { kind: 'any' };
}

function success(revision: bigint | 'no_stream', position: bigint | undefined): BatchAppendResp.Success {
  const result = new BatchAppendResp.Success();
  if (revision === 'no_stream') result.setNoStream(new Empty());
  else result.setCurrentRevision(revision.toString());
  if (position === undefined) result.setNoPosition(new Empty());
  else result.setPosition(new AllStreamPosition().setCommitPosition(position.toString()).setPreparePosition(position.toString()));
  return result;
}

function status(code: Code, message: string, typeName: string, details: Uint8Array): Status {
  const any = new Any();
  any.pack(details, typeName);
  return new Status().setCode(code).setMessage(message).setDetails(any);
}

function wrongExpectedVersion(current: bigint | 'no_stream', expected: ExpectedState): Status {
  const details = new WrongExpectedVersion();
  if (current === 'no_stream') details.setCurrentNoStream(new Empty());
  else details.setCurrentStreamRevision(current.toString());
  if (expected.kind === 'revision') details.setExpectedStreamPosition(expected.revision.toString());
  else if (expected.kind === 'no_stream') details.setExpectedNoStream(new Empty());
  else if (expected.kind === 'stream_exists') details.setExpectedStreamExists(new Empty());
  else details.setExpectedAny(new Empty());
  return status(Code.ALREADY_EXISTS, 'WrongExpectedVersion', 'event_store.client.WrongExpectedVersion', details.serializeBinary());
}

/**
 * MaximumAppendEventSizeExceeded came after the 6.2.1 client's protos: it is encoded by hand (fields 1-3 of
 * shared.proto's message), and the client reports it as an unknown error, as it does against a real node.
 */
function sizeStatus(violation: SizeViolation): Status {
  if (violation.kind === 'append') {
    const details = new MaximumAppendSizeExceeded().setMaxappendsize(violation.max);
    return status(Code.INVALID_ARGUMENT, 'MaximumAppendSizeExceeded', 'event_store.client.MaximumAppendSizeExceeded', details.serializeBinary());
  }
  const writer = new BinaryWriter();
  writer.writeString(1, violation.eventId);
  writer.writeUint32(2, violation.size);
  writer.writeUint32(3, violation.max);
  return status(Code.INVALID_ARGUMENT, 'MaximumAppendEventSizeExceeded', 'event_store.client.MaximumAppendEventSizeExceeded', writer.getResultBuffer());
}
