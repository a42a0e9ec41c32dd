/**
 * One catch-up subscription to $all on EsdbTestServer: confirmation, history, checkpoints when filtered, caught_up,
 * then live events (and, in fell-behind mode, fell_behind, history again and a second caught_up). History and live share one cursor into the log, so nothing appended in between is lost, and
 * writes wait for 'drain' so a slow client holds the cursor back instead of growing a buffer here.
 */
import { randomUUID } from 'node:crypto';
import type { ServerWritableStream } from '@grpc/grpc-js';
import type { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import type { InMemoryLog } from './esdb-test-log';
import { caughtUpResponse, checkpointResponse, confirmationResponse, eventResponse, fellBehindResponse, type SubscriptionFilter } from './esdb-test-messages';

export class TestSubscription {
  /** Events written to the client so far (tests use it to see flow control hold the server back). */
  eventsSent = 0;
  private caughtUp = false;
  private scannedSinceCheckpoint = 0;
  private waitingForDrain = false;
  private closed = false;
  private readonly detach: () => void;

  constructor(
    private readonly call: ServerWritableStream<ReadReq, ReadResp>,
    private readonly log: InMemoryLog,
    /** Index into `log.all` of the first event to send. */
    private cursor: number,
    private readonly filter: SubscriptionFilter | undefined,
    /** A live subscriber the transport has to buffer for falls back to catch-up (EsdbTestServerOptions.fellBehind). */
    private readonly fallsBehind: boolean,
    onClose: (subscription: TestSubscription) => void,
  ) {
    this.detach = log.onAppend(() => this.pump());
    const close = () => {
      this.close();
      onClose(this);
    };
    call.on('cancelled', close);
    call.on('close', close);
    call.on('error', close);
    call.write(confirmationResponse(randomUUID()));
    this.pump();
  }

  /** Stops sending and releases the live listener (client cancelled, or the server is stopping). */
  close(): void {
    this.closed = true;
    this.detach();
  }

  private pump(): void {
    while (!this.closed && !this.waitingForDrain && this.cursor < this.log.all.length) {
      const event = this.log.all[this.cursor++];
      let writable = true;
      if (!this.filter || this.filter.matches(event)) {
        writable = this.call.write(eventResponse(event));
        this.eventsSent += 1;
      }
      if (this.filter && ++this.scannedSinceCheckpoint >= this.filter.checkpointEvery) {
        this.scannedSinceCheckpoint = 0;
        writable = this.call.write(checkpointResponse(this.log.positionAfter(this.cursor - 1))) && writable;
      }
      if (!writable) {
        // As a node whose live queue for this subscriber overflows: say so, then read the log until caught up again.
        if (this.fallsBehind && this.caughtUp) {
          this.caughtUp = false;
          this.call.write(fellBehindResponse());
        }
        this.awaitDrain();
      }
    }
    if (!this.closed && !this.waitingForDrain && !this.caughtUp) {
      this.caughtUp = true;
      // Tell a filtered subscriber how far the scan got even when nothing in the history matched.
      if (this.filter && this.cursor > 0) this.call.write(checkpointResponse(this.log.positionAfter(this.cursor - 1)));
      this.call.write(caughtUpResponse());
    }
  }

  private awaitDrain(): void {
    this.waitingForDrain = true;
    this.call.once('drain', () => {
      this.waitingForDrain = false;
      this.pump();
    });
  }
}
