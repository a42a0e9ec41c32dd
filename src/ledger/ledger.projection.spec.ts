import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { RecordedEvent } from '../event-store/event-store.port';
import type { ReadDatabase } from '../projections/projection';
import { rfcMth, sha256 } from '../../test/support/rfc9162-verifier';
import { LedgerProjection } from './ledger.projection';
import { LedgerTree } from './tree/ledger-tree';

/** Events of a log whose positions grow by 7, as an EventStoreDB log's commit positions grow by the record sizes. */
const logOf = (count: number): RecordedEvent[] =>
  Array.from({ length: count }, (_, i) => ({
    streamId: `patient-${i % 5}`,
    revision: BigInt(Math.floor(i / 5)),
    position: BigInt(100 + 7 * i),
    id: randomUUID(),
    type: 'CallLogged',
    data: { n: i },
    metadata: { hash: sha256(Buffer.from(`event ${i}`)).toString('hex') },
    recordedAt: new Date(0),
  }));

const eventHashes = (events: RecordedEvent[]) => events.map((event) => Buffer.from(event.metadata.hash as string, 'hex'));

function ledgerOn(db: ReadDatabase) {
  const tree = new LedgerTree();
  const projection = new LedgerProjection(tree);
  projection.setup(db);
  /** A page inside its own transaction, as the engine applies one together with its checkpoint. */
  const page = db.transaction((events: RecordedEvent[]) => projection.applyBatch(db, events));
  return { tree, projection, page };
}

const storedLeaves = (db: ReadDatabase) =>
  db.prepare('SELECT leaf_index, position, hex(event_hash) AS hash, hex(completed) AS completed FROM ledger_leaves ORDER BY leaf_index').all();

describe('the ledger projection', () => {
  let db: ReadDatabase;
  beforeEach(() => {
    db = new Database(':memory:');
  });
  afterEach(() => db.close());

  it('grows the tree of RFC 9162 page by page, the same tree as one event at a time', () => {
    const log = logOf(45);
    const { tree, page } = ledgerOn(db);
    for (const [from, to] of [
      [0, 1],
      [1, 8],
      [8, 9],
      [9, 30],
      [30, 45],
    ])
      page(log.slice(from, to));
    expect(tree.storedSize()).toBe(45);
    for (let size = 1; size <= 45; size++) expect(tree.root(size).toString('hex')).toBe(rfcMth(eventHashes(log).slice(0, size)).toString('hex'));

    const single = new Database(':memory:');
    const oneByOne = ledgerOn(single);
    single.transaction(() => log.forEach((event) => oneByOne.projection.apply(single, event)))();
    expect(storedLeaves(single)).toEqual(storedLeaves(db));
    single.close();
  });

  it('writes a rebuild-sized page in chunks, with heads inside it judged against the leaves before them', () => {
    const log = logOf(1000);
    const headAt = (index: number, treeSize: number, root: Buffer): RecordedEvent => ({
      ...log[index],
      type: 'LedgerHeadSigned',
      data: { treeSize: String(treeSize), rootHash: root.toString('base64'), timestamp: 't', kid: 'k', signature: 's', checkpoint: 'c', occasion: 'INTERVAL' },
    });
    // A head of the 130 leaves before it (past two full chunks), and one whose root is not this tree's.
    log[130] = headAt(130, 130, rfcMth(eventHashes(log).slice(0, 130)));
    log[700] = headAt(700, 699, sha256(Buffer.from('another tree')));
    const { tree, page } = ledgerOn(db);
    page(log);
    expect(tree.storedSize()).toBe(1000);
    for (const size of [1, 63, 64, 65, 129, 130, 131, 512, 999, 1000]) expect(tree.root(size)).toEqual(rfcMth(eventHashes(log).slice(0, size)));
    expect(tree.headsOldestFirst().map((head) => [Number(head.tree_size), Number(head.consistent)])).toEqual([
      [130, 1],
      [699, 0],
    ]);

    const single = new Database(':memory:');
    const oneByOne = ledgerOn(single);
    single.transaction(() => log.forEach((event) => oneByOne.projection.apply(single, event)))();
    expect(storedLeaves(single)).toEqual(storedLeaves(db));
    single.close();
  });

  it('finds every leaf by its log position, and none for a position between two events', () => {
    const log = logOf(23);
    const { tree, page } = ledgerOn(db);
    page(log);
    log.forEach((event, index) => expect(tree.leafOf(event.position)).toMatchObject({ leaf_index: BigInt(index), event_id: event.id }));
    expect(tree.leafOf(log[4].position + 1n)).toBeUndefined();
    expect(tree.leafOf(log[22].position + 7n)).toBeUndefined();
    expect(tree.leafOf(0n)).toBeUndefined();
  });

  it('makes one leaf of an event delivered again, also inside a page', () => {
    const log = logOf(12);
    const { tree, page } = ledgerOn(db);
    page(log.slice(0, 6));
    page(log.slice(3, 12));
    page(log.slice(11, 12));
    expect(tree.storedSize()).toBe(12);
    expect(tree.root(12)).toEqual(rfcMth(eventHashes(log)));
  });

  it('after a rolled-back page appends from the stored tree, not from the edge memory got ahead to', () => {
    const log = logOf(20);
    const { tree, projection, page } = ledgerOn(db);
    page(log.slice(0, 5));
    const failingPage = db.transaction((events: RecordedEvent[]) => {
      projection.applyBatch(db, events);
      throw new Error('another projection failed on this page');
    });
    expect(() => failingPage(log.slice(5, 11))).toThrow('another projection failed');
    expect(tree.storedSize()).toBe(5);
    page(log.slice(5, 20));
    expect(tree.storedSize()).toBe(20);
    for (let size = 5; size <= 20; size++) expect(tree.root(size)).toEqual(rfcMth(eventHashes(log).slice(0, size)));
  });

  it('continues a tree another writer of the same file grew meanwhile', () => {
    const log = logOf(16);
    const first = ledgerOn(db);
    const second = ledgerOn(db);
    first.page(log.slice(0, 3));
    second.page(log.slice(0, 7));
    first.page(log.slice(3, 16));
    expect(first.tree.storedSize()).toBe(16);
    expect(first.tree.root(16)).toEqual(rfcMth(eventHashes(log)));
  });
});
