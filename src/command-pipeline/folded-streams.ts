/**
 * A command the stream has applied: its input's hash and where its events are, not the events themselves (a long
 * stream's fold would otherwise keep every event it ever had in memory). A retry reads them back from the log.
 */
export interface AppliedCommand {
  hash: string;
  /** Revisions of the command's events in the stream, ascending. */
  revisions: bigint[];
}

/** A stream folded up to `revision`: what a command needs to decide, idempotency included. */
export interface FoldedStream<S> {
  state: S;
  revision: bigint;
  headHash: string | null;
  /** Keyed by practice and commandId (see appliedKey). */
  appliedCommands: Map<string, AppliedCommand>;
  /** Revision of the stream's newest stored snapshot (stream-snapshots.ts); -1n when there is none. */
  snapshotRevision: bigint;
}

interface Entry {
  evolve: unknown;
  folded: FoldedStream<unknown>;
}

/**
 * Recently folded streams, so a command reads and folds only the events appended since (events never change, so a
 * fold stays valid forever). Keyed by the evolve function too: two deciders folding one stream differently must not
 * share a state. Least recently used streams are forgotten first and simply folded again when needed.
 */
export class FoldedStreams {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity = 2000) {}

  get<S>(stream: string, evolve: unknown): FoldedStream<S> | undefined {
    const entry = this.entries.get(stream);
    if (!entry || entry.evolve !== evolve) return undefined;
    this.entries.delete(stream);
    this.entries.set(stream, entry);
    return entry.folded as FoldedStream<S>;
  }

  set<S>(stream: string, evolve: unknown, folded: FoldedStream<S>) {
    this.entries.delete(stream);
    this.entries.set(stream, { evolve, folded });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}
