import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import nacl from 'tweetnacl';
import { eventHash } from '../../src/event-store/envelope';
import type { TestApp } from './app-harness';

export const LEDGER_HEAD = `{ ledgerHead { treeSize rootHash timestamp kid signature checkpoint } }`;
export const LEDGER_HEADS = `query($first: Int, $after: String) { ledgerHeads(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { treeSize rootHash checkpoint } } } }`;

/** A checkpoint read as an outsider reads it: the note's lines, and its signature checked with TweetNaCl. */
export function outsiderReadsCheckpoint(note: string, publicKeyX: string): { origin: string; treeSize: number; rootHash: string; signatureValid: boolean } {
  const [origin, size, rootHash, blank, signatureLine] = note.split('\n');
  if (blank !== '') throw new Error('no blank line after the checkpoint');
  const [dash, name, blob] = signatureLine.split(' ');
  const bytes = Buffer.from(blob, 'base64');
  const publicKey = Buffer.from(publicKeyX, 'base64url');
  const keyHash = createHash('sha256')
    .update(Buffer.concat([Buffer.from(`${name}\n`), Buffer.from([1]), publicKey]))
    .digest()
    .subarray(0, 4);
  const text = `${origin}\n${size}\n${rootHash}\n`;
  const signatureValid =
    dash === '\u2014' && name === origin && bytes.subarray(0, 4).equals(keyHash) && nacl.sign.detached.verify(Buffer.from(text), bytes.subarray(4), publicKey);
  return { origin, treeSize: Number(size), rootHash, signatureValid };
}

export async function getText(app: TestApp, path: string): Promise<{ status: number; type: string | null; text: string }> {
  const response = await fetch(`${app.url}${path}`);
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

export async function publishedKeyX(app: TestApp): Promise<{ x: string; kid: string }> {
  const { keys } = JSON.parse((await getText(app, '/evidence/jwks.json')).text) as { keys: { x: string; kid: string }[] };
  return keys[0];
}

/** `npm run <script> -- <args>`, run as the script line runs it; never rejects, reports the exit code. */
export async function runScript(script: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['-r', '@swc-node/register', script, ...args], {
      env: { PATH: process.env.PATH, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

interface EventRowForRewrite {
  position: bigint;
  stream_id: string;
  revision: bigint;
  type: string;
  data: string;
  metadata: string;
}

/**
 * What an insider with write access to events.db does: edits one event's data and recomputes the hash chain of the
 * rest of its stream, so that the stream's own verification passes. Returns the rewritten event's leaf index (its
 * place in log order) and id. The app must be stopped.
 */
export function rewriteEventAndRechain(
  dataDir: string,
  stream: string,
  pick: (type: string, data: Record<string, unknown>) => boolean,
  edit: (data: Record<string, unknown>) => void,
): { leafIndex: number; eventId: string } {
  const db = new Database(join(dataDir, 'events.db'));
  try {
    const rows = db
      .prepare('SELECT position, stream_id, revision, event_id, type, data, metadata FROM events WHERE stream_id = ? ORDER BY revision')
      .safeIntegers(true)
      .all(stream) as (EventRowForRewrite & { event_id: string })[];
    const target = rows.findIndex((row) => pick(row.type, JSON.parse(row.data)));
    if (target < 0) throw new Error('no event to rewrite');
    const update = db.prepare('UPDATE events SET data = ?, metadata = ? WHERE position = ?');
    let previous = (JSON.parse(rows[target].metadata) as { previousHash: string | null }).previousHash;
    db.transaction(() => {
      for (const row of rows.slice(target)) {
        const data = JSON.parse(row.data);
        if (row === rows[target]) edit(data);
        const metadata = { ...JSON.parse(row.metadata), previousHash: previous };
        metadata.hash = eventHash({ stream: row.stream_id, revision: row.revision, type: row.type, data, metadata });
        previous = metadata.hash;
        update.run(JSON.stringify(data), JSON.stringify(metadata), row.position);
      }
    })();
    const { before } = db.prepare('SELECT COUNT(*) AS before FROM events WHERE position < ?').get(rows[target].position) as { before: number };
    return { leafIndex: before, eventId: rows[target].event_id };
  } finally {
    db.close();
  }
}
