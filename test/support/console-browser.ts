/**
 * The console in a real browser for the E2E tests: the console's build (made here when it is missing or older than
 * its sources or the schema), Debian's Chromium driven by playwright-core, axe-core on each screen, screenshots
 * kept under test-artifacts/console (gitignored).
 */
import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const ROOT = join(__dirname, '..', '..');
const CONSOLE = join(ROOT, 'console');
export const CONSOLE_DIST = join(CONSOLE, 'dist');
export const SCREENSHOTS = join(ROOT, 'test-artifacts', 'console');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function newestSource(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(
    0,
    ...readdirSync(path)
      .filter((name) => !name.startsWith('dist') && name !== 'gql' && name !== '.build-lock')
      .map((name) => newestSource(join(path, name))),
  );
}

const BUILD_LOCK = join(CONSOLE, '.build-lock');
// A lock older than any build is left over from a killed run.
const STALE_LOCK_MS = 10 * 60_000;

/** Blocks until this process holds the build lock: two Jest workers must not build the console at once. */
function acquireBuildLock(): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      mkdirSync(BUILD_LOCK);
      return;
    } catch {
      try {
        if (Date.now() - statSync(BUILD_LOCK).mtimeMs > STALE_LOCK_MS) rmSync(BUILD_LOCK, { recursive: true, force: true });
      } catch {
        // released meanwhile: try again at once
      }
      Atomics.wait(pause, 0, 0, 200);
    }
  }
}

/** Runs `build` unless `isCurrent`, holding the lock: Vite refuses a second build of the same project at once. */
function buildUnlessCurrent(isCurrent: () => boolean, build: (bin: (name: string) => string) => void): void {
  if (isCurrent()) return;
  acquireBuildLock();
  try {
    // Another worker may have built it while this one waited.
    if (isCurrent()) return;
    build((name) => join(ROOT, 'node_modules', '.bin', name));
  } finally {
    rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}

const builtAfter = (output: string, sources: number): boolean => existsSync(output) && statSync(output).mtimeMs > sources;

/** Builds the console unless its build is newer than everything it is built from (types are the typecheck's job). */
export function ensureConsoleBuilt(): void {
  buildUnlessCurrent(
    () => builtAfter(join(CONSOLE_DIST, 'index.html'), Math.max(newestSource(CONSOLE), statSync(join(ROOT, 'schema.graphql')).mtimeMs)),
    (bin) => {
      execFileSync(bin('graphql-codegen'), ['--config', 'console/codegen.yml', '--silent'], { cwd: ROOT, stdio: 'inherit' });
      execFileSync(bin('vite'), ['build', 'console', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
    },
  );
}

const GRAPHIQL_SOURCES = ['graphiql.html', 'vite.graphiql.config.mts', 'src/graphiql'];

/** Builds the GraphiQL page unless its build is newer than its sources. */
export function ensureGraphiQLBuilt(): void {
  buildUnlessCurrent(
    () => builtAfter(join(CONSOLE, 'dist-graphiql', 'graphiql.html'), Math.max(...GRAPHIQL_SOURCES.map((source) => newestSource(join(CONSOLE, source))))),
    (bin) => {
      execFileSync(bin('vite'), ['build', 'console', '--config', 'console/vite.graphiql.config.mts', '--logLevel', 'error'], { cwd: ROOT, stdio: 'inherit' });
    },
  );
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** What the page printed to its console, and every Content-Security-Policy violation it hit. */
export function watchPage(page: Page): { messages: string[]; violations: string[] } {
  const watched = { messages: [] as string[], violations: [] as string[] };
  page.on('console', (message) => {
    watched.messages.push(message.text());
    if (/Content Security Policy/i.test(message.text())) watched.violations.push(message.text());
  });
  page.on('pageerror', (error) => watched.messages.push(`pageerror: ${error.message}`));
  return watched;
}

/** Serious and critical WCAG 2.1 A/AA violations on the page as it is now, one line each ("rule: target"). */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')}`));
}

/** The whole page, or only what the window shows (long screens such as the audit trail). */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
}

/** Signs in on the sign-in screen with a bearer token, as a user pastes it. */
export async function signIn(page: Page, baseUrl: string, token: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByRole('textbox', { name: 'Access token' }).fill(token);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}
