/**
 * Command throughput: logCall commands/s through the command bus (no HTTP): load the practice context, fold the
 * patient's stream, decide, seal the hash chain, append, and wait until the read models show it (read-your-writes).
 * One command at a time, and 32 in flight over many patients; compared with raw append of 1-event batches.
 */
import { logCallThroughCommands, seedPatients, seedPractice, startBenchApp } from '../lib/app';
import { progress, runScenario, type Row } from '../lib/report';
import { median, runConcurrently, summarise } from '../lib/stats';

runScenario(async (options) => {
  const patients = options.overrides.commandPatients ?? (options.quick ? 40 : 300);
  const commands = options.overrides.commands ?? (options.quick ? 300 : 4_000);
  const repetitions = options.overrides.repetitions ?? (options.quick ? 1 : 3);
  const app = await startBenchApp({ synchronous: options.synchronous });
  const rows: Row[] = [];
  try {
    const practice = await seedPractice(app);
    const ids = await seedPatients(app, practice, patients);
    progress('commands', `seeded ${ids.length} patients`);
    // Warm-up: every patient's stream folded once, JIT warm.
    await runConcurrently(ids.length, 8, (i) => logCallThroughCommands(app, practice.practiceId, ids[i]));

    for (const concurrency of [1, 32]) {
      const rates: number[] = [];
      const latencies: number[] = [];
      for (let rep = 0; rep < repetitions; rep++) {
        // Patients in a shuffled round-robin: at 32 in flight few commands wait for another on the same stream.
        const offset = rep * 7919;
        const run = await runConcurrently(commands, concurrency, (i) => logCallThroughCommands(app, practice.practiceId, ids[(i * 31 + offset) % ids.length]));
        rates.push(commands / (run.elapsedMs / 1000));
        latencies.push(...run.latencies);
        progress('commands', `concurrency ${concurrency}, rep ${rep + 1}/${repetitions}: ${Math.round(rates[rates.length - 1])} commands/s`);
      }
      const latency = summarise(latencies);
      rows.push({
        id: `commands/logCall/${concurrency}`,
        scenario: 'command throughput',
        measure: concurrency === 1 ? 'logCall via command bus, one at a time' : `logCall via command bus, ${concurrency} in flight`,
        value: median(rates),
        unit: 'commands/s',
        p50: latency.p50,
        p99: latency.p99,
        ratioTo: concurrency === 1 ? 'raw-append/port/1' : 'raw-append/port-concurrent/1',
        ratioLabel: concurrency === 1 ? 'of raw append (1-event, one at a time)' : 'of raw append (1-event, 64 in flight)',
        detail: { runs: rates.map(Math.round), commands, patients, latency },
      });
    }
  } finally {
    await app.close();
  }
  return {
    scenario: 'commands',
    rows,
    conditions: {
      synchronous: options.synchronous,
      patients,
      commandsPerRun: commands,
      repetitions,
      figure: 'median of the repetitions; latencies over all runs',
    },
    notes: ['each command waits for every projection to apply its event (read-your-writes), as a mutation does'],
  };
});
