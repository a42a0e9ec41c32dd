import type { ApolloServerPlugin } from '@apollo/server';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AppConfig } from '../config/config';

/**
 * The GraphQL IDE outside production (issue #12): the page built by `npm run console:build` from the pinned graphiql
 * package (console/graphiql.html, console/src/graphiql), answered by Apollo at GET /graphql, with its assets under
 * /graphiql/. Nothing comes from another host, and the headers a user types (the bearer token) stay in the page's
 * memory. Production serves neither.
 */
export const GRAPHIQL_ASSETS_PATH = '/graphiql';

/** Beside the console's build: a build of its own, so the console's stricter policy never applies to it. */
export const graphiqlDistDir = (config: AppConfig): string => join(dirname(config.console.distDir), 'dist-graphiql');

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="UTF-8" /><title>CareLedger GraphiQL</title></head>
<body><p>The GraphiQL page is not built: run <code>npm run console:build</code> and restart the server.</p></body></html>
`;

/** Apollo's landing page (GET /graphql from a browser), read once at start. */
export function graphiqlLandingPage(config: AppConfig): ApolloServerPlugin {
  const page = join(graphiqlDistDir(config), 'graphiql.html');
  return {
    async serverWillStart() {
      const html = existsSync(page) ? readFileSync(page, 'utf8') : NOT_BUILT;
      return { renderLandingPage: async () => ({ html }) };
    },
  };
}

/** The page's scripts, styles, fonts and editor workers, outside production and when built. */
export function serveGraphiQLAssets(app: NestExpressApplication, config: AppConfig): void {
  const dir = graphiqlDistDir(config);
  if (config.production || !existsSync(join(dir, 'assets'))) return;
  app.useStaticAssets(join(dir, 'assets'), { prefix: `${GRAPHIQL_ASSETS_PATH}/assets`, index: false, redirect: false, dotfiles: 'ignore' });
}
