import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FoldedStream } from './folded-streams';

/** A fold whose state is plain JSON, under a name that stays the same across restarts (the snapshot's key). */
export interface SnapshotFold {
  name: string;
  evolve: unknown;
}

/** A snapshot as read back: the fold at `revision`, to be checked against the log before it is used. */
export type StoredSnapshot<S> = Omit<FoldedStream<S>, 'snapshotRevision'>;

/** Streams shorter than this are folded from the log: reading a few hundred events costs less than a snapshot. */
export const SNAPSHOT_EVERY = 500;

/**
 * Snapshots of long streams' folds (state, head of the hash chain, the commands applied), so the first command on
 * a stream after a restart folds only what came after the snapshot. A cache beside the log, never a source of
 * truth: the pipeline uses a snapshot only when the log still has the snapshot's head hash at its revision, and
 * every snapshot carries the fingerprint of the code that folded it, so a release that could fold differently
 * (any changed source file) starts from the log again.
 */
export class StreamSnapshots {
  private readonly folds = new Map<unknown, string>();
  private readonly readStatement: Database.Statement<[string, string, string], { revision: number; body: string }>;
  private readonly writeStatement: Database.Statement<[string, string, string, number, string]>;
  private readonly deleteStatement: Database.Statement<[string, string]>;

  private constructor(
    private readonly db: Database.Database,
    folds: readonly SnapshotFold[],
    private readonly fingerprintOf: () => string,
  ) {
    for (const fold of folds) this.folds.set(fold.evolve, fold.name);
    db.exec(`CREATE TABLE IF NOT EXISTS stream_snapshots (
      stream TEXT NOT NULL, fold TEXT NOT NULL, code TEXT NOT NULL, revision INTEGER NOT NULL, body TEXT NOT NULL,
      PRIMARY KEY (stream, fold))`);
    this.readStatement = db.prepare('SELECT revision, body FROM stream_snapshots WHERE stream = ? AND fold = ? AND code = ?');
    this.writeStatement = db.prepare('INSERT OR REPLACE INTO stream_snapshots (stream, fold, code, revision, body) VALUES (?, ?, ?, ?, ?)');
    this.deleteStatement = db.prepare('DELETE FROM stream_snapshots WHERE stream = ? AND fold = ?');
  }

  /**
   * Opens (creating) the snapshot file; only the folds named here are snapshotted (their states must be plain JSON).
   * The code's fingerprint is taken when a snapshot is first read or written, not at start-up.
   */
  static open(file: string, folds: readonly SnapshotFold[], fingerprint: string | (() => string) = codeFingerprint): StreamSnapshots {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    // Losing the last snapshots on a power cut only means folding those streams from the log once more.
    db.pragma('synchronous = OFF');
    return new StreamSnapshots(db, folds, typeof fingerprint === 'string' ? () => fingerprint : fingerprint);
  }

  private fingerprintValue?: string;
  private get fingerprint(): string {
    return (this.fingerprintValue ??= this.fingerprintOf());
  }

  /** Whether streams folded by `evolve` are snapshotted. */
  covers(evolve: unknown): boolean {
    return this.folds.has(evolve);
  }

  read<S>(stream: string, evolve: unknown): StoredSnapshot<S> | undefined {
    const fold = this.folds.get(evolve);
    if (fold === undefined) return undefined;
    const row = this.readStatement.get(stream, fold, this.fingerprint);
    if (!row) return undefined;
    const body = JSON.parse(row.body) as SnapshotBody<S>;
    return {
      state: body.state,
      revision: BigInt(row.revision),
      headHash: body.headHash,
      appliedCommands: new Map(body.applied.map(([key, hash, revisions]) => [key, { hash, revisions: revisions.map(BigInt) }])),
    };
  }

  write<S>(stream: string, evolve: unknown, folded: StoredSnapshot<S>): void {
    const fold = this.folds.get(evolve);
    // A command finishing while the application shuts down keeps its result; the snapshot is only a cache.
    if (fold === undefined || !this.db.open) return;
    const applied = [...folded.appliedCommands].map(([key, { hash, revisions }]): AppliedRow => [key, hash, revisions.map(Number)]);
    const body: SnapshotBody<S> = { state: folded.state, headHash: folded.headHash, applied };
    this.writeStatement.run(stream, fold, this.fingerprint, Number(folded.revision), JSON.stringify(body));
  }

  /** Forgets a snapshot the log contradicts (e.g. after a restore of another log). */
  discard(stream: string, evolve: unknown): void {
    const fold = this.folds.get(evolve);
    if (fold !== undefined) this.deleteStatement.run(stream, fold);
  }

  close(): void {
    this.db.close();
  }
}

type AppliedRow = [key: string, hash: string, revisions: number[]];
interface SnapshotBody<S> {
  state: S;
  headHash: string | null;
  applied: AppliedRow[];
}

let fingerprintOfThisCode: string | undefined;

/**
 * A hash of every source file of the application as it runs (TypeScript under the test runner, JavaScript when
 * built), specs aside. Conservative on purpose: a fold's state shape can change in any file an evolve imports, and
 * a changed release folds its long streams from the log once, then snapshots them again. Computed once a process.
 */
export function codeFingerprint(root = join(__dirname, '..')): string {
  if (fingerprintOfThisCode !== undefined && root === join(__dirname, '..')) return fingerprintOfThisCode;
  const hash = createHash('sha256');
  const files = (readdirSync(root, { recursive: true, encoding: 'utf8' }) as string[])
    .filter((file) => /\.(ts|js)$/.test(file) && !/\.(spec|test)\.(ts|js)$/.test(file) && !file.endsWith('.d.ts'))
    .sort();
  for (const file of files)
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(root, file)))
      .update('\0');
  const fingerprint = hash.digest('hex');
  if (root === join(__dirname, '..')) fingerprintOfThisCode = fingerprint;
  return fingerprint;
}
