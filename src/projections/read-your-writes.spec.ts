import type { AppConfig } from '../config/config';
import type { EventStore, RecordedEvent } from '../event-store/event-store.port';
import { DomainError } from '../kernel/domain-error';
import { ProjectionHost, ReadYourWrites } from './projections.module';

/** Read models that have applied the log up to `applied`; a wait for a later position times out. */
function readModelsAt(applied: bigint, head: bigint | null) {
  const waited: Array<{ position: bigint; timeoutMs: number }> = [];
  const host = {
    engine: { waitFor: async (position: bigint, timeoutMs: number) => (waited.push({ position, timeoutMs }), position <= applied) },
  } as unknown as ProjectionHost;
  const store = { readAll: async () => (head === null ? [] : [{ position: head } as RecordedEvent]) } as unknown as EventStore;
  return { readYourWrites: new ReadYourWrites(store, { readYourWritesTimeoutMs: 250 } as AppConfig, host), waited };
}

const refusalOf = async (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('read-your-writes', () => {
  it('waits for the position within the configured bound', async () => {
    const { readYourWrites, waited } = readModelsAt(10n, 10n);
    expect(await readYourWrites.reached(10n)).toBe(true);
    expect(await readYourWrites.reached(11n)).toBe(false);
    expect(waited.map((wait) => wait.timeoutMs)).toEqual([250, 250]);
  });

  it("refuses as CONFLICT, with the caller's message, when the read models are still behind", async () => {
    const { readYourWrites } = readModelsAt(9n, 10n);
    const refusal = await refusalOf(readYourWrites.require(10n, 'Billing is still catching up'));
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ code: 'CONFLICT', message: 'Billing is still catching up' });
  });

  it('waits for the head of the log, and for nothing when the log is empty', async () => {
    const behind = readModelsAt(9n, 10n);
    expect(await refusalOf(behind.readYourWrites.requireLogHead('catching up'))).toMatchObject({ code: 'CONFLICT' });
    expect(behind.waited.map((wait) => wait.position)).toEqual([10n]);
    const empty = readModelsAt(0n, null);
    await empty.readYourWrites.requireLogHead('catching up');
    expect(empty.waited).toEqual([]);
  });
});
