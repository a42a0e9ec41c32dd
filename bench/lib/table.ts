import type { BenchReport } from '../run';
import type { Row } from './report';

const number = (value: number, digits = 0) =>
  Number.isFinite(value) ? value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '—';

/** Latencies and small values keep a decimal or two; rates and counts do not. */
export function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return '—';
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${number(value, digits)} ${unit}`;
}

const ms = (value: number | undefined) => (value === undefined ? '' : formatValue(value, 'ms'));

function ratio(row: Row): string {
  if (row.ratio === undefined) return '';
  return `${row.ratio >= 10 ? number(row.ratio, 0) : row.ratio >= 1 ? number(row.ratio, 2) : number(row.ratio, 3)}× ${row.ratioLabel ?? row.ratioTo}`;
}

function target(row: Row): string {
  if (!row.target) return '';
  const verdict = row.target.met === null ? '?' : row.target.met ? 'met' : 'MISSED';
  return `${verdict}: ${row.target.goal}`;
}

/** One Markdown table (it reads as plain text too), with the machine and conditions in the header. */
export function renderTable(report: BenchReport): string {
  const { machine } = report;
  const lines = [
    `CareLedger benchmarks (${report.mode} run, ${report.generatedAt})`,
    `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.ramGb} GB RAM, ${machine.os}; Node ${machine.node}; ` +
      `load average ${machine.loadAverage.start} at start, ${machine.loadAverage.end ?? '?'} at end; SQLITE_SYNCHRONOUS=${report.options.synchronous}`,
    '',
    '| Scenario | Measure | Value | p50 | p99 | Compared | Target |',
    '|---|---|---:|---:|---:|---|---|',
  ];
  for (const row of report.rows) {
    lines.push(`| ${row.scenario} | ${row.measure} | ${formatValue(row.value, row.unit)} | ${ms(row.p50)} | ${ms(row.p99)} | ${ratio(row)} | ${target(row)} |`);
  }
  for (const failure of report.failures) lines.push(`| ${failure.scenario} | FAILED: ${failure.error.replace(/\|/g, '/')} | | | | | |`);
  const notes = report.scenarios.flatMap((scenario) => scenario.notes.map((note) => `- ${scenario.scenario}: ${note}`));
  if (notes.length) lines.push('', 'Notes:', ...notes);
  return lines.join('\n');
}
