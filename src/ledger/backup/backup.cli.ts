/**
 * `npm run backup -- <file>` takes a consistent copy of the embedded event log (DATA_DIR/events.db) while the server
 * keeps serving: SQLite's online backup API copies the pages of one snapshot, the WAL included, without stopping
 * writers. The copy is then re-hashed and checked against the signed ledger heads it holds. The read models are not
 * backed up: they are rebuilt from the log. Exit status: 0 backed up and verified, 1 the copy does not verify,
 * 2 could not run.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../config/config';
import { SqliteEventStore } from '../../event-store/sqlite/sqlite-event-store';
import { instancePublicKey } from './instance-key';
import { verifyLogAgainstHeads } from './verify-log-file';

async function main(): Promise<number> {
  const [target] = process.argv.slice(2);
  if (!target) throw new Error('usage: npm run backup -- <file>');
  const config = loadConfig();
  if (config.eventStoreUrl !== 'sqlite')
    throw new Error('EVENT_STORE_URL is an EventStoreDB: back it up with its own tools (README "Proving the log to outsiders")');
  const source = join(config.dataDir, 'events.db');
  if (!existsSync(source)) throw new Error(`no event log at ${source}`);
  const destination = resolve(target);
  if (existsSync(destination)) throw new Error(`${destination} exists; choose a new file`);

  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    await db.backup(destination);
  } finally {
    db.close();
  }
  const copy = SqliteEventStore.open({ file: destination, synchronous: 'NORMAL' });
  try {
    const verdict = await verifyLogAgainstHeads(copy, instancePublicKey(config));
    if (!verdict.consistent) {
      process.stdout.write(`BACKUP DOES NOT VERIFY: ${verdict.problem}\n`);
      return 1;
    }
    process.stdout.write(
      `BACKED UP: ${verdict.events} events to ${destination}; re-hashed, consistent with the signed head of tree size ${verdict.latestHead ?? 'none yet'}\n`,
    );
    return 0;
  } finally {
    await copy.dispose();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`cannot back up: ${error.message}\n`);
    process.exit(2);
  },
);
