import type { NestExpressApplication } from '@nestjs/platform-express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/config';

/**
 * The console's own policy: its scripts, styles and fonts come from this origin only (no inline or eval script),
 * it talks to this origin only (GraphQL over HTTP and graphql-ws), and it cannot be framed. Charts are SVG drawn by
 * script, downloads are blob: URLs the console creates.
 */
export const CONSOLE_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Serves the console's build (config.console.distDir, made by `npm run console:build`) at `/`: files only, no
 * fallback route (the console routes in the URL's fragment), every other header as the API sets them. Without a build
 * the API runs alone and says so once.
 */
export function serveConsole(app: NestExpressApplication, config: AppConfig, logger: Logger): void {
  const { distDir } = config.console;
  if (!existsSync(join(distDir, 'index.html'))) {
    logger.warn({ distDir }, 'The console is not built (npm run console:build): only the API is served');
    return;
  }
  app.useStaticAssets(distDir, {
    index: 'index.html',
    redirect: false,
    dotfiles: 'ignore',
    setHeaders: (response) => response.setHeader('Content-Security-Policy', CONSOLE_CONTENT_SECURITY_POLICY),
  });
}
