import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';

/**
 * A signed tree head as a C2SP signed note (c2sp.org/signed-note) carrying a C2SP checkpoint (c2sp.org/tlog-checkpoint):
 *
 *   <origin>\n<tree size, decimal>\n<root hash, base64>\n\n— <key name> <base64(key hash ‖ Ed25519 signature)>\n
 *
 * The signature covers the note text (the first three lines with their newlines). The key hash is the first four
 * bytes of SHA-256(key name ‖ "\n" ‖ 0x01 ‖ public key), 0x01 naming the Ed25519 algorithm, so a verifier holding
 * several keys knows which one to try.
 */
export interface TreeHead {
  treeSize: number;
  rootHash: Buffer;
}

export interface NoteSignature {
  keyName: string;
  keyHash: Buffer;
  signature: Buffer;
}

export interface ParsedCheckpoint extends TreeHead {
  origin: string;
  /** The signed text: origin, size and root lines. */
  body: string;
  signatures: NoteSignature[];
}

const ED25519_ALGORITHM = 0x01;
const SIGNATURE_PREFIX = '\u2014 ';

export class CheckpointFormatError extends Error {
  override readonly name = 'CheckpointFormatError';
}

export function checkpointBody(origin: string, head: TreeHead): string {
  assertKeyName(origin);
  return `${origin}\n${head.treeSize}\n${head.rootHash.toString('base64')}\n`;
}

export function noteKeyHash(keyName: string, publicKey: Buffer): Buffer {
  return createHash('sha256')
    .update(`${keyName}\n`)
    .update(Buffer.from([ED25519_ALGORITHM]))
    .update(publicKey)
    .digest()
    .subarray(0, 4);
}

/** The note text with its signature line. The key name is the origin: one log, one name. */
export function signedCheckpoint(body: string, keyName: string, publicKey: Buffer, signature: Buffer): string {
  assertKeyName(keyName);
  return `${body}\n${SIGNATURE_PREFIX}${keyName} ${Buffer.concat([noteKeyHash(keyName, publicKey), signature]).toString('base64')}\n`;
}

export function parseCheckpoint(note: string): ParsedCheckpoint {
  const split = note.indexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new CheckpointFormatError('not a signed note: no blank line before the signatures, or no final newline');
  const body = note.slice(0, split + 1);
  const [origin, size, root] = body.slice(0, -1).split('\n');
  if (!origin || !/^(0|[1-9]\d{0,15})$/.test(size ?? '') || !/^[A-Za-z0-9+/]{43}=$/.test(root ?? '')) {
    throw new CheckpointFormatError('not a checkpoint: expected an origin line, a decimal tree size and a base64 SHA-256 root');
  }
  const signatures = note
    .slice(split + 2, -1)
    .split('\n')
    .map((line) => {
      const match = /^\u2014 (\S+) ([A-Za-z0-9+/]+={0,2})$/.exec(line);
      const bytes = match ? Buffer.from(match[2], 'base64') : Buffer.alloc(0);
      if (!match || bytes.length !== 4 + 64) throw new CheckpointFormatError('a signature line is not "— <name> <base64 key hash and Ed25519 signature>"');
      return { keyName: match[1], keyHash: bytes.subarray(0, 4), signature: bytes.subarray(4) };
    });
  return { origin, body, treeSize: Number(size), rootHash: Buffer.from(root, 'base64'), signatures };
}

/** True when one of the note's signatures is this key's (matched by name and key hash) and verifies. */
export function checkpointSignedBy(checkpoint: ParsedCheckpoint, keyName: string, publicKey: Buffer): boolean {
  const keyHash = noteKeyHash(keyName, publicKey);
  const key: KeyObject = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey.toString('base64url') }, format: 'jwk' });
  return checkpoint.signatures.some(
    (line) => line.keyName === keyName && line.keyHash.equals(keyHash) && verify(null, Buffer.from(checkpoint.body, 'utf8'), key, line.signature),
  );
}

function assertKeyName(name: string): void {
  // The signed-note grammar: a non-empty name without spaces or "+".
  if (!/^[^\s+]+$/.test(name)) throw new CheckpointFormatError(`"${name}" cannot name a signed note's key (no spaces or "+")`);
}
