/**
 * `npm run bench` runs every scenario on the embedded store, prints one table and writes it as JSON.
 *
 *   npm run bench                     full run → bench/results/latest.json and bench/results/<date>.json
 *                                     (with --only or --set: bench/results/latest-partial.json)
 *   npm run bench -- --quick          smoke run (< 1 min) → bench/results/latest-quick.json
 *   npm run bench -- --only raw-append,rebuild     some scenarios only
 *   npm run bench -- --sync NORMAL    SQLITE_SYNCHRONOUS for every store (default FULL, the product default)
 *   npm run bench -- --out file.json  write the JSON there instead
 *   npm run bench -- --set rebuildEvents=200000    override a size (see each scenario)
 *   npm run bench -- --no-build       run the scenarios' TypeScript through @swc-node/register instead
 *
 * The scenarios and the application are first compiled with tsc into bench/.cache/build (incremental, a few
 * seconds), so the measured processes run plain JavaScript as `npm start` does: the on-the-fly TypeScript compiler
 * would add about 100 MB to every RSS figure. Each scenario runs in a process of its own, so memory and JIT state
 * never leak between them. Figures are reported, never judged pass/fail except against the issue's targets.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { machine } from './lib/machine';
import { forkScenario, progress, type Row, type ScenarioOptions, type ScenarioResult } from './lib/report';
import { renderTable } from './lib/table';

export const SCENARIOS = [
  'raw-append',
  'commands',
  'graphql-load',
  'rebuild',
  'billing-month',
  'history-growth',
  'eventstoredb',
  'ledger',
  'fhir-import',
  'worklist',
] as const;

export interface BenchReport {
  generatedAt: string;
  mode: 'full' | 'quick';
  machine: ReturnType<typeof machine>;
  options: ScenarioOptions & { compiled: boolean };
  scenarios: ScenarioResult[];
  rows: Row[];
  failures: { scenario: string; error: string }[];
  seconds: number;
}

function parseArgs(argv: string[]) {
  const args = {
    quick: false,
    build: true,
    only: [] as string[],
    synchronous: 'FULL' as 'FULL' | 'NORMAL',
    out: undefined as string | undefined,
    overrides: {} as Record<string, number>,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--quick') args.quick = true;
    else if (arg === '--no-build') args.build = false;
    else if (arg === '--only') args.only = value().split(',').filter(Boolean);
    else if (arg === '--sync') {
      const sync = value().toUpperCase();
      if (sync !== 'FULL' && sync !== 'NORMAL') throw new Error('--sync must be FULL or NORMAL');
      args.synchronous = sync;
    } else if (arg === '--out') args.out = resolve(value());
    else if (arg === '--set') {
      const [key, raw] = value().split('=');
      if (!key || !Number.isFinite(Number(raw))) throw new Error('--set wants key=number');
      args.overrides[key] = Number(raw);
    } else throw new Error(`Unknown argument ${arg}`);
  }
  for (const name of args.only)
    if (!(SCENARIOS as readonly string[]).includes(name)) throw new Error(`Unknown scenario ${name}; one of ${SCENARIOS.join(', ')}`);
  return args;
}

/** Compiles the benchmarks and the application (tsc, incremental); returns the directory of the compiled scenarios. */
function build(): string {
  const started = performance.now();
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(__dirname, 'tsconfig.json')], { encoding: 'utf8' });
  if (tsc.status !== 0) progress('run', `tsc reported problems; the JavaScript it emitted is used anyway:\n${tsc.stdout}${tsc.stderr}`);
  const buildDir = join(__dirname, '.cache', 'build');
  const scenarios = join(buildDir, 'bench', 'scenarios');
  if (!existsSync(join(scenarios, 'raw-append.js'))) throw new Error(`tsc produced no JavaScript:\n${tsc.stdout}${tsc.stderr}`);
  // The application serves the schema next to its compiled sources (src/app.module.ts: SCHEMA_PATH).
  copyFileSync(join(__dirname, '..', 'schema.graphql'), join(buildDir, 'schema.graphql'));
  progress('run', `compiled in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return scenarios;
}

/** Fills in ratios between rows (a row names the row it is compared with). */
export function fillRatios(rows: Row[]): void {
  const byId = new Map(rows.map((row) => [row.id, row]));
  for (const row of rows) {
    const other = row.ratioTo ? byId.get(row.ratioTo) : undefined;
    if (other && other.value > 0) row.ratio = row.value / other.value;
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const host = machine();
  const options: ScenarioOptions = { quick: args.quick, synchronous: args.synchronous, cacheDir: join(__dirname, '.cache'), overrides: args.overrides };
  const selected = args.only.length ? SCENARIOS.filter((name) => args.only.includes(name)) : [...SCENARIOS];
  const scenariosDir = args.build ? build() : join(__dirname, 'scenarios');
  const scenarios: ScenarioResult[] = [];
  const failures: BenchReport['failures'] = [];
  progress('run', `${args.quick ? 'quick' : 'full'} run of ${selected.join(', ')} on ${host.cpuModel} x${host.cores}, load ${host.loadAverage.start}`);
  for (const name of selected) {
    const begun = performance.now();
    try {
      const result = await forkScenario(name, options, scenariosDir);
      scenarios.push(result);
      progress('run', `${name} done in ${((performance.now() - begun) / 1000).toFixed(1)} s`);
    } catch (error) {
      failures.push({ scenario: name, error: error instanceof Error ? error.message : String(error) });
      progress('run', `${name} FAILED: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  host.loadAverage.end = Number(loadavg()[0].toFixed(2));
  const rows = scenarios.flatMap((scenario) => scenario.rows);
  fillRatios(rows);
  const report: BenchReport = {
    generatedAt: new Date().toISOString(),
    mode: args.quick ? 'quick' : 'full',
    machine: host,
    options: { ...options, compiled: args.build },
    scenarios,
    rows,
    failures,
    seconds: (performance.now() - started) / 1000,
  };
  process.stdout.write(`${renderTable(report)}\n`);
  const results = join(__dirname, 'results');
  // Only a full run of every scenario at its standard sizes replaces latest.json; it is also kept under its date.
  const partial = args.only.length > 0 || Object.keys(args.overrides).length > 0;
  const out = args.out ?? join(results, args.quick ? 'latest-quick.json' : partial ? 'latest-partial.json' : 'latest.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  if (!args.out && !args.quick && !partial) copyFileSync(out, join(results, `${report.generatedAt.slice(0, 10)}.json`));
  progress('run', `wrote ${out}`);
  if (failures.length > 0) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
