import { randomUUID } from 'node:crypto';
import { verifyHashChain } from '../event-store/envelope';
import type { EventStore, ReadStreamOptions } from '../event-store/event-store.port';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import type { Command, Decider, DomainEvent } from '../kernel/decider';
import { tempDir } from '../../test/support/event-store-fixtures';
import { CommandPipeline, type CommandContext } from './command-pipeline';
import { SNAPSHOT_EVERY, StreamSnapshots } from './stream-snapshots';

type Add = Command<'Add', { amounts: number[] }>;
type Added = DomainEvent<'Added', { amount: number }>;
/** A fold with a plain JSON state: the sum and the count of what was added. */
const evolveTally = (state: { sum: number; count: number }, event: Added) => ({ sum: state.sum + event.data.amount, count: state.count + 1 });
const tally: Decider<Add, Added, { sum: number; count: number }> = {
  initialState: () => ({ sum: 0, count: 0 }),
  evolve: evolveTally,
  decide: (command) => command.data.amounts.map((amount) => ({ type: 'Added', data: { amount } })),
};
const folds = [{ name: 'tally', evolve: evolveTally }];

const context = (commandId = randomUUID()): CommandContext => ({
  actorId: 'u1',
  actorRoles: ['ADMIN'],
  practiceId: 'p1',
  commandId,
  correlationId: commandId,
  causationId: commandId,
  now: new Date('2026-03-15T12:00:00Z'),
});
const add = (...amounts: number[]) => ({ type: 'Add' as const, data: { amounts } });
const ones = (count: number) => Array.from({ length: count }, () => 1);

describe('stream snapshots', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteEventStore;
  const stream = `tally-${randomUUID()}`;
  const snapshotFile = () => `${dir.path}/stream-snapshots.db`;
  /** A store that records where each readStream started, to see how much of the stream a restart folds. */
  const counting = (reads: (bigint | 'start' | 'end' | undefined)[]): EventStore => {
    const spy: EventStore = Object.create(store);
    spy.readStream = (name: string, options?: ReadStreamOptions) => {
      reads.push(options?.fromRevision);
      return store.readStream(name, options);
    };
    return spy;
  };

  beforeEach(() => {
    dir = tempDir();
    store = SqliteEventStore.open({ file: `${dir.path}/events.db` });
  });
  afterEach(async () => {
    await store.dispose();
    dir.remove();
  });

  it('after a restart, the first command folds only the events after the snapshot and keeps the hash chain and idempotency', async () => {
    const before = StreamSnapshots.open(snapshotFile(), folds);
    const pipeline = new CommandPipeline(store, before);
    const early = context();
    await pipeline.execute({ stream, decider: tally, command: add(5), context: early });
    await pipeline.execute({ stream, decider: tally, command: add(...ones(SNAPSHOT_EVERY)), context: context() });
    await pipeline.execute({ stream, decider: tally, command: add(2, 3), context: context() });
    before.close();

    const reads: (bigint | 'start' | 'end' | undefined)[] = [];
    const after = StreamSnapshots.open(snapshotFile(), folds);
    const restarted = new CommandPipeline(counting(reads), after);
    const result = await restarted.execute({ stream, decider: tally, command: add(10), context: context() });
    // The snapshot was taken at revision 500 (the 501st event); the restart reads from there, not from the start.
    expect(reads).toEqual([BigInt(SNAPSHOT_EVERY)]);
    expect(result.state).toEqual({ sum: 5 + SNAPSHOT_EVERY + 2 + 3 + 10, count: SNAPSHOT_EVERY + 4 });
    expect(verifyHashChain(await store.readStream(stream))).toMatchObject({ valid: true, eventsChecked: SNAPSHOT_EVERY + 4 });
    // A retry of the command before the snapshot is still recognised: nothing appended, the first events answered.
    const retry = await restarted.execute({ stream, decider: tally, command: add(5), context: early });
    expect(retry).toMatchObject({ replayed: true, revision: BigInt(SNAPSHOT_EVERY + 3) });
    expect(retry.events.map((event) => event.revision)).toEqual([0n]);
    await expect(restarted.execute({ stream, decider: tally, command: add(6), context: early })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await store.readStream(stream)).toHaveLength(SNAPSHOT_EVERY + 4);
    after.close();
  });

  it('a snapshot the log contradicts (another log in its place) is discarded and the stream folded from the log', async () => {
    const snapshots = StreamSnapshots.open(snapshotFile(), folds);
    await new CommandPipeline(store, snapshots).execute({ stream, decider: tally, command: add(...ones(SNAPSHOT_EVERY)), context: context() });
    // Another log with a stream of the same name and length, but other events (e.g. a restored backup).
    const other = SqliteEventStore.open({ file: `${dir.path}/other.db` });
    await new CommandPipeline(other).execute({ stream, decider: tally, command: add(...ones(SNAPSHOT_EVERY).map(() => 2)), context: context() });
    const result = await new CommandPipeline(other, snapshots).execute({ stream, decider: tally, command: add(1), context: context() });
    expect(result.state).toEqual({ sum: 2 * SNAPSHOT_EVERY + 1, count: SNAPSHOT_EVERY + 1 });
    await other.dispose();
    snapshots.close();
  });

  it('a snapshot taken by other code is not used', async () => {
    const old = StreamSnapshots.open(snapshotFile(), folds, 'release-1');
    await new CommandPipeline(store, old).execute({ stream, decider: tally, command: add(...ones(SNAPSHOT_EVERY)), context: context() });
    old.close();
    const reads: (bigint | 'start' | 'end' | undefined)[] = [];
    const current = StreamSnapshots.open(snapshotFile(), folds, 'release-2');
    const result = await new CommandPipeline(counting(reads), current).execute({ stream, decider: tally, command: add(1), context: context() });
    expect(reads).toEqual([undefined]);
    expect(result.state).toEqual({ sum: SNAPSHOT_EVERY + 1, count: SNAPSHOT_EVERY + 1 });
    current.close();
  });

  it('only the folds it is given are snapshotted', async () => {
    const snapshots = StreamSnapshots.open(snapshotFile(), []);
    await new CommandPipeline(store, snapshots).execute({ stream, decider: tally, command: add(...ones(SNAPSHOT_EVERY)), context: context() });
    snapshots.close();
    const reopened = StreamSnapshots.open(snapshotFile(), folds);
    expect(reopened.read(stream, evolveTally)).toBeUndefined();
    reopened.close();
  });
});
