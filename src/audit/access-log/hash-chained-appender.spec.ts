import { randomUUID } from 'node:crypto';
import { verifyHashChain } from '../../event-store/envelope';
import { EventStoreUnavailable } from '../../event-store/errors';
import type { EventStore } from '../../event-store/event-store.port';
import { eventStoreAdapters, type EventStoreFixture } from '../../../test/support/event-store-fixtures';
import type { UnsealedEvent } from '../../event-store/envelope';
import { HashChainedAppender } from './hash-chained-appender';

const accessed = (operation: string): UnsealedEvent => ({
  id: randomUUID(),
  type: 'PatientDataAccessed',
  data: { operation, patientIds: [] },
  metadata: { actorId: 'officer-1', actorRoles: ['COMPLIANCE_OFFICER'], practiceId: 'p1', occurredAt: '2026-03-15T12:00:00.000Z', schemaVersion: 1 },
});

describe.each(eventStoreAdapters)('HashChainedAppender on $name', (adapter) => {
  let fixture: EventStoreFixture;
  let store: EventStore;
  let stream: string;

  beforeAll(async () => {
    fixture = await adapter.open();
    store = fixture.store;
  });
  afterAll(() => fixture.close());
  beforeEach(() => {
    stream = `access-p1-${randomUUID()}`;
  });

  it('chains every batch onto the head it wrote last', async () => {
    const appender = new HashChainedAppender(store);
    await appender.append(stream, [accessed('a'), accessed('b')]);
    await appender.append(stream, [accessed('c')]);
    const events = await store.readStream(stream);
    expect(events.map((event) => event.data.operation)).toEqual(['a', 'b', 'c']);
    expect(verifyHashChain(events)).toMatchObject({ valid: true, eventsChecked: 3 });
  });

  it('two instances writing one stream both land, and the chain stays whole', async () => {
    const [first, second] = [new HashChainedAppender(store), new HashChainedAppender(store)];
    for (let i = 0; i < 4; i++) {
      await first.append(stream, [accessed(`first-${i}`)]);
      await second.append(stream, [accessed(`second-${i}`)]);
    }
    await Promise.all([first.append(stream, [accessed('x')]), second.append(stream, [accessed('y')])]);
    const events = await store.readStream(stream);
    expect(events).toHaveLength(10);
    expect(verifyHashChain(events).valid).toBe(true);
  });

  it('an append whose answer was lost is not written twice when retried', async () => {
    let answersLost = 1;
    const flaky: EventStore = Object.create(store);
    flaky.appendToStream = async (...args) => {
      const result = await store.appendToStream(...args);
      if (answersLost-- > 0) throw new EventStoreUnavailable('connection dropped after the write');
      return result;
    };
    const appender = new HashChainedAppender(flaky);
    const batch = [accessed('a'), accessed('b')];
    await expect(appender.append(stream, batch)).rejects.toBeInstanceOf(EventStoreUnavailable);
    await appender.append(stream, [...batch, accessed('c')]);
    const events = await store.readStream(stream);
    expect(events.map((event) => event.data.operation)).toEqual(['a', 'b', 'c']);
    expect(verifyHashChain(events).valid).toBe(true);
  });
});
