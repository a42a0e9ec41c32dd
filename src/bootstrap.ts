import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { mkdirSync } from 'node:fs';
import type { Logger } from 'pino';
import { appModule } from './app.module';
import type { AppConfig } from './config/config';
import { PinoNestLogger } from './config/logger';
import { inputValidationPipe } from './graphql/validation';
import { serveConsole } from './console/console-static';
import { serveGraphiQLAssets } from './graphiql/graphiql-page';
import { hardenHttp } from './http/http-hardening';
import type { Clock } from './kernel/clock';
import { systemClock } from './kernel/clock';

/** Builds the HTTP application; used by main.ts and by the E2E tests, so both run exactly the same wiring. */
export async function createApp(config: AppConfig, logger: Logger, clock: Clock = systemClock): Promise<INestApplication> {
  mkdirSync(config.dataDir, { recursive: true });
  const app = await NestFactory.create<NestExpressApplication>(appModule({ config, logger, clock }), {
    logger: new PinoNestLogger(logger),
    bodyParser: false,
    cors: config.corsOrigins.length > 0 ? { origin: config.corsOrigins } : false,
  });
  // Security headers, the rate limit and the bounded JSON body parser (src/http).
  hardenHttp(app, config);
  serveGraphiQLAssets(app, config);
  serveConsole(app, config, logger);
  app.useGlobalPipes(inputValidationPipe);
  app.enableShutdownHooks();
  return app;
}
