/**
 * A month close of a practice of 200,000 patients, on both event stores, within a KurrentDB 26.1 node's limits (the
 * in-process test server enforces them: 16 MiB an event, 256 MiB an append). One patient is documented through the
 * command pipeline; the other 199,999 patient-months are copies of its facts and March row written straight into
 * the billing read model, which is what the close reads (200,000 patients through GraphQL would take hours). The close
 * itself and a claim after it go through GraphQL and the real command path.
 */
import type { Database } from 'better-sqlite3';
import { figuresOf } from '../src/billing/evaluation/figures';
import type { BillingMonthSnapshotRecorded, PatientMonthFigures } from '../src/billing/month/billing-month.events';
import { SNAPSHOT_PART_BYTES } from '../src/billing/month/close-snapshot';
import { BillingProjection } from '../src/billing/projection/billing.projection';
import { READ_DB } from '../src/projections/projections.module';
import { ADAPTERS, newCommandId, startTestApp, type TestApp } from './support/app-harness';
import { PAYER_ID } from './support/billing-fixtures';
import { seedClaimReadyPatients } from './support/billing-seeding';
import { seedPractice, type SeededPractice } from './support/care-record-fixtures';
import { readStreamOrEmpty } from './support/event-store-reads';

const PATIENTS = Number(process.env.CLOSE_SCALE_PATIENTS ?? 200_000);
const NOW = new Date('2026-04-10T14:00:00Z');
const MARCH = '2026-03';

const CLOSE = `mutation($input: CloseBillingMonthInput!) {
  closeBillingMonth(input: $input) { closed patientCount claimReadyCount totalExpectedPaymentCents }
}`;
const TOTALS = `query($month: YearMonth!) { billingMonth(month: $month) { closed patientCount claimReadyCount totalExpectedPaymentCents } }`;
const SUBMIT = `mutation($input: SubmitClaimInput!) { submitClaim(input: $input) { status claim { basis expectedPaymentCents } } }`;

/** Patient ids that sort after the documented patient's and stay unique: `ffffffff-…-<12 digits>`. */
const syntheticId = (index: number) => `ffffffff-ffff-4fff-8fff-${String(index).padStart(12, '0')}`;

/** Copies the documented patient's facts and March row for `count - 1` more patients, in one read-model transaction. */
function copyPatientMonths(app: TestApp, practiceId: string, count: number): void {
  const model = app.app.get(BillingProjection).readModel;
  const [template] = model.patientsEnrolledBy(practiceId, MARCH);
  const row = model.row(practiceId, MARCH, template.patientId)!;
  app.app.get<Database>(READ_DB).transaction(() => {
    for (let index = 1; index < count; index++) {
      const patientId = syntheticId(index);
      model.savePatient({ ...template, patientId });
      model.saveResult(practiceId, patientId, row.result);
    }
  })();
}

describe.each(ADAPTERS)(`closing the month of a practice of ${PATIENTS} patients on %s`, (adapter) => {
  let app: TestApp;
  let practice: SeededPractice;
  let documented: string;
  /** The patient-months as the close will read them. */
  let before: PatientMonthFigures[];

  beforeAll(async () => {
    app = await startTestApp(adapter, { clock: { now: () => NOW }, env: { LOG_LEVEL: 'warn', READ_YOUR_WRITES_TIMEOUT_MS: '60000' } });
    practice = await seedPractice(app);
    await seedClaimReadyPatients(app, practice.practiceId, 1);
    const model = app.app.get(BillingProjection).readModel;
    documented = model.patientsEnrolledBy(practice.practiceId, MARCH)[0].patientId;
    copyPatientMonths(app, practice.practiceId, PATIENTS);
    before = model.monthRows(practice.practiceId, MARCH).map((row) => figuresOf(row.patientId, row.result));
    // Seconds of synchronous seeding let the server's keep-alive timer close fetch's idle socket just as it is
    // reused: this request may meet that reset, so that the test's own requests go out on a fresh connection.
    await app.gql('{ __typename }').catch(() => undefined);
  }, 300_000);
  afterAll(() => app?.close());

  it('closes every patient-month in parts within the event size limit, reads them back as they were, and claims against them', async () => {
    expect(before).toHaveLength(PATIENTS);
    // Requests first, back to back; the long checks after them (see the keep-alive note above).
    const closed = await app.gql(CLOSE, { input: { commandId: newCommandId(), month: MARCH } }, practice.tokens.billing);
    expect(closed.errors).toBeUndefined();
    expect(closed.data!.closeBillingMonth).toEqual({
      closed: true,
      patientCount: PATIENTS,
      claimReadyCount: PATIENTS,
      totalExpectedPaymentCents: PATIENTS * 6613,
    });
    const totals = await app.gql(TOTALS, { month: MARCH }, practice.tokens.billing);
    expect(totals.data!.billingMonth).toEqual(closed.data!.closeBillingMonth);
    // The decider folds the snapshot back from its parts to check the claim against it.
    const claim = await app.gql(
      SUBMIT,
      { input: { commandId: newCommandId(), patientId: documented, month: MARCH, payerId: PAYER_ID } },
      practice.tokens.billing,
    );
    expect(claim.errors).toBeUndefined();
    expect(claim.data!.submitClaim).toMatchObject({ status: 'SUBMITTED', claim: { basis: 'CLOSED', expectedPaymentCents: 6613 } });

    const events = await readStreamOrEmpty(app, `billing-${practice.practiceId}-${MARCH}`);
    const close = events.findIndex((event) => event.type === 'BillingMonthClosed');
    const parts = events.slice(0, close) as unknown as { type: string; data: BillingMonthSnapshotRecorded['data'] }[];
    expect(parts.length).toBeGreaterThan(1);
    expect(events[close]).toMatchObject({ data: { snapshotParts: parts.length, totals: { patientCount: PATIENTS } } });
    expect(parts.every((part) => part.type === 'BillingMonthSnapshotRecorded')).toBe(true);
    for (const part of parts) expect(Buffer.byteLength(JSON.stringify(part.data.patients))).toBeLessThanOrEqual(SNAPSHOT_PART_BYTES);
    // Compared as JSON: jest's deep equality over 200,000 objects takes minutes.
    expect(JSON.stringify(parts.flatMap((part) => part.data.patients)) === JSON.stringify(before)).toBe(true);
    const snapshot = app.app.get(BillingProjection).readModel.closedSnapshot(practice.practiceId, MARCH);
    expect(snapshot.size).toBe(PATIENTS);
    expect(before.filter((figures) => JSON.stringify(snapshot.get(figures.patientId)) !== JSON.stringify(figures))).toEqual([]);
  }, 600_000);
});
