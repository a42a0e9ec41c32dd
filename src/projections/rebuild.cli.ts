/**
 * `npm run projections:rebuild`: rebuilds every read model from the start of the log, then exits.
 *
 * It builds the same application as the server (src/bootstrap.ts), without listening, so it registers exactly the
 * projections the server runs. Stop the server first: both would write the same read-model file (DATA_DIR), and a
 * running server would keep applying events to tables the rebuild is dropping. To rebuild without downtime, start
 * a new instance on an empty DATA_DIR (on EventStoreDB, where the log is not in DATA_DIR): it builds its read models
 * from the log before it reports caught up on /health, then switch traffic to it.
 */
import 'reflect-metadata';
import { createApp } from '../bootstrap';
import { ConfigError, loadConfig } from '../config/config';
import { createLogger } from '../config/logger';
import { ProjectionHost } from './projections.module';

async function main() {
  // A rebuild only reads the log: it signs no ledger head and opens no rule-owed task (either would append to the
  // log it replays).
  const loaded = loadConfig();
  const config = { ...loaded, taskRules: false, ledger: { ...loaded.ledger, signHeads: false } };
  const logger = createLogger(config.logLevel);
  const app = await createApp(config, logger);
  await app.init();
  try {
    const engine = app.get(ProjectionHost).engine;
    const started = performance.now();
    await engine.rebuild();
    logger.info(
      { position: engine.position()?.toString() ?? null, seconds: Number(((performance.now() - started) / 1000).toFixed(3)) },
      'read models rebuilt from the log',
    );
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
