/**
 * An in-process, wire-compatible EventStoreDB for tests: the unmodified @eventstore/db-client talks to it over
 * gRPC. It serves the client's own generated service definitions: Streams with Append, BatchAppend and Read (stream
 * and $all reads, catch-up subscriptions to $all), and ServerFeatures, which advertises BatchAppend as a KurrentDB
 * 26.1 node does, so the client writes the way it does in production (`appendPath: 'unary'` leaves ServerFeatures
 * out, as an old server would, and the client falls back to unary Append). It enforces a 26.1 node's size limits,
 * names checkpoints as a node does ({commit: where the next record starts, prepare: 0}), compares positions by commit
 * then prepare, refuses reads and subscriptions from inside a record (INVALID_ARGUMENT), and, in fell-behind mode,
 * drops a live subscriber that stops keeping up back to catch-up (fell_behind, then caught_up again).
 * Storage is in memory and survives `restart()`, which lets tests drop and restore the connection under a running
 * client. Test code only: the product never imports it.
 */
import * as grpc from '@grpc/grpc-js';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import type { AppendReq, AppendResp, BatchAppendReq, BatchAppendResp, ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { serveBatchAppend } from './esdb-test-batch-append';
import { AppendSize, KURRENTDB_LIMITS, type EsdbSizeLimits } from './esdb-test-limits';
import { InMemoryLog, type ExpectedState, type ProposedEvent, type StoredEvent } from './esdb-test-log';
import {
  allReadFrom,
  appendResponse,
  eventResponse,
  expectedState,
  proposedEvent,
  readCount,
  streamName,
  streamNotFoundResponse,
  streamReadFrom,
  subscriptionFilter,
  unarySizeError,
} from './esdb-test-messages';
import { TestSubscription } from './esdb-test-subscription';

const BACKWARDS = 1;

export interface EsdbTestServerOptions {
  port?: number;
  /**
   * Start catch-up subscriptions at the given position instead of after it, i.e. resend the event the client saw
   * last. Lets tests prove that a client drops such duplicates.
   */
  repeatSubscriptionStart?: boolean;
  /** 'batch' (default): ServerFeatures advertises BatchAppend, as a 26.1 node does. 'unary': no ServerFeatures. */
  appendPath?: 'batch' | 'unary';
  /** Interleave a node's own `$` events in $all (InMemoryLogOptions.systemEvents). */
  systemEvents?: boolean;
  /** A 26.1 node's defaults unless given (KURRENTDB_MAX_APPEND_SIZE, KURRENTDB_MAX_APPEND_EVENT_SIZE). */
  limits?: Partial<EsdbSizeLimits>;
  /**
   * A live subscriber that stops keeping up (gRPC flow control holds a write back) gets fell_behind, then history
   * from the log and caught_up again, as a node does when its live queue for a subscription overflows.
   */
  fellBehind?: boolean;
}

/** What a KurrentDB 26.1 node lists for the Streams service (ServerFeatures.cs), method names in lower case. */
const STREAMS_METHODS: [method: string, features: string[]][] = [
  ['read', ['position', 'events']],
  ['append', []],
  ['batchappend', ['deadline_duration']],
  ['delete', []],
  ['tombstone', []],
];

export class EsdbTestServer {
  private readonly log: InMemoryLog;
  private readonly subscriptions = new Set<TestSubscription>();
  private server: grpc.Server | undefined;
  private boundPort = 0;
  private readonly limits: EsdbSizeLimits;
  /** Appends committed per RPC, so tests can tell which path the client took. */
  readonly appendsCommitted = { unary: 0, batch: 0 };

  private constructor(private readonly options: EsdbTestServerOptions) {
    this.limits = { ...KURRENTDB_LIMITS, ...options.limits };
    this.log = new InMemoryLog({ systemEvents: options.systemEvents });
  }

  /** `port` 0 (the default) binds an ephemeral port; `port` then reports the one bound. */
  static async start(options: EsdbTestServerOptions = {}): Promise<EsdbTestServer> {
    const testServer = new EsdbTestServer(options);
    await testServer.listen(options.port ?? 0);
    return testServer;
  }

  get port(): number {
    return this.boundPort;
  }

  get connectionString(): string {
    return `esdb://127.0.0.1:${this.port}?tls=false`;
  }

  /** Catch-up subscriptions currently open on the server, to prove clients release theirs. */
  get openSubscriptions(): number {
    return this.subscriptions.size;
  }

  /** Events written to the open subscriptions so far. */
  get eventsSentToSubscribers(): number {
    return [...this.subscriptions].reduce((sum, subscription) => sum + subscription.eventsSent, 0);
  }

  /** Drops every connection at once, as a crashed node would; live subscriptions see the call fail. */
  async stop(): Promise<void> {
    for (const subscription of this.subscriptions) subscription.close();
    this.subscriptions.clear();
    this.server?.forceShutdown();
    this.server = undefined;
  }

  /** Stops, then listens again on the same port with the same stored events. */
  async restart(): Promise<void> {
    await this.stop();
    await this.listen(this.boundPort);
  }

  /** Rewrites the stored data bytes of one event, as an edit on disk would (hash-chain verification tests). */
  tamper(stream: string, revision: bigint, mutate: (data: Buffer) => Buffer): void {
    this.log.tamper(stream, revision, mutate);
  }

  private async listen(port: number): Promise<void> {
    const { server, port: bound } = await bindWithRetry(port, () => {
      const candidate = new grpc.Server({ 'grpc.max_receive_message_length': this.limits.maxReceiveMessageBytes });
      candidate.addService(StreamsService, {
        append: (call: grpc.ServerReadableStream<AppendReq, AppendResp>, callback: grpc.sendUnaryData<AppendResp>) => this.append(call, callback),
        batchAppend: (call: grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>) => {
          serveBatchAppend(call, this.log, this.limits, () => (this.appendsCommitted.batch += 1));
        },
        read: (call: grpc.ServerWritableStream<ReadReq, ReadResp>) => this.read(call),
      });
      if ((this.options.appendPath ?? 'batch') === 'batch') {
        candidate.addService(ServerFeaturesService, {
          getSupportedMethods: (_call: unknown, callback: grpc.sendUnaryData<SupportedMethods>) => callback(null, supportedMethods()),
        });
      }
      return candidate;
    });
    this.server = server;
    this.boundPort = bound;
  }

  /**
   * Client stream: the options message, then one message per proposed event; committed when the stream ends. A size
   * limit fails the call as soon as the event that breaks it arrives, as Streams.Append does.
   */
  private append(call: grpc.ServerReadableStream<AppendReq, AppendResp>, callback: grpc.sendUnaryData<AppendResp>): void {
    let stream: string | undefined;
    let expected: ExpectedState = { kind: 'any' };
    const proposed: ProposedEvent[] = [];
    const size = new AppendSize(this.limits);
    let refused = false;
    call.on('data', (request: AppendReq) => {
      if (refused) return;
      const options = request.getOptions();
      const message = request.getProposedMessage();
      if (options) {
        stream = streamName(options.getStreamIdentifier());
        expected = expectedState(options);
      } else if (message) {
        const event = proposedEvent(message);
        const violation = size.add(event);
        if (violation) {
          refused = true;
          callback(unarySizeError(violation));
          return;
        }
        proposed.push(event);
      }
    });
    call.on('end', () => {
      if (refused) return;
      if (stream === undefined) {
        callback({ code: grpc.status.INVALID_ARGUMENT, details: 'Append without options' });
        return;
      }
      const outcome = this.log.append(stream, expected, proposed);
      if (outcome.ok) this.appendsCommitted.unary += 1;
      callback(null, appendResponse(outcome, expected));
    });
  }

  private read(call: grpc.ServerWritableStream<ReadReq, ReadResp>): void {
    const options = call.request.getOptions();
    if (!options) {
      fail(call, grpc.status.INVALID_ARGUMENT, 'Read without options');
      return;
    }
    if (options.hasSubscription()) {
      this.subscribe(call, options);
      return;
    }
    const backwards = options.getReadDirection() === BACKWARDS;
    const count = readCount(options);
    const streamOptions = options.getStream();
    if (streamOptions) {
      const name = streamName(streamOptions.getStreamIdentifier());
      const events = this.log.readStream(name, streamReadFrom(streamOptions), backwards, count);
      if (events) writeEvents(call, events);
      else call.write(streamNotFoundResponse(name));
    } else {
      const from = allReadFrom(options.getAll() as ReadReq.Options.AllOptions);
      if (!this.log.isReadablePosition(from)) {
        invalidPosition(call);
        return;
      }
      writeEvents(call, this.log.readAll(from, backwards, count));
    }
    call.end();
  }

  private subscribe(call: grpc.ServerWritableStream<ReadReq, ReadResp>, options: ReadReq.Options): void {
    const all = options.getAll();
    if (!all) {
      fail(call, grpc.status.UNIMPLEMENTED, 'Only $all subscriptions are implemented');
      return;
    }
    const from = allReadFrom(all);
    if (!this.log.isReadablePosition(from)) {
      invalidPosition(call);
      return;
    }
    const start = this.log.subscriptionStart(from, this.options.repeatSubscriptionStart ?? false);
    const subscription = new TestSubscription(call, this.log, start, subscriptionFilter(options), this.options.fellBehind ?? false, (closed) =>
      this.subscriptions.delete(closed),
    );
    this.subscriptions.add(subscription);
  }
}

function supportedMethods(): SupportedMethods {
  const methods = STREAMS_METHODS.map(([method, features]) =>
    new SupportedMethod().setServiceName('event_store.client.streams.streams').setMethodName(method).setFeaturesList(features),
  );
  return new SupportedMethods().setMethodsList(methods).setEventStoreServerVersion('26.1.1');
}

/** grpc-js turns an 'error' emitted on a server stream into the call's status. */
function fail(call: grpc.ServerWritableStream<ReadReq, ReadResp>, code: grpc.status, details: string): void {
  call.emit('error', Object.assign(new Error(details), { code, details }));
}

/** A node's answer to a read or subscription from inside a record (RpcExceptions.InvalidPositionException). */
function invalidPosition(call: grpc.ServerWritableStream<ReadReq, ReadResp>): void {
  fail(call, grpc.status.INVALID_ARGUMENT, 'Trying to read from an invalid position.');
}

function writeEvents(call: grpc.ServerWritableStream<ReadReq, ReadResp>, events: StoredEvent[]): void {
  for (const event of events) call.write(eventResponse(event));
}

/** A restart can race the kernel releasing the old listening socket: retry EADDRINUSE briefly, on a fresh server. */
async function bindWithRetry(port: number, createServer: () => grpc.Server, attempts = 50): Promise<{ server: grpc.Server; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const server = createServer();
    try {
      const bound = await new Promise<number>((resolve, reject) =>
        server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (error, boundPort) => (error ? reject(error) : resolve(boundPort))),
      );
      return { server, port: bound };
    } catch (error) {
      server.forceShutdown();
      if (attempt >= attempts || !String(error).includes('EADDRINUSE')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
