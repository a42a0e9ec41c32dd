/**
 * The GraphiQL page outside production (issue #12) in Chromium against the real server: it loads with every other
 * host unreachable, runs a query with the bearer token typed into its headers editor, and leaves that token in
 * neither localStorage nor sessionStorage.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { graphiqlDistDir } from '../../src/graphiql/graphiql-page';
import { startTestApp, type TestApp } from '../support/app-harness';
import { ensureGraphiQLBuilt, launchChromium, watchPage } from '../support/console-browser';

const ROOT = join(__dirname, '..', '..');

/** Replaces the focused editor's text, as a paste would: what Monaco auto-closed while it was typed is removed. */
async function replaceText(page: Page, text: string): Promise<void> {
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(text);
  await page.keyboard.press('ControlOrMeta+Shift+End');
  await page.keyboard.press('Delete');
}

// Monaco and GraphiQL are several megabytes of script on a shared, slow machine.
jest.setTimeout(120_000);

describe('the GraphiQL page in a real browser', () => {
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    // Before the server starts: it reads the page once, at start.
    ensureGraphiQLBuilt();
    app = await startTestApp('sqlite', { env: { LOG_LEVEL: 'warn' } });
    expect(graphiqlDistDir(app.config)).toBe(join(ROOT, 'console', 'dist-graphiql'));
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('loads offline, runs a query with a bearer token and keeps the token out of browser storage', async () => {
    const token = await app.token({ sub: 'admin-1', roles: ['ADMIN'], practiceId: 'practice-graphiql' });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const elsewhere: string[] = [];
    const origin = new URL(app.url).origin;
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('data:') || new URL(url).origin === origin) return route.continue();
      elsewhere.push(url);
      return route.abort('internetdisconnected');
    });
    const page = await context.newPage();
    const watched = watchPage(page);

    await page.goto(`${app.url}/graphql`);
    const queryEditor = page.locator('.graphiql-query-editor .monaco-editor').first();
    await queryEditor.waitFor({ timeout: 60_000 });

    await page.getByRole('button', { name: 'Headers', exact: true }).click();
    await page.locator('.monaco-editor[data-uri$="request-headers.json"]').click();
    await replaceText(page, JSON.stringify({ Authorization: `Bearer ${token}` }));

    await queryEditor.click();
    await replaceText(page, '{ me { id roles practiceId } }');
    await page.getByRole('button', { name: /^Execute query/ }).click();

    const response = page.locator('.graphiql-response');
    await response.getByText('practice-graphiql').waitFor({ timeout: 30_000 });
    expect(await response.innerText()).toMatch(/"id":\s*"admin-1"/);

    // Every key and value of both storages, read in the page (the test's own types know no DOM).
    const stored = await page.evaluate<string[]>(`[localStorage, sessionStorage].flatMap((s) => Object.keys(s).map((k) => k + '=' + s.getItem(k)))`);
    expect(stored.filter((item) => item.includes(token) || /bearer/i.test(item))).toEqual([]);
    expect(elsewhere).toEqual([]);
    expect(watched.violations).toEqual([]);
    expect(watched.messages.filter((message) => message.startsWith('pageerror'))).toEqual([]);
    await context.close();
  });
});
