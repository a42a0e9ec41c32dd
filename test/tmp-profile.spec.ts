import { startTestApp, type TestApp } from './support/app-harness';
import { BILLING_MONTH } from './support/billing-fixtures';
import { seedClaimReadyPatients } from './support/billing-seeding';
import { seedPractice, type SeededPractice } from './support/care-record-fixtures';
import { BillingRepository } from '../src/billing/read/billing.repository';

const NOW = new Date('2026-04-10T14:00:00Z');
describe('profile', () => {
  let app: TestApp; let practice: SeededPractice;
  beforeAll(async () => {
    app = await startTestApp('sqlite', { clock: { now: () => NOW }, env: { LOG_LEVEL: 'warn' } });
    practice = await seedPractice(app);
    await seedClaimReadyPatients(app, practice.practiceId, 3000);
  }, 600000);
  afterAll(() => app?.close());
  it('profiles', async () => {
    const repo = app.app.get(BillingRepository);
    for (let i = 0; i < 3; i++) {
      let t = performance.now();
      const view = repo.monthView(practice.practiceId, '2026-03');
      const tView = performance.now() - t;
      t = performance.now();
      const json = JSON.stringify(view);
      const tJson = performance.now() - t;
      t = performance.now();
      const response = await fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${practice.tokens.billing}` }, body: JSON.stringify({ query: BILLING_MONTH, variables: { month: '2026-03' } }) });
      const text = await response.text();
      const tHttp = performance.now() - t;
      console.info(JSON.stringify({ tView, tJson, viewBytes: json.length, tHttp, responseBytes: text.length }));
    }
  });
});
