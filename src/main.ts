import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { createApp } from './bootstrap';
import { ConfigError, loadConfig } from './config/config';
import { createLogger } from './config/logger';

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const app = await createApp(config, logger);
  await app.listen(config.port);
  // The port bound, which PORT=0 leaves to the system (test/support/reliability-server.ts reads it from this line).
  const { port } = app.getHttpServer().address() as AddressInfo;
  logger.info({ port, eventStore: config.eventStoreUrl === 'sqlite' ? 'sqlite' : 'eventstoredb' }, `CareLedger GraphQL at http://localhost:${port}/graphql`);
}

main().catch((error: unknown) => {
  // A bad setting (also one found while modules start, such as an unusable key file) is the operator's to fix:
  // say which, without a stack trace.
  if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
  else process.stderr.write(`CareLedger failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
