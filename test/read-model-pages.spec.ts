import Database from 'better-sqlite3';
import { careLog, envelope, newChain, type ChainHead } from '../bench/lib/care-log';
import { AuditTrailProjection } from '../src/audit/trail/audit-trail.projection';
import type { RecordedEvent } from '../src/event-store/event-store.port';
import { LedgerProjection } from '../src/ledger/ledger.projection';
import { LedgerTree } from '../src/ledger/tree/ledger-tree';
import { PatientProjection } from '../src/patients/patient.projection';
import type { Projection } from '../src/projections/projection';
import { TaskRuleProjection } from '../src/task-rules/task-rule.projection';
import { WorklistProjection } from '../src/worklist/worklist.projection';
import { dumpReadModels } from './support/read-model-dump';

/**
 * Batch-aware projections fold a page in memory and write it at the end: whatever the page size, and after a page
 * rolled back and applied again, the read models must hold exactly what event-at-a-time application gives.
 */

/** A realistic care log (30 patients over two months, with corrections and voids) as the store would deliver it. */
function recordedLog(): RecordedEvent[] {
  const chains = new Map<string, ChainHead>();
  const events: RecordedEvent[] = [];
  for (const { stream, practice, planned } of careLog({
    seed: 7,
    practices: 1,
    patientsPerPractice: 30,
    months: ['2026-09', '2026-10'],
    eventsPerPatient: 20,
  })) {
    const chain = chains.get(stream) ?? newChain();
    chains.set(stream, chain);
    const recordedAt = new Date(planned.at + 60_000);
    for (const event of envelope(stream, practice, [planned], chain, recordedAt)) {
      events.push({ ...event, streamId: stream, revision: chain.revision, position: BigInt(events.length), recordedAt });
    }
  }
  return events;
}

const log = recordedLog();

/** The read model after applying the log in pages of `pageSize`; `rollBackEvery` pages is first applied in a transaction that fails. */
function readModelAfter(makeProjection: () => Projection, pageSize: number, rollBackEvery = 0) {
  const db = new Database(':memory:');
  const projection = makeProjection();
  projection.setup(db);
  const applyPage = (page: RecordedEvent[]) => (projection.applyBatch ? projection.applyBatch(db, page) : page.forEach((event) => projection.apply(db, event)));
  for (let start = 0, index = 0; start < log.length; start += pageSize, index++) {
    const page = log.slice(start, start + pageSize);
    if (rollBackEvery > 0 && index % rollBackEvery === 0) {
      expect(() =>
        db.transaction(() => {
          applyPage(page);
          throw new Error('another projection failed');
        })(),
      ).toThrow('another projection failed');
    }
    db.transaction(() => applyPage(page))();
  }
  if (projection.applyBatch) projection.applyBatch(db, []);
  const views = db.prepare("SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name").pluck().all() as string[];
  const dump = { ...dumpReadModels(db), ...Object.fromEntries(views.map((view) => [view, db.prepare(`SELECT * FROM "${view}" ORDER BY 1`).all()])) };
  db.close();
  return dump;
}

describe.each([
  ['patients', () => new PatientProjection()],
  ['audit trail', () => new AuditTrailProjection()],
  ['task rules', () => new TaskRuleProjection()],
  ['worklist', () => new WorklistProjection()],
  ['ledger tree', () => new LedgerProjection(new LedgerTree())],
])('the %s read model applied a page at a time', (_name, makeProjection: () => Projection) => {
  const oneAtATime = readModelAfter(makeProjection, 1);

  it('holds rows for the log (the comparison is not of empty tables)', () => {
    expect(Object.values(oneAtATime).some((rows) => rows.length > 0)).toBe(true);
  });

  it.each([7, 250, log.length])('is the same in pages of %i events as one event at a time', (pageSize) => {
    expect(readModelAfter(makeProjection, pageSize)).toEqual(oneAtATime);
  });

  it('is the same when pages roll back (another projection failed) and are applied again', () => {
    expect(readModelAfter(makeProjection, 50, 3)).toEqual(oneAtATime);
  });
});
