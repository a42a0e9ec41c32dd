/**
 * `npm run verify-packet -- packet.json (--jwk key.json | --url http://host:port)` checks a saved evidence packet
 * offline: the Ed25519 signature over its exact `json` bytes and the hash of every cited event it carries, against a key file (a JWK, a JWK Set, or the saved
 * evidenceSigningKey response) or the key set a CareLedger server publishes at /evidence/jwks.json.
 * Exit status: 0 valid, 1 not valid, 2 the files or arguments could not be used.
 * The saved packet is the JSON object evidencePacket returns with at least { json, signature, kid }. `--help` says so.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { JWKS_PATH } from './signing/published-key';
import { parsePublicKeys, parseSavedPacket, verifySavedPacket } from './signing/saved-packet';

const USAGE = 'usage: npm run verify-packet -- packet.json (--jwk key.json | --url http://host:port)';

const HELP = [
  '  Checks a saved evidencePacket response ({ json, signature, kid } at least) offline: the Ed25519 signature over',
  '  its exact json bytes and the hash of every event it cites.',
  '  --jwk key.json   a JWK, a JWK Set, or the saved evidenceSigningKey response',
  '  --url base       a CareLedger server; its key set is read from /evidence/jwks.json',
  '  Exit status: 0 valid, 1 not valid, 2 the files or arguments could not be used.',
].join('\n');

class UsageError extends Error {}

async function publishedKeys(values: { jwk?: string; url?: string }) {
  if (values.jwk && !values.url) return parsePublicKeys(readFileSync(values.jwk, 'utf8'));
  if (values.url && !values.jwk) {
    const response = await fetch(new URL(JWKS_PATH, values.url));
    if (!response.ok) throw new UsageError(`${response.url} answered ${response.status}`);
    return parsePublicKeys(await response.text());
  }
  throw new UsageError(USAGE);
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: { jwk: { type: 'string' }, url: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n${HELP}\n`);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(USAGE);
  const saved = parseSavedPacket(readFileSync(positionals[0], 'utf8'));
  const result = verifySavedPacket(saved, await publishedKeys(values));
  if (!result.valid) {
    process.stdout.write(`NOT VALID: ${result.problem}\n`);
    return 1;
  }
  const { patientId, month, asOf, auditHeadHash, citedEventsRecomputed } = result.packet!;
  process.stdout.write(
    `VALID: evidence packet of patient ${patientId} for ${month}, record as of ${asOf}, signed by key ${saved.kid}; audit head hash ${auditHeadHash}; ${citedEventsRecomputed} cited events' hashes recomputed\n`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`${error instanceof UsageError ? '' : 'cannot verify: '}${error.message}\n`);
    process.exit(2);
  },
);
