import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/config';
import { createLogger } from './config/logger';
import { createApp } from './bootstrap';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const app = await createApp(config, logger);
  await app.listen(config.port);
  logger.info({ port: config.port, eventStore: config.eventStoreUrl === 'sqlite' ? 'sqlite' : 'eventstoredb' }, `CareLedger GraphQL at http://localhost:${config.port}/graphql`);
}

void main();
