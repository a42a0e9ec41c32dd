/**
 * Generated logs are written once through the event-store port and kept under bench/.cache/ (gitignored), keyed
 * by the generator version and the log's shape; later runs reuse them.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExpectedRevision } from '../../src/event-store/event-store.port';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { careLog, envelope, GENERATOR_VERSION, newChain, type ChainHead, type LogShape } from './care-log';
import { forkModule, progress } from './report';

export const logName = (shape: LogShape) =>
  `care-log-v${GENERATOR_VERSION}-s${shape.seed}-${shape.practices}x${shape.patientsPerPractice}-${shape.eventsPerPatient}e-${shape.months.join('_')}.db`;

export interface CachedLog {
  file: string;
  events: number;
  patients: number;
  /** Whether this run generated it (false: reused from the cache). */
  generated: boolean;
  generateSeconds?: number;
}

/** Appends the whole log through the port; `inFlight` appends are issued before the oldest is awaited. */
export async function writeLog(file: string, shape: LogShape, inFlight = 512): Promise<number> {
  const store = SqliteEventStore.open({ file, synchronous: 'NORMAL' });
  const chains = new Map<string, ChainHead>();
  const recordedAt = new Date();
  const pending: Promise<unknown>[] = [];
  let events = 0;
  try {
    for (const entry of careLog(shape)) {
      let chain = chains.get(entry.stream);
      if (!chain) chains.set(entry.stream, (chain = newChain()));
      const expectedRevision: ExpectedRevision = chain.revision < 0n ? 'no_stream' : chain.revision;
      const sealed = envelope(entry.stream, entry.practice, [entry.planned], chain, recordedAt);
      pending.push(store.appendToStream(entry.stream, sealed, { expectedRevision }));
      events += 1;
      if (pending.length >= inFlight) await Promise.all(pending.splice(0));
      if (events % 100_000 === 0) progress('log', `${events.toLocaleString('en-US')} events written`);
    }
    await Promise.all(pending);
  } finally {
    await store.dispose();
  }
  return events;
}

export async function ensureLog(cacheDir: string, shape: LogShape): Promise<CachedLog> {
  mkdirSync(cacheDir, { recursive: true });
  const file = join(cacheDir, logName(shape));
  const patients = shape.practices * shape.patientsPerPractice;
  const countFile = `${file}.count`;
  if (existsSync(file) && existsSync(countFile)) {
    const events = Number(readFileSync(countFile, 'utf8'));
    return { file, events, patients, generated: false };
  }
  const temporary = `${file}.${process.pid}.tmp`;
  rmSync(temporary, { force: true });
  progress('log', `generating ${logName(shape)} (${patients.toLocaleString('en-US')} patients)`);
  const started = performance.now();
  const events = await writeLog(temporary, shape);
  for (const suffix of ['-wal', '-shm']) rmSync(`${temporary}${suffix}`, { force: true });
  renameSync(temporary, file);
  writeFileSync(countFile, String(events));
  const generateSeconds = (performance.now() - started) / 1000;
  progress('log', `${events.toLocaleString('en-US')} events in ${generateSeconds.toFixed(1)} s (${(statSync(file).size / 2 ** 20).toFixed(0)} MB)`);
  return { file, events, patients, generated: true, generateSeconds };
}

/**
 * Makes sure the log exists, generating it in a child process when it does not, so that the generation's memory
 * never counts in the peak RSS of the process that then measures with it.
 */
export async function ensureLogInChild(cacheDir: string, shape: LogShape): Promise<CachedLog> {
  const file = join(cacheDir, logName(shape));
  if (existsSync(file) && existsSync(`${file}.count`)) return ensureLog(cacheDir, shape);
  return new Promise((resolve, reject) => {
    const child = forkModule(__filename.replace(/\.(ts|js)$/, ''), {
      env: { ...process.env, BENCH_GENERATE_LOG: JSON.stringify({ cacheDir, shape }) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: CachedLog | undefined;
    child.on('message', (message: CachedLog) => (result = message));
    child.on('error', reject);
    child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`log generation exited with ${code}`))));
  });
}

if (require.main === module && process.env.BENCH_GENERATE_LOG) {
  const { cacheDir, shape } = JSON.parse(process.env.BENCH_GENERATE_LOG) as { cacheDir: string; shape: LogShape };
  ensureLog(cacheDir, shape)
    .then((log) => process.send!(log, () => process.exit(0)))
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    });
}
