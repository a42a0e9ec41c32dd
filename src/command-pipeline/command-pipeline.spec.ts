import { randomUUID } from 'node:crypto';
import type { EventStore } from '../event-store/event-store.port';
import { verifyHashChain } from '../event-store/envelope';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { tempDir } from '../../test/support/event-store-fixtures';
import { practiceDecider } from '../practice/practice.decider';
import { CommandPipeline, type CommandContext } from './command-pipeline';

const context = (overrides: Partial<CommandContext> = {}): CommandContext => {
  const commandId = randomUUID();
  return {
    actorId: 'admin-1',
    actorRoles: ['ADMIN'],
    practiceId: 'p1',
    commandId,
    correlationId: commandId,
    causationId: commandId,
    now: new Date('2026-03-15T12:00:00Z'),
    ...overrides,
  };
};
const configure = (name = 'Clinic') => ({ type: 'ConfigurePractice' as const, data: { practiceId: 'p1', name, timeZone: 'UTC', npi: null, taxId: null } });
const register = (staffId: string) => ({
  type: 'RegisterStaffMember' as const,
  data: { practiceId: 'p1', staffId, name: staffId, credential: 'MA' as const, npi: null },
});

describe('command pipeline', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteEventStore;
  const stream = () => `practice-${randomUUID()}`;

  beforeEach(() => {
    dir = tempDir();
    store = SqliteEventStore.open({ file: `${dir.path}/events.db` });
  });
  afterEach(async () => {
    await store.dispose();
    dir.remove();
  });

  it('appends the decided events with the metadata envelope and a hash chain', async () => {
    const pipeline = new CommandPipeline(store);
    const name = stream();
    await pipeline.execute({ stream: name, decider: practiceDecider, command: configure(), context: context() });
    const ctx = context({ correlationId: randomUUID() });
    const result = await pipeline.execute({
      stream: name,
      decider: practiceDecider,
      command: register('ma-1'),
      context: ctx,
      occurredAt: () => new Date('2026-03-01T09:00:00Z'),
    });
    expect(result.revision).toBe(1n);
    const events = await store.readStream(name);
    expect(events[1].metadata).toMatchObject({
      commandId: ctx.commandId,
      correlationId: ctx.correlationId,
      causationId: ctx.causationId,
      occurredAt: '2026-03-01T09:00:00.000Z',
      actorId: 'admin-1',
    });
    expect(verifyHashChain(events)).toMatchObject({ valid: true, eventsChecked: 2 });
  });

  it('two processes racing with the same commandId append it once and both get the first result', async () => {
    // Two pipelines do not share the in-process lock, like two API instances on one store.
    const [a, b] = [new CommandPipeline(store), new CommandPipeline(store)];
    const name = stream();
    await a.execute({ stream: name, decider: practiceDecider, command: configure(), context: context() });
    const ctx = context();
    const results = await Promise.all(
      [a, b].map((pipeline) => pipeline.execute({ stream: name, decider: practiceDecider, command: register('ma-race'), context: ctx })),
    );
    expect(await store.readStream(name)).toHaveLength(2);
    expect(results.map((result) => result.events[0].id)).toEqual([results[0].events[0].id, results[0].events[0].id]);
    // Whether the loser saw the winner's events in its fold or the store answered its identical append
    // idempotently, it reports the one append that exists.
    expect(results.map((result) => result.revision)).toEqual([1n, 1n]);
  });

  it('a retry of an early command on a long stream answers the events it appended, read back from the log, before and after a restart', async () => {
    const pipeline = new CommandPipeline(store);
    const name = stream();
    await pipeline.execute({ stream: name, decider: practiceDecider, command: configure(), context: context() });
    const early = context();
    const first = await pipeline.execute({ stream: name, decider: practiceDecider, command: register('ma-early'), context: early });
    for (let i = 0; i < 30; i++) await pipeline.execute({ stream: name, decider: practiceDecider, command: register(`ma-${i}`), context: context() });
    const stored = (await store.readStream(name))[1];
    for (const retried of [pipeline, new CommandPipeline(store)]) {
      const retry = await retried.execute({ stream: name, decider: practiceDecider, command: register('ma-early'), context: early });
      expect(retry.replayed).toBe(true);
      expect(retry.events).toEqual([stored]);
      expect(retry.events[0].id).toBe(first.events[0].id);
      expect(retry.position).toBe(stored.position);
      expect(retry.revision).toBe(31n);
    }
    expect(await store.readStream(name)).toHaveLength(32);
  });

  it('concurrent different commands on one stream all land (conflicts are retried)', async () => {
    const [a, b] = [new CommandPipeline(store), new CommandPipeline(store)];
    const name = stream();
    await a.execute({ stream: name, decider: practiceDecider, command: configure(), context: context() });
    await Promise.all(
      Array.from({ length: 6 }, (_v, i) =>
        (i % 2 ? a : b).execute({ stream: name, decider: practiceDecider, command: register(`ma-${i}`), context: context() }),
      ),
    );
    expect(await store.readStream(name)).toHaveLength(7);
  });

  it('answers CONFLICT after a bounded number of lost races, having appended nothing of its own', async () => {
    const name = stream();
    const interfering: EventStore = Object.create(store);
    let interferences = 0;
    interfering.appendToStream = async (target, events, options) => {
      // Another writer always gets in between this pipeline's read and its append.
      interferences += 1;
      await store.appendToStream(target, [{ id: randomUUID(), type: 'Noise', data: {}, metadata: {} }], { expectedRevision: 'any' });
      return store.appendToStream(target, events, options);
    };
    await new CommandPipeline(store).execute({ stream: name, decider: practiceDecider, command: configure(), context: context() });
    const pipeline = new CommandPipeline(interfering);
    await expect(pipeline.execute({ stream: name, decider: practiceDecider, command: register('ma-x'), context: context() })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(interferences).toBe(5);
    expect((await store.readStream(name)).filter((event) => event.type === 'StaffMemberRegistered')).toHaveLength(0);
  });

  it("another practice's caller reusing a commandId is decided afresh, never handed the first result", async () => {
    const pipeline = new CommandPipeline(store);
    const name = stream();
    const first = context();
    await pipeline.execute({ stream: name, decider: practiceDecider, command: configure(), context: first });
    const stranger = { ...first, practiceId: 'p2', actorId: 'admin-2' };
    const result = await pipeline.execute({ stream: name, decider: practiceDecider, command: configure('Other'), context: stranger });
    expect(result.replayed).toBe(false);
    expect(result.events.map((event) => event.data.name)).toEqual(['Other']);
    // Its own retry is then recognised as such.
    expect((await pipeline.execute({ stream: name, decider: practiceDecider, command: configure('Other'), context: stranger })).replayed).toBe(true);
  });

  it('a commandId reused for a command on another stream is BAD_USER_INPUT, and nothing is appended there', async () => {
    const pipeline = new CommandPipeline(store);
    const ctx = context();
    await pipeline.execute({ stream: stream(), decider: practiceDecider, command: configure(), context: ctx });
    const other = stream();
    await expect(pipeline.execute({ stream: other, decider: practiceDecider, command: configure(), context: ctx })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    await expect(store.readStream(other)).rejects.toThrow(/not found/);
  });

  it('a decision that changes nothing appends nothing', async () => {
    const pipeline = new CommandPipeline(store);
    const name = stream();
    await pipeline.execute({ stream: name, decider: practiceDecider, command: configure(), context: context() });
    const result = await pipeline.execute({ stream: name, decider: practiceDecider, command: configure(), context: context() });
    expect(result.events).toEqual([]);
    expect(result.position).toBeUndefined();
    expect(await store.readStream(name)).toHaveLength(1);
  });
});
