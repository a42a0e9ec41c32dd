import { createHash } from 'node:crypto';
import type { EventMetadata } from '../event-store/envelope';
import { sealEvents } from '../event-store/envelope';
import { DuplicateEventId, StreamNotFound, WrongExpectedVersion } from '../event-store/errors';
import type { EventStore, EventToAppend, JsonObject, Position, RecordedEvent } from '../event-store/event-store.port';
import { canonicalJson } from '../kernel/canonical-json';
import type { Command, Decider, DomainEvent } from '../kernel/decider';
import { DomainError } from '../kernel/domain-error';
import { uuidV5 } from '../kernel/ids';
import { FoldedStreams, type AppliedCommand, type FoldedStream } from './folded-streams';
import { KeyedLock } from './keyed-lock';
import { SNAPSHOT_EVERY, type StoredSnapshot, type StreamSnapshots } from './stream-snapshots';

/** Who issues a command and how it relates to others; copied into every event's metadata. */
export interface CommandContext {
  actorId: string;
  actorRoles: string[];
  practiceId: string | null;
  commandId: string;
  correlationId: string;
  causationId: string;
  now: Date;
}

export interface StreamCommand<C extends Command, E extends DomainEvent, S> {
  stream: string;
  decider: Decider<C, E, S>;
  command: Omit<C, 'metadata'>;
  context: CommandContext;
  /** Valid time of each new event (when it happened); null or no function means the command's `now`. */
  occurredAt?: (event: E) => Date | null;
  schemaVersion?: number;
  /**
   * Runs after decide, before the append, when there are events: a write another stream must agree to first (an
   * MBI's reservation). Throwing refuses the command with nothing appended to this stream.
   */
  beforeAppend?: (events: E[]) => Promise<void>;
}

export interface StreamCommandResult<S> {
  /** State of the stream after the command (for a retry: the state now). */
  state: S;
  /** The events the command produced: just appended, or, for a retry, the ones the first attempt appended. */
  events: RecordedEvent[];
  /** Position of the command's last event, to wait for the projections; undefined when it changed nothing. */
  position?: Position;
  /** Revision of the stream after the command; -1n when the stream is still empty. */
  revision: bigint;
  /** True when this commandId had been applied before and nothing was appended now. */
  replayed: boolean;
}

/** Commands are recognised per practice: a commandId seen in another tenant's events is not this caller's retry. */
const appliedKey = (practiceId: string | null, commandId: string) => `${practiceId ?? ''}/${commandId}`;

const MAX_ATTEMPTS = 5;

/**
 * Load → fold → decide → append with the expected revision (architecture decisions 7-8). Idempotent per commandId:
 * the fold sees earlier commandIds in the events' metadata, and event ids derived from the commandId make the
 * store itself refuse a duplicate that races past the fold.
 */
export class CommandPipeline {
  private readonly lock = new KeyedLock();
  private readonly folded = new FoldedStreams();

  /** `snapshots`: where long streams' folds are kept across restarts (none: every restart folds from the log). */
  constructor(
    private readonly store: EventStore,
    private readonly snapshots?: StreamSnapshots,
  ) {}

  execute<C extends Command, E extends DomainEvent, S>(request: StreamCommand<C, E, S>): Promise<StreamCommandResult<S>> {
    return this.lock.run(request.stream, () => this.attempt(request, 1));
  }

  /** Folds a stream without deciding anything (for reads that need the write model, e.g. the staff registry). */
  async load<E extends DomainEvent, S>(
    stream: string,
    decider: Pick<Decider<never, E, S>, 'initialState' | 'evolve'>,
  ): Promise<{ state: S; revision: bigint }> {
    const { state, revision } = await this.lock.run(stream, () => this.loadStream(stream, decider));
    return { state, revision };
  }

  private async attempt<C extends Command, E extends DomainEvent, S>(request: StreamCommand<C, E, S>, attempt: number): Promise<StreamCommandResult<S>> {
    const { stream, decider, context } = request;
    const loaded = await this.loadStream(stream, decider);
    const commandHash = hashCommand(context.commandId, request.command);

    // Another practice's commandId is decided afresh and answered as for any stranger (e.g. NOT_FOUND).
    const earlier = loaded.appliedCommands.get(appliedKey(context.practiceId, context.commandId));
    if (earlier) {
      if (earlier.hash !== commandHash) {
        throw new DomainError('BAD_USER_INPUT', `commandId ${context.commandId} was already used with different input`, { field: 'commandId' });
      }
      const events = await this.appliedEvents(stream, earlier);
      const last = events[events.length - 1];
      return { state: loaded.state, events, position: last?.position, revision: loaded.revision, replayed: true };
    }

    const command = { ...request.command, metadata: { now: context.now, actorId: context.actorId, actorRoles: context.actorRoles } } as unknown as C;
    const decided = decider.decide(command, loaded.state);
    if (decided.length === 0) return { state: loaded.state, events: [], revision: loaded.revision, replayed: false };
    await request.beforeAppend?.(decided);

    const toAppend = this.envelope(request, decided, loaded, commandHash);
    try {
      const result = await this.store.appendToStream(stream, toAppend, {
        expectedRevision: loaded.revision < 0n ? 'no_stream' : loaded.revision,
      });
      let state = loaded.state;
      for (const event of decided) state = decider.evolve(state, event);
      const firstRevision = result.nextExpectedRevision - BigInt(toAppend.length) + 1n;
      const recorded = toAppend.map((event, index): RecordedEvent => ({
        ...event,
        streamId: stream,
        revision: firstRevision + BigInt(index),
        // Only the last position is returned by the store; earlier ones are not needed to wait for projections.
        position: result.position,
        recordedAt: context.now,
      }));
      this.remember(stream, decider.evolve, {
        state,
        revision: result.nextExpectedRevision,
        headHash: toAppend[toAppend.length - 1].metadata.hash as string,
        appliedCommands: loaded.appliedCommands.set(appliedKey(context.practiceId, context.commandId), {
          hash: commandHash,
          revisions: recorded.map((event) => event.revision),
        }),
        snapshotRevision: loaded.snapshotRevision,
      });
      return { state, events: recorded, position: result.position, revision: result.nextExpectedRevision, replayed: false };
    } catch (error) {
      if (error instanceof WrongExpectedVersion) {
        if (attempt < MAX_ATTEMPTS) return this.attempt(request, attempt + 1);
        throw new DomainError('CONFLICT', 'The record was changed by someone else at the same time; retry the command');
      }
      if (error instanceof DuplicateEventId) {
        throw new DomainError('BAD_USER_INPUT', `commandId ${context.commandId} was already used for another record`, { field: 'commandId' });
      }
      throw error;
    }
  }

  private envelope<C extends Command, E extends DomainEvent, S>(
    request: StreamCommand<C, E, S>,
    events: E[],
    loaded: FoldedStream<S>,
    commandHash: string,
  ): EventToAppend[] {
    const { stream, context } = request;
    const unsealed = events.map((event, index) => {
      const metadata: Omit<EventMetadata, 'hash' | 'previousHash'> = {
        actorId: context.actorId,
        actorRoles: context.actorRoles,
        practiceId: context.practiceId,
        commandId: context.commandId,
        commandHash,
        correlationId: context.correlationId,
        causationId: context.causationId,
        occurredAt: (request.occurredAt?.(event) ?? context.now).toISOString(),
        schemaVersion: request.schemaVersion ?? 1,
      };
      // The practice is part of the name so another tenant reusing a commandId never collides with these ids.
      return { id: uuidV5(`${context.practiceId ?? ''}/${context.commandId}/${index}`), type: event.type, data: event.data, metadata };
    });
    return sealEvents(stream, loaded.revision + 1n, loaded.headHash, unsealed);
  }

  /** The events an earlier command appended, read back from the log (a retry is rare; memory is not). */
  private async appliedEvents(stream: string, applied: AppliedCommand): Promise<RecordedEvent[]> {
    const { revisions } = applied;
    if (revisions.length === 0) return [];
    const first = revisions[0];
    const span = Number(revisions[revisions.length - 1] - first) + 1;
    const wanted = new Set(revisions);
    const read = await this.store.readStream(stream, { fromRevision: first, maxCount: span });
    return read.filter((event) => wanted.has(event.revision));
  }

  /**
   * Folds the stream, starting from the remembered fold when there is one, else from the stream's snapshot when the
   * log confirms it (always under the stream's lock).
   */
  private async loadStream<E extends DomainEvent, S>(stream: string, decider: Pick<Decider<never, E, S>, 'initialState' | 'evolve'>): Promise<FoldedStream<S>> {
    const remembered = this.folded.get<S>(stream, decider.evolve);
    const { known, recorded } = remembered
      ? { known: remembered, recorded: await this.readFrom(stream, remembered.revision + 1n) }
      : await this.fromSnapshotOrStart<S>(stream, decider.evolve);
    if (known && recorded.length === 0) {
      this.folded.set(stream, decider.evolve, known);
      return known;
    }
    let state = known?.state ?? decider.initialState();
    const appliedCommands = known?.appliedCommands ?? new Map<string, AppliedCommand>();
    for (const event of recorded) {
      state = decider.evolve(state, { type: event.type, data: event.data } as E);
      const { commandId, commandHash, practiceId } = event.metadata as Partial<EventMetadata>;
      if (commandId && commandHash) {
        const key = appliedKey(practiceId ?? null, commandId);
        const applied = appliedCommands.get(key);
        if (applied) applied.revisions.push(event.revision);
        else appliedCommands.set(key, { hash: commandHash, revisions: [event.revision] });
      }
    }
    const last = recorded[recorded.length - 1];
    const snapshotRevision = known?.snapshotRevision ?? -1n;
    const folded: FoldedStream<S> = last
      ? { state, revision: last.revision, headHash: (last.metadata as Partial<EventMetadata>).hash ?? null, appliedCommands, snapshotRevision }
      : { state, revision: -1n, headHash: null, appliedCommands, snapshotRevision };
    if (last) this.remember(stream, decider.evolve, folded);
    return folded;
  }

  private async readFrom(stream: string, fromRevision?: bigint): Promise<RecordedEvent[]> {
    try {
      return await this.store.readStream(stream, fromRevision === undefined ? undefined : { fromRevision });
    } catch (error) {
      if (error instanceof StreamNotFound) return [];
      throw error;
    }
  }

  /**
   * The stream's snapshot and the events after it, if the log still holds the event the snapshot was taken at with
   * the same hash (a restored or replaced log would not); else the whole stream, the contradicted snapshot discarded.
   */
  private async fromSnapshotOrStart<S>(stream: string, evolve: unknown): Promise<{ known?: FoldedStream<S>; recorded: RecordedEvent[] }> {
    const snapshot: StoredSnapshot<S> | undefined = this.snapshots?.read<S>(stream, evolve);
    if (snapshot) {
      const [head, ...after] = await this.readFrom(stream, snapshot.revision);
      if (head?.revision === snapshot.revision && (head.metadata as Partial<EventMetadata>).hash === snapshot.headHash) {
        return { known: { ...snapshot, snapshotRevision: snapshot.revision }, recorded: after };
      }
      this.snapshots!.discard(stream, evolve);
    }
    return { recorded: await this.readFrom(stream) };
  }

  /** Keeps the fold for the next command, and snapshots it once it has grown SNAPSHOT_EVERY events past its last snapshot. */
  private remember<S>(stream: string, evolve: unknown, folded: FoldedStream<S>): void {
    if (this.snapshots?.covers(evolve) && folded.revision - folded.snapshotRevision >= BigInt(SNAPSHOT_EVERY)) {
      this.snapshots.write(stream, evolve, folded);
      folded.snapshotRevision = folded.revision;
    }
    this.folded.set(stream, evolve, folded);
  }
}

function hashCommand(commandId: string, command: { type: string; data: unknown }): string {
  return createHash('sha256')
    .update(canonicalJson({ commandId, type: command.type, data: command.data as JsonObject }))
    .digest('hex');
}
