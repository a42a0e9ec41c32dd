/**
 * The benchmarks still work: `npm run bench -- --quick` runs every scenario in a child process and each one
 * reports numbers. Nothing here judges a figure: timings depend on the machine and are for people to read.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchReport } from './run';
import { SCENARIOS } from './run';

describe('npm run bench -- --quick', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'careledger-bench-smoke-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs every scenario and each reports figures', async () => {
    const out = join(dir, 'quick.json');
    const root = join(__dirname, '..');
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'bench/run.ts', '--quick', '--out', out], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    if (code !== 0) throw new Error(`bench exited with ${code}:\n${output.slice(-4000)}`);

    const report = JSON.parse(readFileSync(out, 'utf8')) as BenchReport;
    expect(report.failures).toEqual([]);
    expect(report.scenarios.map((scenario) => scenario.scenario).sort()).toEqual([...SCENARIOS].sort());
    for (const scenario of report.scenarios) {
      expect(scenario.rows.length).toBeGreaterThan(0);
      for (const row of scenario.rows) {
        // A figure, whatever its size: a rate, a latency or a peak is a finite number above zero.
        if (!(Number.isFinite(row.value) && row.value > 0)) throw new Error(`${row.id} reported ${row.value}`);
      }
    }
  }, 180_000);
});
