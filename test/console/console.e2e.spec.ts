/**
 * The console in Chromium against the real server on the embedded store (issue #19): each role's main path, with
 * axe-core on every screen and screenshots kept in test-artifacts/console. March 2026 is documented through the API
 * (billing-fixtures' seedMarch plus one named patient); the server's clock reads 10 April 2026 and so does the
 * browser's (Playwright's clock), so "this month" is April on both sides.
 */

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CONSOLE_CONTENT_SECURITY_POLICY } from '../../src/console/console-static';
import { newCommandId, startTestApp, type TestApp } from '../support/app-harness';
import { PAYER_ID, seedMarch, type MarchScenario } from '../support/billing-fixtures';
import {
  callInput,
  carePlanInput,
  consentInput,
  CREATE_CARE_PLAN,
  LOG_CALL,
  GIVE_CONSENT,
  mutate,
  seedEligiblePatient,
  seedPractice,
  SHARE_CARE_PLAN,
  shareCarePlanInput,
  type SeededPractice,
} from '../support/care-record-fixtures';
import { accessibilityProblems, ensureConsoleBuilt, launchChromium, screenshot, signIn, watchPage } from '../support/console-browser';
import { tempDir } from '../support/event-store-fixtures';

const NOW = new Date('2026-04-10T14:00:00Z');
const BROWSER_START = new Date('2026-04-10T13:00:00Z');
const PRACTICE_ID = 'practice-console';
const PATIENT_NAME = 'Eleanor Whitfield';
const ASSIGN_CARE_MANAGER = `mutation($input: AssignCareManagerInput!) { assignCareManager(input: $input) { id } }`;

// Each step drives a browser through several screens of a shared, slow machine.
jest.setTimeout(90_000);

describe('the console in a real browser', () => {
  let app: TestApp;
  let browser: Browser;
  let practice: SeededPractice;
  let march: MarchScenario;
  let named: string;
  const files = tempDir('careledger-console-e2e-');
  const watched: { messages: string[]; violations: string[]; urls: string[] } = { messages: [], violations: [], urls: [] };

  /** A browser context per user, its clock at BROWSER_START; every page it opens is watched. */
  async function userPage(options: { fakeClock?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    if (options.fakeClock !== false) await context.clock.install({ time: BROWSER_START });
    const page = await context.newPage();
    const seen = watchPage(page);
    page.on('framenavigated', (frame) => frame === page.mainFrame() && watched.urls.push(frame.url()));
    page.on('close', () => {
      watched.messages.push(...seen.messages);
      watched.violations.push(...seen.violations);
    });
    return { context, page };
  }

  beforeAll(async () => {
    ensureConsoleBuilt();
    app = await startTestApp('sqlite', {
      clock: { now: () => NOW },
      env: { CONSOLE_DEV_PRACTICE_ID: PRACTICE_ID, CONSOLE_DEV_IDENTITIES: 'rn-b:CARE_MANAGER,billing-1:BILLING,payer-user-1:PAYER', LOG_LEVEL: 'warn' },
    });
    practice = await seedPractice(app, { practiceId: PRACTICE_ID });
    march = await seedMarch(app, practice);
    named = await seedEligiblePatient(app, practice, { name: PATIENT_NAME, payerId: PAYER_ID });
    await mutate(app, GIVE_CONSENT, consentInput(named), practice.tokens.nurse);
    await mutate(app, CREATE_CARE_PLAN, carePlanInput(named), practice.tokens.practitioner);
    await mutate(app, SHARE_CARE_PLAN, shareCarePlanInput(named), practice.tokens.nurse);
    // Her care manager is rn-b, whose worklist she is on.
    await mutate(app, ASSIGN_CARE_MANAGER, { commandId: newCommandId(), patientId: named, staffId: 'rn-b' }, practice.tokens.admin);
    // March's time for her was typed in afterwards: the audit trail flags it.
    await mutate(app, LOG_CALL, callInput(named, { source: 'MANUAL_ENTRY', minutes: 22 }), practice.tokens.nurse);
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    files.remove();
  });

  it('is served at / with its own strict policy and the API headers kept', async () => {
    const response = await fetch(`${app.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(CONSOLE_CONTENT_SECURITY_POLICY);
    expect(CONSOLE_CONTENT_SECURITY_POLICY).toMatch(/script-src 'self'(;|$)/);
    expect(CONSOLE_CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await response.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    // The API keeps its own policy.
    const api = await fetch(`${app.url}/health`);
    expect(api.headers.get('content-security-policy')).not.toBe(CONSOLE_CONTENT_SECURITY_POLICY);
  });

  it('signs in with a token or a development identity, keeps the token out of the URL, and returns to sign-in at expiry', async () => {
    const { context, page } = await userPage({ fakeClock: false });
    await page.goto(`${app.url}/`);
    await page.getByRole('textbox', { name: 'Access token' }).fill('not-a-token');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expectText(page, 'That is not an access token.');
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'sign-in');

    await page.getByRole('button', { name: /Sign in as billing-1/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Billing' }).waitFor();

    const shortLived = await app.token({ sub: 'rn-b', roles: ['CARE_MANAGER'], practiceId: PRACTICE_ID }, '3s');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, app.url, shortLived);
    await page.getByRole('heading', { level: 1, name: 'Worklist' }).waitFor();
    expect(page.url()).not.toContain(shortLived);
    expect(await page.evaluate('Object.keys(localStorage).length')).toBe(0);
    await page.getByText('Your session has expired. Sign in again.').waitFor({ timeout: 10_000 });
    await page.getByRole('textbox', { name: 'Access token' }).waitFor();
    await context.close();
  });

  it('care manager: worklist, patient page, a live timer across a reload saved as LIVE_TIMER, a typed-in entry corrected and voided', async () => {
    const { context, page } = await userPage();
    await signIn(page, app.url, practice.tokens.nurse);
    await page.getByRole('heading', { level: 1, name: 'Worklist' }).waitFor();
    // Her own worklist: the patient assigned to her, and no one else's.
    const worklistRows = page.locator('tbody tr');
    await worklistRows.first().waitFor();
    expect(await worklistRows.count()).toBe(1);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'worklist');

    await page.getByRole('link', { name: PATIENT_NAME }).click();
    await page.getByRole('heading', { level: 1, name: PATIENT_NAME }).waitFor();
    expect(page.url()).toContain(named);

    await page.getByRole('button', { name: 'Start timer' }).click();
    await context.clock.fastForward('10:00');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: PATIENT_NAME }).waitFor();
    // The timer survived the reload: it is still running, from the same start.
    await page.getByRole('button', { name: 'Stop timer' }).waitFor();
    await context.clock.fastForward('11:00');
    await page.getByRole('button', { name: 'Stop timer' }).click();
    await expectText(page, 'Timed 21 minute(s).');
    await page.getByRole('combobox', { name: 'Activity', exact: true }).selectOption('PATIENT_CALL');
    await page.getByRole('textbox', { name: 'Summary', exact: true }).fill('Reviewed glucose log, adjusted diet plan');
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expectText(page, 'Saved 21 timed minutes.');

    const april = await app.gql(
      `query($id: ID!) { patient(id: $id) { activities(month: "2026-04") { id minutes source startedAt summary status } } }`,
      { id: named },
      practice.tokens.nurse,
    );
    const [timed] = april.data!.patient.activities;
    expect(timed).toMatchObject({ minutes: 21, source: 'LIVE_TIMER', summary: 'Reviewed glucose log, adjusted diet plan', status: 'RECORDED' });
    // Started when Start timer was pressed (the browser's clock also runs on its own between the steps).
    expect(Date.parse(timed.startedAt) - BROWSER_START.getTime()).toBeGreaterThanOrEqual(0);
    expect(Date.parse(timed.startedAt) - BROWSER_START.getTime()).toBeLessThan(60_000);
    await page.getByRole('cell', { name: 'Live timer' }).waitFor();

    // Quick entry: 12 typed-in minutes, then corrected to 8, then voided, each with its reason.
    await page.getByRole('spinbutton', { name: 'Minutes', exact: true }).fill('12');
    await page.getByRole('textbox', { name: 'Entry summary' }).fill('Called pharmacy about refills');
    await page.getByRole('button', { name: 'Add entry' }).click();
    await page.getByRole('cell', { name: 'Typed in' }).waitFor();
    const typedIn = async () =>
      (
        await app.gql(
          `query($id: ID!) { patient(id: $id) { activities(month: "2026-04") { minutes source status amendments { action reason } } } }`,
          { id: named },
          practice.tokens.nurse,
        )
      ).data!.patient.activities.find((activity: { source: string }) => activity.source === 'MANUAL_ENTRY');
    expect(await typedIn()).toMatchObject({ minutes: 12, status: 'RECORDED' });

    const row = page.getByRole('row', { name: /Typed in/ });
    await row.getByRole('button', { name: /Correct or void/ }).click();
    await row.getByRole('spinbutton', { name: 'Corrected minutes' }).fill('8');
    await row.getByRole('textbox', { name: 'Reason' }).fill('Call was shorter');
    await screenshot(page, 'patient-care-manager');
    await row.getByRole('button', { name: 'Save correction' }).click();
    await row.getByText('CORRECTED', { exact: true }).waitFor();
    expect(await typedIn()).toMatchObject({ minutes: 8, status: 'CORRECTED', amendments: [{ reason: 'Call was shorter' }] });

    await row.getByRole('button', { name: /Correct or void/ }).click();
    await row.getByRole('radio', { name: 'Void' }).check();
    await row.getByRole('textbox', { name: 'Reason' }).fill('Logged on the wrong day');
    await row.getByRole('button', { name: 'Void entry' }).click();
    await row.getByText('VOIDED', { exact: true }).waitFor();
    expect(await typedIn()).toMatchObject({ status: 'VOIDED' });
    await context.close();
  });

  it('compliance officer: the audit trail with its flags and data, the record at two instants, Verify integrity, the access log', async () => {
    const { context, page } = await userPage();
    await signIn(page, app.url, practice.tokens.compliance);
    // No worklist for compliance: the practice's patients, searched by name.
    await page.getByRole('heading', { level: 1, name: 'Patients' }).waitFor();
    await page.getByRole('searchbox', { name: 'Find a patient' }).fill('whitfield');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByText('Page 1 of 1 (1 in all)').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByRole('link', { name: PATIENT_NAME }).click();
    await page.getByRole('heading', { level: 1, name: PATIENT_NAME }).waitFor();
    await page.getByRole('tab', { name: 'Audit trail' }).click();
    await page.getByRole('cell', { name: 'PatientEnrolled' }).waitFor();
    await page.getByRole('cell', { name: 'Typed in' }).first().waitFor();
    await page.getByRole('button', { name: 'Verify integrity' }).click();
    await expectText(page, /Chain intact: \d+ events checked/);

    const enrolment = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'PatientEnrolled' }) });
    await enrolment.getByText(/^Data of revision/).click();
    await enrolment.getByText(`"name": "${PATIENT_NAME}"`).waitFor();

    // The record at its first revision (enrolled, nothing else) against now: the consent and plan appear as changes.
    const from = page.getByRole('slider', { name: 'Compare from' });
    await from.focus();
    await from.press('Home');
    await page
      .getByRole('list', { name: 'Changes between the two instants' })
      .getByText(/Added: Consent in force/)
      .waitFor();

    await page.getByRole('textbox', { name: 'Reader' }).fill('rn-b');
    await page.getByRole('button', { name: 'Filter' }).click();
    const accessLog = page.getByRole('region', { name: 'Access log' });
    await accessLog.getByRole('cell', { name: 'giveConsent', exact: true }).first().waitFor();
    const readers = await accessLog.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(readers.length).toBeGreaterThan(0);
    expect(new Set(readers)).toEqual(new Set(['rn-b']));
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'audit-trail', false);
    await context.close();
  });

  it('billing: the month with its blockers, close, submit a claim, the CSV and the what-if year', async () => {
    const { context, page } = await userPage();
    await signIn(page, app.url, practice.tokens.billing);
    await page.getByRole('heading', { level: 1, name: 'Billing' }).waitFor();
    await page.getByLabel('Month', { exact: true }).fill('2026-03');
    await page.getByRole('heading', { name: 'Blockers' }).waitFor();
    const figures = async () =>
      (await app.gql(`{ billingMonth(month: "2026-03") { claimReadyCount patientCount closed submittedCount } }`, {}, practice.tokens.billing)).data!
        .billingMonth;
    const before = await figures();
    await expectText(page, new RegExp(`Claim-ready\\s*${before.claimReadyCount}`));
    await page.getByText(/^No consent: 1$/).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'billing');

    await page.getByRole('button', { name: 'Close the month' }).click();
    await expectText(page, '2026-03 closed.');
    expect((await figures()).closed).toBe(true);

    await page.getByRole('button', { name: `Submit claim for Patient ${march.ready.slice(0, 8)}` }).click();
    await expectText(page, `Claim for Patient ${march.ready.slice(0, 8)} submitted to ${PAYER_ID}.`);
    expect((await figures()).submittedCount).toBe(1);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download claims CSV' }).click();
    const csvPath = join(files.path, 'claims.csv');
    await (await download).saveAs(csvPath);
    expect(readFileSync(csvPath, 'utf8')).toContain(march.ready);

    await page.getByLabel('What-if rule year').selectOption('2025');
    await expectText(page, /Under 2025 rules\s*\d+ claim-ready, \$/);
    await context.close();
  });

  it('payer reviewer: Claims, the evidence view, Verify signature in the browser, and the offline verifier', async () => {
    const { context, page } = await userPage();
    await signIn(page, app.url, practice.tokens.payer);
    await page.getByRole('heading', { level: 1, name: 'Claims' }).waitFor();
    const rows = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Evidence' }) });
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'claims');

    await page.getByRole('link', { name: 'Evidence' }).click();
    await page.getByRole('heading', { level: 1, name: 'Evidence for 2026-03' }).waitFor();
    await page.getByRole('button', { name: 'Verify signature' }).click();
    await expectText(page, 'Signature valid');
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'evidence');

    const saved = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Save packet (JSON)' }).click();
    const packetPath = join(files.path, 'packet.json');
    await (await saved).saveAs(packetPath);
    const keyPath = join(files.path, 'jwks.json');
    writeFileSync(keyPath, await (await fetch(`${app.url}/evidence/jwks.json`)).text());
    const packet = JSON.parse(readFileSync(packetPath, 'utf8')) as { json: string; signature: string; kid: string };
    const tamperedPath = join(files.path, 'tampered.json');
    writeFileSync(tamperedPath, JSON.stringify({ ...packet, json: packet.json.replace('"2026-03"', '"2026-02"') }));

    // The offline verifier, signed out and with the network cut: it must need nothing from the server.
    const offline = await browser.newContext();
    const verifierPage = await offline.newPage();
    await verifierPage.goto(`${app.url}/#/verify`);
    await verifierPage.getByRole('heading', { level: 1, name: 'Offline verifier' }).waitFor();
    const requests: string[] = [];
    verifierPage.on('request', (request) => requests.push(request.url()));
    await offline.setOffline(true);
    await verifierPage.getByLabel('Saved packet').setInputFiles(packetPath);
    await verifierPage.getByLabel('Key file').setInputFiles(keyPath);
    await verifierPage.getByRole('button', { name: 'Verify signature' }).click();
    await expectText(verifierPage, 'Signature valid');
    await verifierPage.getByLabel('Saved packet').setInputFiles(tamperedPath);
    await verifierPage.getByRole('button', { name: 'Verify signature' }).click();
    await expectText(verifierPage, /Signature invalid/);
    expect(requests).toEqual([]);
    expect(await accessibilityProblems(verifierPage)).toEqual([]);
    await screenshot(verifierPage, 'offline-verifier');
    await offline.close();
    await context.close();
  });

  it('program: the program metrics month by month as charts, for the practice and per care manager', async () => {
    const { context, page } = await userPage();
    await signIn(page, app.url, practice.tokens.billing);
    await page.goto(`${app.url}/#/program`);
    await page.getByRole('heading', { level: 1, name: 'Program' }).waitFor();
    await page.getByRole('row', { name: /^2026-03/ }).waitFor();
    // Enrolment, billable share, payment and churn, with March's bars drawn (its enrolment and payment are not zero).
    expect(await page.locator('.recharts-wrapper').count()).toBe(4);
    await page.locator('.recharts-bar-rectangle path').first().waitFor({ state: 'attached' });
    expect(await page.locator('.recharts-bar-rectangle path').count()).toBeGreaterThan(0);
    const march = async () =>
      (
        await page
          .getByRole('row', { name: /^2026-03/ })
          .locator('td')
          .allTextContents()
      ).slice(0, 3);
    const enrolledInMarch = async (careManagerId: string | null) =>
      (
        await app.gql(
          `query($id: ID) { programMetrics(from: "2026-03", to: "2026-03", careManagerId: $id) { months { enrolled } } }`,
          { id: careManagerId },
          practice.tokens.billing,
        )
      ).data!.programMetrics.months[0].enrolled;
    expect(Number((await march())[2])).toBe(await enrolledInMarch(null));
    await page.mouse.move(0, 0);
    await screenshot(page, 'program');
    // Per care manager: the figures are the API's for that care manager.
    await page.getByLabel('Care manager').selectOption('np-c');
    const expected = String(await enrolledInMarch('np-c'));
    const deadline = Date.now() + 10_000;
    while ((await march())[2] !== expected && Date.now() < deadline) await page.waitForTimeout(100);
    expect((await march())[2]).toBe(expected);
    expect(await accessibilityProblems(page)).toEqual([]);
    await context.close();
  });

  it('printed no patient data to the browser console, put none in a URL, and broke no content security rule', () => {
    expect(watched.violations).toEqual([]);
    const names = [PATIENT_NAME, 'Rosa Martinez'];
    expect(watched.messages.filter((message) => names.some((name) => message.includes(name)))).toEqual([]);
    expect(watched.urls.filter((url) => names.some((name) => decodeURIComponent(url).includes(name)))).toEqual([]);
    expect(watched.urls.length).toBeGreaterThan(0);
  });
});

async function expectText(page: Page, text: string | RegExp): Promise<void> {
  await page.getByText(text).first().waitFor({ timeout: 10_000 });
}
