/**
 * The shape every scenario reports, and the child-process protocol: each scenario runs in its own process
 * (`runScenario` in the child, `forkScenario` in the parent), so memory figures and JIT state never leak from
 * one scenario into the next.
 */
import { fork, type ChildProcess, type ForkOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';

export interface Target {
  /** What the issue asks for, in words, e.g. "≥ 100,000 events/s". */
  goal: string;
  /** Whether this run met it; null when it cannot be judged from this run. */
  met: boolean | null;
}

export interface Row {
  /** Stable key, unique across the run (scenario/measure), so other rows can refer to it for ratios. */
  id: string;
  scenario: string;
  measure: string;
  /** The headline figure (a throughput median, a latency p50, a peak...). */
  value: number;
  unit: string;
  p50?: number;
  p99?: number;
  /** Unit of p50/p99 (ms unless said). */
  latencyUnit?: string;
  /** value ÷ value of the row `ratioTo` (filled in by the runner when the rows are collected). */
  ratioTo?: string;
  ratio?: number;
  /** Label of the ratio, e.g. "of the bare better-sqlite3 limit". */
  ratioLabel?: string;
  target?: Target;
  /** Anything else worth keeping in the JSON (repetitions, counts, spreads). */
  detail?: Record<string, unknown>;
}

export interface ScenarioResult {
  scenario: string;
  rows: Row[];
  conditions: Record<string, unknown>;
  notes: string[];
  seconds: number;
}

export interface ScenarioOptions {
  quick: boolean;
  synchronous: 'FULL' | 'NORMAL';
  cacheDir: string;
  /** Extra knobs for development runs (e.g. {"events": 200000}). */
  overrides: Record<string, number>;
}

/** Child side: runs the scenario with the options the parent passed and sends the result back. */
export function runScenario(body: (options: ScenarioOptions) => Promise<Omit<ScenarioResult, 'seconds'>>): void {
  // The runner's stdout carries only the table: whatever a library prints goes to stderr.
  console.log = (...args: unknown[]) => process.stderr.write(`${format(...args)}\n`);
  const options = JSON.parse(process.env.BENCH_OPTIONS ?? '{}') as ScenarioOptions;
  const started = performance.now();
  body(options)
    .then((result) => {
      const message: ScenarioResult = { ...result, seconds: (performance.now() - started) / 1000 };
      process.send!({ kind: 'result', result: message }, () => process.exit(0));
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.send!({ kind: 'error', message: error instanceof Error ? error.message : String(error) }, () => process.exit(1));
    });
}

/**
 * Forks a bench module by its path without extension: the compiled `.js` when this code runs compiled (the
 * measured processes run plain JavaScript, as `npm start` does), the `.ts` through @swc-node/register otherwise.
 */
export function forkModule(pathWithoutExtension: string, options: ForkOptions = {}): ChildProcess {
  const compiled = __filename.endsWith('.js');
  return fork(`${pathWithoutExtension}${compiled ? '.js' : '.ts'}`, [], {
    ...options,
    execArgv: [...(compiled ? [] : ['-r', '@swc-node/register']), ...(options.execArgv ?? [])],
  });
}

/**
 * BENCH_CPU_PROF=<dir> profiles each scenario's process (the server, for the HTTP scenarios) with --cpu-prof into
 * that directory; Node refuses --cpu-prof in NODE_OPTIONS, so it has to be passed here.
 */
const profileArguments = () => (process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []);

/**
 * Parent side: forks scenario `name` from `scenariosDir` (the compiled build, or bench/scenarios for a TypeScript
 * run) and resolves with what it reports.
 */
export function forkScenario(name: string, options: ScenarioOptions, scenariosDir: string): Promise<ScenarioResult> {
  return new Promise((resolve, reject) => {
    const compiled = existsSync(join(scenariosDir, `${name}.js`));
    const child = fork(join(scenariosDir, `${name}.${compiled ? 'js' : 'ts'}`), [], {
      execArgv: [...(compiled ? [] : ['-r', '@swc-node/register']), '--expose-gc', ...profileArguments()],
      env: { ...process.env, BENCH_OPTIONS: JSON.stringify(options) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let settled: ScenarioResult | Error | undefined;
    child.on('message', (message: { kind: 'result'; result: ScenarioResult } | { kind: 'error'; message: string }) => {
      settled = message.kind === 'result' ? message.result : new Error(`${name}: ${message.message}`);
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (settled instanceof Error) reject(settled);
      else if (settled) resolve(settled);
      else reject(new Error(`scenario ${name} exited (${signal ?? code}) without a result`));
    });
  });
}

/** Progress lines go to stderr, so stdout carries only the table. */
export const progress = (scenario: string, message: string) => process.stderr.write(`[bench ${scenario}] ${message}\n`);
