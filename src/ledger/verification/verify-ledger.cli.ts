/**
 * `npm run verify-ledger -- --checkpoint saved.txt (--url http://host:port | --jwk key.json) [--log events.db]`
 * checks a CareLedger log against a checkpoint saved earlier from GET /ledger/checkpoint: the signatures (the key set
 * of --url's /evidence/jwks.json, or --jwk), the RFC 9162 consistency proof from the saved tree to the server's
 * current one (--url), and, given a copy of the log (--log, the embedded store's file), the tree re-hashed from the
 * events' content. Exit status: 0 consistent, 1 not (naming the first rewritten leaf when it can), 2 could not run.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SqliteEventStore } from '../../event-store/sqlite/sqlite-event-store';
import { JWKS_PATH } from '../../evidence/signing/published-key';
import { parsePublicKeys } from '../../evidence/signing/saved-packet';
import { parseCheckpoint } from '../checkpoint/checkpoint-note';
import { logPages } from './log-replay';
import { verifyLedger, type LedgerServer } from './ledger-verification';

const USAGE = 'usage: npm run verify-ledger -- --checkpoint saved.txt (--url http://host:port | --jwk key.json) [--log events.db]';

class UsageError extends Error {}

async function fetchText(base: string, path: string): Promise<string> {
  const response = await fetch(new URL(path, base));
  if (!response.ok) throw new UsageError(`${response.url} answered ${response.status}`);
  return response.text();
}

async function server(url: string): Promise<LedgerServer> {
  return {
    checkpoint: parseCheckpoint(await fetchText(url, '/ledger/checkpoint')),
    async consistencyProof(from, to) {
      const { proof } = JSON.parse(await fetchText(url, `/ledger/proof/consistency?from=${from}&to=${to}`)) as { proof: string[] };
      return proof.map((hash) => Buffer.from(hash, 'base64'));
    },
  };
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { checkpoint: { type: 'string' }, url: { type: 'string' }, jwk: { type: 'string' }, log: { type: 'string' } } });
  if (!values.checkpoint || !(values.url || values.jwk)) throw new UsageError(USAGE);
  const saved = parseCheckpoint(readFileSync(values.checkpoint, 'utf8'));
  const keys = parsePublicKeys(values.jwk ? readFileSync(values.jwk, 'utf8') : await fetchText(values.url!, JWKS_PATH));
  const store = values.log ? SqliteEventStore.open({ file: values.log, synchronous: 'NORMAL' }) : undefined;
  try {
    const log = store && logPages((from, maxCount) => store.readAll({ fromPosition: from, maxCount }));
    const verdict = await verifyLedger(saved, keys, values.url ? await server(values.url) : undefined, log);
    if (verdict.consistent) {
      process.stdout.write(`CONSISTENT: ${verdict.summary}\n`);
      return 0;
    }
    const leaf = verdict.firstDivergentLeaf;
    const where = leaf ? `; first divergent leaf ${leaf.index} (event ${leaf.eventId}, ${leaf.stream} revision ${leaf.revision})` : '';
    process.stdout.write(`NOT CONSISTENT: ${verdict.problem}${where}\n`);
    return 1;
  } finally {
    await store?.dispose();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`${error instanceof UsageError ? '' : 'cannot verify: '}${error.message}\n`);
    process.exit(2);
  },
);
