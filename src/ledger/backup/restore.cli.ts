/**
 * `npm run restore -- <backup file> [--checkpoint saved.txt]` puts a backup in place of DATA_DIR/events.db, with the
 * server stopped, only after the backup has been re-hashed and found consistent with every signed head it holds and
 * with a checkpoint kept outside (`--checkpoint`, e.g. the latest one a payer holds). The log it replaces is kept
 * beside it; the read models are removed, so the server rebuilds them (and the ledger's tree) from the restored log.
 * Exit status: 0 restored, 1 the backup does not verify (nothing changed), 2 could not run.
 */
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { loadConfig } from '../../config/config';
import { SqliteEventStore } from '../../event-store/sqlite/sqlite-event-store';
import { parseCheckpoint } from '../checkpoint/checkpoint-note';
import { instancePublicKey } from './instance-key';
import { verifyLogAgainstHeads } from './verify-log-file';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ options: { checkpoint: { type: 'string' } }, allowPositionals: true });
  if (positionals.length !== 1) throw new Error('usage: npm run restore -- <backup file> [--checkpoint saved.txt]');
  const backup = resolve(positionals[0]);
  if (!existsSync(backup)) throw new Error(`no backup at ${backup}`);
  const config = loadConfig();
  if (config.eventStoreUrl !== 'sqlite')
    throw new Error('EVENT_STORE_URL is an EventStoreDB: restore it with its own tools (README "Proving the log to outsiders")');

  const saved = values.checkpoint ? parseCheckpoint(readFileSync(values.checkpoint, 'utf8')) : undefined;
  const store = SqliteEventStore.open({ file: backup, synchronous: 'NORMAL' });
  let verdict;
  try {
    verdict = await verifyLogAgainstHeads(store, instancePublicKey(config), saved);
  } finally {
    await store.dispose();
  }
  if (!verdict.consistent) {
    process.stdout.write(`NOT RESTORED: ${verdict.problem}\n`);
    return 1;
  }

  const target = join(config.dataDir, 'events.db');
  if (existsSync(target)) {
    const aside = `${target}.replaced-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    // A clean copy of the log being replaced (its WAL folded in), kept in case the restore was a mistake.
    const current = new Database(target, { fileMustExist: true });
    try {
      await current.backup(aside);
    } finally {
      current.close();
    }
    process.stdout.write(`the log it replaces is kept as ${aside}\n`);
  }
  const staging = `${target}.restoring`;
  const source = new Database(backup, { readonly: true, fileMustExist: true });
  try {
    await source.backup(staging);
  } finally {
    source.close();
  }
  for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  renameSync(staging, target);
  for (const suffix of ['', '-wal', '-shm']) rmSync(join(config.dataDir, `read-models.db${suffix}`), { force: true });
  process.stdout.write(
    `RESTORED: ${verdict.events} events, consistent with the signed head of tree size ${verdict.latestHead ?? 'none yet'}; the read models are rebuilt at the next start\n`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`cannot restore: ${error.message}\n`);
    process.exit(2);
  },
);
