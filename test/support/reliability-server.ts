/**
 * The real server as a child process (`node -r @swc-node/register src/main.ts`), for tests that kill it: it listens
 * on 127.0.0.1's ephemeral port (PORT=0, the port parsed from its start-up log line), keeps its data in the DATA_DIR
 * it is given, and is always bounded in time: a child that does not start, or does not exit when told, is killed.
 * Also the rebuild CLI as a child, and a small GraphQL client with a bounded-concurrency load driver.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { TEST_SECRET, type GraphQLResponse } from './app-harness';

const ROOT = join(__dirname, '..', '..');
const START_TIMEOUT_MS = 20_000;

export interface ChildServer {
  url: string;
  pid: number;
  /** Every line it wrote (stdout and stderr). */
  logs: string[];
  /** Resolves when the process has exited, with its exit code or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL: no shutdown hook runs, as in a crash or an OOM kill. */
  crash(): Promise<void>;
  /** SIGTERM, then waits for the graceful shutdown (SIGKILL after 10 s). */
  stop(): Promise<void>;
}

function childEnv(dataDir: string, env: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, NODE_ENV: 'test', DATA_DIR: dataDir, PORT: '0', AUTH_JWT_SECRET: TEST_SECRET, LOG_LEVEL: 'info', ...env };
}

function collectLines(child: ChildProcess, logs: string[], onLine?: (line: string) => void) {
  for (const stream of [child.stdout, child.stderr]) {
    let partial = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        logs.push(line);
        onLine?.(line);
      }
    });
  }
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

/** Starts `src/main.ts` on DATA_DIR and resolves once it listens. */
export async function startServer(dataDir: string, env: Record<string, string> = {}): Promise<ChildServer> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], {
    cwd: ROOT,
    env: childEnv(dataDir, env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const exited = exitOf(child);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not start within ${START_TIMEOUT_MS} ms:\n${logs.join('\n')}`));
    }, START_TIMEOUT_MS);
    collectLines(child, logs, (line) => {
      const match = /"port":(\d+),.*CareLedger GraphQL at/.exec(line);
      if (match) {
        clearTimeout(timer);
        if (match[1] === '0') {
          child.kill('SIGKILL');
          reject(new Error('the server logged port 0: src/main.ts must log the port it bound, not the PORT setting'));
        } else resolve(Number(match[1]));
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code ?? signal}) before listening:\n${logs.join('\n')}`));
    });
  });
  const terminate = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, logs, exited, crash: () => terminate('SIGKILL'), stop: () => terminate('SIGTERM') };
}

/** Runs `npm run projections:rebuild` (the CLI itself) on DATA_DIR; resolves with its logs once it exited 0. */
export async function runRebuildCli(dataDir: string, timeoutMs = 30_000): Promise<string[]> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/projections/rebuild.cli.ts'], {
    cwd: ROOT,
    env: childEnv(dataDir, {}),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return watchRebuild(child, timeoutMs);
}

/** The rebuild CLI as a child the caller may kill (SIGKILL after 30 s at the latest); `exited` resolves when it has ended. */
export function spawnRebuildCli(dataDir: string): {
  child: ChildProcess;
  logs: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
} {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/projections/rebuild.cli.ts'], {
    cwd: ROOT,
    env: childEnv(dataDir, {}),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  collectLines(child, logs);
  const exited = exitOf(child);
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  void exited.then(() => clearTimeout(timer));
  return { child, logs, exited };
}

async function watchRebuild(child: ChildProcess, timeoutMs: number): Promise<string[]> {
  const logs: string[] = [];
  collectLines(child, logs);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const { code, signal } = await exitOf(child);
  clearTimeout(timer);
  if (code !== 0) throw new Error(`the rebuild CLI ended with ${code ?? signal}:\n${logs.join('\n')}`);
  return logs;
}

export type Gql = <T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string) => Promise<GraphQLResponse<T>>;

/** A GraphQL client of `url`; every request is bounded by `timeoutMs`. */
export function gqlClient(url: string, timeoutMs = 10_000): Gql {
  return async (query, variables, token) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { ...((await response.json()) as GraphQLResponse), status: response.status } as GraphQLResponse<any>;
  };
}

/** What became of one request of a load: answered (with the response) or not (the connection failed). */
export type Sent<T> = { request: T; answered: true; response: GraphQLResponse } | { request: T; answered: false; error: string };

/**
 * Sends `requests` with at most `concurrency` in flight, in order; `onAnswer` sees every outcome as it arrives (a
 * test kills the server from there). Stops sending new requests once `stop()` returns true.
 */
export async function drive<T>(
  requests: T[],
  concurrency: number,
  send: (request: T) => Promise<GraphQLResponse>,
  onAnswer: (outcome: Sent<T>, outcomes: Sent<T>[]) => void = () => undefined,
): Promise<Sent<T>[]> {
  const outcomes: Sent<T>[] = [];
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const request = requests[next++];
      let outcome: Sent<T>;
      try {
        outcome = { request, answered: true, response: await send(request) };
      } catch (error) {
        outcome = {
          request,
          answered: false,
          error: error instanceof Error ? `${error.message} ${String((error as { cause?: unknown }).cause ?? '')}` : String(error),
        };
      }
      outcomes.push(outcome);
      onAnswer(outcome, outcomes);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return outcomes;
}
