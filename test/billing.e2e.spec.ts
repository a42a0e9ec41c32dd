import { ACCESS_LOG, settleAccessLog } from './support/audit-fixtures';
/**
 * Monthly billing over HTTP and graphql-ws, on both event stores: a practice's March 2026 documented through the
 * care-record mutations, read as billing staff read it, closed, amended late, claimed, exported and watched live.
 * The app's clock reads 10 April 2026 in New York: March is over, April is the current month.
 */
import type { Database } from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProjectionHost, READ_DB } from '../src/projections/projections.module';
import { readStreamOrEmpty } from './support/event-store-reads';
import { tempDir } from './support/event-store-fixtures';
import { dumpReadModels } from './support/read-model-dump';
import { ADAPTERS, newCommandId, outcome, startTestApp, type TestApp } from './support/app-harness';
import {
  BILLING_MONTH,
  BILLING_MONTH_FIELD_BY_FIELD,
  BILLING_MONTH_PAGE,
  BILLING_MONTH_TOTALS,
  BILLING_PROGRESS,
  CLOSE_BILLING_MONTH,
  logCall,
  nextResult,
  PATIENT_BILLING_MONTH,
  PAYER_ID,
  seedMarch,
  subscriptionClient,
  SUBMIT_CLAIM,
  type MarchScenario,
} from './support/billing-fixtures';
import { seedClaimReadyPatients } from './support/billing-seeding';
import { seedPractice, testMedicareId, type SeededPractice } from './support/care-record-fixtures';

const NOW = new Date('2026-04-10T14:00:00Z');
const MARCH = '2026-03';

type PatientMonth = Record<string, any>;
const byPatient = (patients: PatientMonth[]) => new Map(patients.map((patient) => [patient.patientId, patient]));
const line = (cptCode: string, units: number, unitAmountCents: number) => ({
  cptCode,
  units,
  unitAmountCents,
  amountCents: units * unitAmountCents,
  amountKnown: true,
});

describe.each(ADAPTERS)('monthly billing on %s', (adapter) => {
  let app: TestApp;
  let practice: SeededPractice;
  let other: SeededPractice;
  let march: MarchScenario;

  beforeAll(async () => {
    app = await startTestApp(adapter, { clock: { now: () => NOW } });
    practice = await seedPractice(app);
    other = await seedPractice(app);
    march = await seedMarch(app, practice);
  }, 120_000);
  afterAll(() => app?.close());

  const billingMonth = async (token: string, month = MARCH, ruleYear?: number) => {
    const response = await app.gql(BILLING_MONTH, { month, ruleYear }, token);
    expect(response.errors).toBeUndefined();
    return response.data!.billingMonth;
  };
  const patientMonth = async (patientId: string, token = practice.tokens.billing, month = MARCH) => {
    const response = await app.gql(PATIENT_BILLING_MONTH, { patientId, month }, token);
    expect(response.errors).toBeUndefined();
    return response.data!.patientBillingMonth;
  };
  const close = (commandId = newCommandId(), month = MARCH, token = practice.tokens.billing) =>
    app.gql(CLOSE_BILLING_MONTH, { input: { commandId, month } }, token);
  const submit = (patientId: string, commandId = newCommandId(), payerId = PAYER_ID, extra: Record<string, unknown> = {}) =>
    app.gql(SUBMIT_CLAIM, { input: { commandId, patientId, month: MARCH, payerId, ...extra } }, practice.tokens.billing);

  describe('while March is open', () => {
    it('billingMonth shows every patient with the codes earned, or what blocks the claim, and the totals', async () => {
      const month = await billingMonth(practice.tokens.billing);
      expect(month).toMatchObject({
        month: MARCH,
        practiceId: practice.practiceId,
        ruleYear: 2026,
        patientCount: 7,
        claimReadyCount: 2,
        // 99490 ($66.13) + 99487 ($144.29) + 99489 ($78.16), 2026 national non-facility amounts
        totalExpectedPaymentCents: 6613 + 14429 + 7816,
        amountUnknown: false,
        closed: false,
        closedAt: null,
      });
      const patients = byPatient(month.patients);
      expect(patients.get(march.ready)).toMatchObject({
        program: 'CCM',
        clinicalStaffMinutes: 25,
        practitionerMinutes: 0,
        complex: false,
        lines: [line('99490', 1, 6613)],
        expectedPaymentCents: 6613,
        patientCoinsuranceCents: 1323,
        claimReady: true,
        blockers: [],
        minutesToNextCode: 15,
        excludedTimeEntries: [{ activityId: march.voidedCall, reason: 'VOIDED' }],
        status: 'OPEN',
        closedResult: null,
        claim: null,
      });
      // Case 13/14 of ccm-rules.md §5 through the API: complex because Dr A documented the decision making.
      expect(patients.get(march.complex)).toMatchObject({
        clinicalStaffMinutes: 45,
        practitionerMinutes: 50,
        complex: true,
        lines: [line('99487', 1, 14429), line('99489', 1, 7816)],
        expectedPaymentCents: 22245,
        alternatives: [
          { track: 'STAFF', lines: [line('99490', 1, 6613), line('99439', 2, 5044)], expectedPaymentCents: 16701, amountUnknown: false },
          { track: 'PRACTITIONER', lines: [line('99491', 1, 8918)], expectedPaymentCents: 8918, amountUnknown: false },
        ],
      });
      const blockers = (patientId: string) => patients.get(patientId)!.blockers;
      expect(blockers(march.noConsent)).toEqual(['NO_CONSENT']);
      expect(blockers(march.noCarePlan)).toEqual(['NO_CARE_PLAN']);
      expect(blockers(march.notShared)).toEqual(['CARE_PLAN_NOT_SHARED']);
      expect(blockers(march.duplicate)).toEqual(['DUPLICATE_BILLER']);
      // The call was corrected from 25 to 15 minutes: 5 more reach 99490.
      expect(patients.get(march.insufficient)).toMatchObject({
        clinicalStaffMinutes: 15,
        blockers: ['INSUFFICIENT_TIME'],
        minutesToNextCode: 5,
        claimReady: false,
        lines: [],
      });
      expect(patients.get(march.noConsent)!.excludedTimeEntries).toEqual([
        { activityId: expect.any(String), reason: 'NO_VALID_CONSENT', minutes: 25, explanation: 'No documented consent covers this month.' },
      ]);
    });

    it("what-if: the same month under 2025's rules and amounts, evaluated from the stored facts", async () => {
      const month = await billingMonth(practice.tokens.billing, MARCH, 2025);
      expect(month).toMatchObject({ ruleYear: 2025, claimReadyCount: 2, totalExpectedPaymentCents: 6049 + 13165 + 7052 });
      expect(byPatient(month.patients).get(march.ready)).toMatchObject({ ruleYear: 2025, lines: [line('99490', 1, 6049)], status: 'OPEN' });
      expect(outcome(await app.gql(BILLING_MONTH, { month: MARCH, ruleYear: 2019 }, practice.tokens.billing))).toBe('BAD_USER_INPUT');
      // The stored month is untouched by the what-if.
      expect((await billingMonth(practice.tokens.billing)).totalExpectedPaymentCents).toBe(28858);
    });

    it('pages of billingMonth.patients (first, after) follow one another and together are the whole month', async () => {
      const whole = await billingMonth(practice.tokens.billing);
      expect(whole.patients.length).toBeGreaterThan(3);
      const pages: PatientMonth[][] = [];
      let after: string | null = null;
      for (;;) {
        const response = await app.gql(BILLING_MONTH_PAGE, { month: MARCH, first: 3, after }, practice.tokens.billing);
        expect(response.errors).toBeUndefined();
        const { patientCount, patients } = response.data!.billingMonth as { patientCount: number; patients: PatientMonth[] };
        // The totals stay the whole month's.
        expect(patientCount).toBe(whole.patientCount);
        if (patients.length === 0) break;
        expect(patients.length).toBeLessThanOrEqual(3);
        pages.push(patients);
        after = patients[patients.length - 1].patientId;
      }
      expect(pages.length).toBe(Math.ceil(whole.patients.length / 3));
      expect(pages.flat()).toEqual(whole.patients);
      const none = await app.gql(BILLING_MONTH_PAGE, { month: MARCH, first: 0 }, practice.tokens.billing);
      expect(none.data?.billingMonth.patients).toEqual([]);
      for (const variables of [{ first: -1 }, { after: 'not-a-patient' }]) {
        expect(outcome(await app.gql(BILLING_MONTH_PAGE, { month: MARCH, ...variables }, practice.tokens.billing))).toBe('BAD_USER_INPUT');
      }
    });

    it('clinicians read one patient-month of their practice; the whole month is for billing, admin and compliance', async () => {
      const { nurse, practitioner, admin, compliance, payer } = practice.tokens;
      expect(await patientMonth(march.ready, nurse)).toMatchObject({ claimReady: true, status: 'OPEN' });
      expect(await patientMonth(march.ready, practitioner)).toMatchObject({ claimReady: true });
      for (const token of [admin, compliance]) expect(outcome(await app.gql(BILLING_MONTH_TOTALS, { month: MARCH }, token))).toBe('OK');
      for (const token of [nurse, practitioner, payer]) expect(outcome(await app.gql(BILLING_MONTH_TOTALS, { month: MARCH }, token))).toBe('FORBIDDEN');
      expect(outcome(await app.gql(PATIENT_BILLING_MONTH, { patientId: march.ready, month: MARCH }, payer))).toBe('FORBIDDEN');
      expect(outcome(await app.gql(BILLING_MONTH_TOTALS, { month: MARCH }))).toBe('UNAUTHENTICATED');
    });

    it("another practice's patient is answered like an unknown one, and its month lists none of ours", async () => {
      const response = await app.gql(PATIENT_BILLING_MONTH, { patientId: march.ready, month: MARCH }, other.tokens.billing);
      expect(outcome(response)).toBe('NOT_FOUND');
      const unknown = await app.gql(PATIENT_BILLING_MONTH, { patientId: '00000000-0000-4000-8000-000000000000', month: MARCH }, other.tokens.billing);
      expect(unknown.errors?.[0].message).toBe(response.errors?.[0].message);
      expect(await billingMonth(other.tokens.billing)).toMatchObject({ patientCount: 0, patients: [] });
    });

    it('a month that has not ended cannot be closed, and an open month takes no claim', async () => {
      const april = await close(newCommandId(), '2026-04');
      expect(outcome(april)).toBe('PRECONDITION_FAILED');
      expect(april.errors?.[0].message).toMatch(/not ended/);
      expect(outcome(await submit(march.ready))).toBe('PRECONDITION_FAILED');
      expect(outcome(await close(newCommandId(), MARCH, practice.tokens.nurse))).toBe('FORBIDDEN');
    });
  });

  describe('closing March', () => {
    const closeCommandId = newCommandId();

    it('freezes every patient-month and answers the closed month', async () => {
      const response = await close(closeCommandId);
      expect(response.errors).toBeUndefined();
      const month = response.data!.closeBillingMonth;
      expect(month).toMatchObject({ closed: true, closedAt: expect.any(String), patientCount: 7, claimReadyCount: 2, totalExpectedPaymentCents: 28858 });
      const ready = byPatient(month.patients).get(march.ready);
      expect(ready).toMatchObject({
        status: 'CLOSED',
        closedResult: { claimReady: true, lines: [line('99490', 1, 6613)], expectedPaymentCents: 6613, clinicalStaffMinutes: 25 },
      });

      const [snapshot, closed] = await readStreamOrEmpty(app, `billing-${practice.practiceId}-${MARCH}`);
      expect(snapshot).toMatchObject({ type: 'BillingMonthSnapshotRecorded', data: { month: MARCH, part: 0 } });
      expect(closed).toMatchObject({
        type: 'BillingMonthClosed',
        data: { month: MARCH, ruleYear: 2026, timeZone: 'America/New_York', snapshotParts: 1, totals: { patientCount: 7, claimReadyCount: 2 } },
      });
      expect((snapshot.data.patients as { patientId: string }[]).map((patient) => patient.patientId).sort()).toEqual(
        month.patients.map((p: PatientMonth) => p.patientId).sort(),
      );
    });

    it('a second close is refused; the same command sent again is answered without a second event', async () => {
      expect(outcome(await close())).toBe('PRECONDITION_FAILED');
      expect(outcome(await close(closeCommandId))).toBe('OK');
      expect(await readStreamOrEmpty(app, `billing-${practice.practiceId}-${MARCH}`)).toHaveLength(2);
    });

    it('a call of March logged after the close marks the patient-month AMENDED_AFTER_CLOSE with LATE_ENTRY, next to the closed figures', async () => {
      await logCall(app, practice, march.insufficient, { minutes: 10, startedAt: '2026-03-28T10:00:00-04:00' });
      const amended = await patientMonth(march.insufficient);
      expect(amended).toMatchObject({
        status: 'AMENDED_AFTER_CLOSE',
        clinicalStaffMinutes: 25,
        claimReady: true,
        closedResult: { claimReady: false, clinicalStaffMinutes: 15, blockers: ['INSUFFICIENT_TIME'], lines: [] },
      });
      expect(amended.warnings).toEqual(expect.arrayContaining(['LATE_ENTRY', 'AMENDED_AFTER_CLOSE']));
      expect(await billingMonth(practice.tokens.billing)).toMatchObject({ amendedAfterCloseCount: 1, closed: true });
      // Minutes documented after the close never turn a blocked month into a claim.
      const refused = await submit(march.insufficient);
      expect(outcome(refused)).toBe('PRECONDITION_FAILED');
      expect(refused.errors?.[0].message).toMatch(/not claim-ready when the month was closed/);
    });
  });

  describe('claims', () => {
    const submitCommandId = newCommandId();

    it('submitting a claim-ready patient-month records the payer, the billed lines, the diagnoses and the NPIs', async () => {
      const response = await submit(march.ready, submitCommandId);
      expect(response.errors).toBeUndefined();
      expect(response.data!.submitClaim).toMatchObject({
        status: 'SUBMITTED',
        claim: {
          payerId: PAYER_ID,
          dateOfService: '2026-03-31',
          basis: 'CLOSED',
          lines: [line('99490', 1, 6613)],
          expectedPaymentCents: 6613,
          patientCoinsuranceCents: 1323,
          diagnoses: ['E11.9', 'I10'],
          renderingNpi: '1234567893',
          billingNpi: '1234567893',
          // The practice set no place of service: office (policies.ts).
          placeOfService: '11',
        },
      });
      // A claim may name its own place of service (an on-campus outpatient hospital department).
      const complex = await submit(march.complex, newCommandId(), PAYER_ID, { placeOfService: '22' });
      expect(outcome(complex)).toBe('OK');
      expect(complex.data!.submitClaim.claim).toMatchObject({ placeOfService: '22' });
    });

    it('a second submission of the same patient-month is refused (duplicate billing); a retry of the first is not a second', async () => {
      const duplicate = await submit(march.ready);
      expect(outcome(duplicate)).toBe('PRECONDITION_FAILED');
      expect(duplicate.errors?.[0].message).toMatch(/already submitted/);
      expect(outcome(await submit(march.ready, submitCommandId))).toBe('OK');
      const events = await readStreamOrEmpty(app, `billing-${practice.practiceId}-${MARCH}`);
      expect(events.map((event) => event.type)).toEqual(['BillingMonthSnapshotRecorded', 'BillingMonthClosed', 'ClaimSubmitted', 'ClaimSubmitted']);
    });

    it('blocked months, another payer and other roles are refused', async () => {
      expect(outcome(await submit(march.noConsent))).toBe('PRECONDITION_FAILED');
      expect(outcome(await submit(march.duplicate))).toBe('PRECONDITION_FAILED');
      const wrongPayer = await submit(march.notShared, newCommandId(), 'another-payer');
      expect(outcome(wrongPayer)).toBe('PRECONDITION_FAILED');
      const asAdmin = await app.gql(
        SUBMIT_CLAIM,
        { input: { commandId: newCommandId(), patientId: march.complex, month: MARCH, payerId: PAYER_ID } },
        practice.tokens.admin,
      );
      expect(outcome(asAdmin)).toBe('FORBIDDEN');
      const otherPractice = await app.gql(
        SUBMIT_CLAIM,
        { input: { commandId: newCommandId(), patientId: march.complex, month: MARCH, payerId: PAYER_ID } },
        other.tokens.billing,
      );
      expect(outcome(otherPractice)).toBe('NOT_FOUND');
      expect(await billingMonth(practice.tokens.billing)).toMatchObject({ submittedCount: 2 });
    });

    it('a call of March logged after its claim was submitted counts the patient-month in amendedAfterCloseCount (issue 12 item 4)', async () => {
      await logCall(app, practice, march.ready, { minutes: 20, startedAt: '2026-03-27T10:00:00-04:00' });
      const ready = await patientMonth(march.ready);
      expect(ready).toMatchObject({ status: 'SUBMITTED', claim: { lines: [line('99490', 1, 6613)] } });
      expect(ready.warnings).toContain('AMENDED_AFTER_CLOSE');
      // The insufficient patient-month amended earlier, and this submitted one.
      expect(await billingMonth(practice.tokens.billing)).toMatchObject({ amendedAfterCloseCount: 2, submittedCount: 2 });
    });

    it('GET /exports/claims/2026-03.csv lists one row per submitted line, RFC 4180', async () => {
      const response = await fetch(`${app.url}/exports/claims/${MARCH}.csv`, { headers: { authorization: `Bearer ${practice.tokens.billing}` } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename="claims-${MARCH}.csv"`);
      const text = await response.text();
      expect(text.endsWith('\r\n')).toBe(true);
      // Read back with a CSV parser we did not write, strict about quoting and column counts.
      const rows: Record<string, string>[] = parse(text, { columns: true, record_delimiter: '\r\n' });
      const patient = (patientId: string, sex: string, address: string[]) => ({
        patient_id: patientId,
        medicare_id: testMedicareId(patientId),
        patient_name: 'Rosa Martinez',
        patient_birth_date: '1948-05-02',
        patient_sex: sex,
        ...Object.fromEntries(
          ['patient_address_line1', 'patient_address_line2', 'patient_city', 'patient_state', 'patient_postal_code'].map((column, index) => [
            column,
            address[index],
          ]),
        ),
      });
      const claim = (patientId: string, placeOfService: string, cptCode: string, amount: string) => ({
        payer_id: PAYER_ID,
        date_of_service: '2026-03-31',
        place_of_service: placeOfService,
        cpt_code: cptCode,
        units: '1',
        icd10_1: 'E11.9',
        icd10_2: 'I10',
        icd10_3: '',
        icd10_4: '',
        rendering_npi: '1234567893',
        billing_npi: '1234567893',
        tax_id: '12-3456789',
        amount_usd: amount,
        // Sex and address were given at the ready patient's enrolment only.
        ...(patientId === march.ready ? patient(patientId, 'F', ['12 Elm St', '', 'Albany', 'NY', '12207']) : patient(patientId, '', ['', '', '', '', ''])),
      });
      const byLine = (row: Record<string, string>) => `${row.patient_id} ${row.cpt_code}`;
      expect([...rows].sort((a, b) => byLine(a).localeCompare(byLine(b)))).toEqual(
        [claim(march.ready, '11', '99490', '66.13'), claim(march.complex, '22', '99487', '144.29'), claim(march.complex, '22', '99489', '78.16')].sort((a, b) =>
          byLine(a).localeCompare(byLine(b)),
        ),
      );
      // The file carries Medicare ids: its download is a read of those patients' data, and the access log says so.
      await settleAccessLog(app);
      const logged = await app.gql(ACCESS_LOG, { patientId: march.complex }, practice.tokens.admin);
      expect(logged.data?.accessLog.edges.map((edge: { node: { operation: string } }) => edge.node.operation)).toContain('GET /exports/claims/:month.csv');
    });

    it('the export is for billing staff of the practice only', async () => {
      const get = (token?: string, month = MARCH) =>
        fetch(`${app.url}/exports/claims/${month}.csv`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      expect((await get()).status).toBe(401);
      expect((await get(practice.tokens.nurse)).status).toBe(403);
      expect((await get(practice.tokens.billing, '2026-13')).status).toBe(400);
      const others = await (await get(other.tokens.billing)).text();
      expect(others.split('\r\n').filter(Boolean)).toHaveLength(1);
    });

    it('the whole month (closed, amended and claimed) answers exactly what graphql-js answers completing every field of every patient', async () => {
      const response = await app.gql(BILLING_MONTH_FIELD_BY_FIELD, { month: MARCH }, practice.tokens.billing);
      expect(response.errors).toBeUndefined();
      expect(JSON.stringify(await billingMonth(practice.tokens.billing))).toBe(JSON.stringify(response.data!.billingMonth));
    });
  });

  describe('billingProgress over graphql-ws', () => {
    it('pushes the current month (April) as it is, then again after a call is logged', async () => {
      const client = subscriptionClient(app, practice.tokens.nurse);
      try {
        const results = client.iterate<{ billingProgress: PatientMonth }>({ query: BILLING_PROGRESS, variables: { patientId: march.ready } });
        const first = await nextResult(results);
        expect(first.errors).toBeUndefined();
        expect(first.data!.billingProgress).toEqual({
          patientId: march.ready,
          month: '2026-04',
          clinicalStaffMinutes: 0,
          claimReady: false,
          blockers: ['INSUFFICIENT_TIME'],
          minutesToNextCode: 20,
          status: 'OPEN',
        });
        await logCall(app, practice, march.ready, { minutes: 25, startedAt: '2026-04-08T10:00:00-04:00' });
        const next = await nextResult(results);
        expect(next.data!.billingProgress).toEqual({
          patientId: march.ready,
          month: '2026-04',
          clinicalStaffMinutes: 25,
          claimReady: true,
          blockers: [],
          minutesToNextCode: 15,
          status: 'OPEN',
        });
        await results.return?.();
      } finally {
        await client.dispose();
      }
    });

    it('applies the same roles and practice scoping as queries', async () => {
      const first = async (token: string, patientId = march.ready) => {
        const client = subscriptionClient(app, token);
        try {
          return await nextResult(client.iterate({ query: BILLING_PROGRESS, variables: { patientId } }));
        } finally {
          await client.dispose();
        }
      };
      expect((await first(practice.tokens.payer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect((await first(other.tokens.nurse)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    });

    it('refuses a connection without a valid token', async () => {
      for (const token of [undefined, 'not-a-token']) {
        const client = subscriptionClient(app, token);
        try {
          await expect(nextResult(client.iterate({ query: BILLING_PROGRESS, variables: { patientId: march.ready } }))).rejects.toMatchObject({ code: 4403 });
        } finally {
          await client.dispose();
        }
      }
    });
  });

  it('a rebuild from the log gives the same billing read model (close, amendment and claims included)', async () => {
    const db = app.app.get<Database>(READ_DB);
    const billingTables = () => Object.fromEntries(Object.entries(dumpReadModels(db)).filter(([table]) => table.startsWith('billing_')));
    const incremental = billingTables();
    expect(Object.keys(incremental)).toContain('billing_patient_months');
    await app.app.get(ProjectionHost).engine.rebuild();
    expect(billingTables()).toEqual(incremental);
  });
});

/** Not a benchmark (bench/ will hold those): a check that a whole month is read, not evaluated, per query. */
describe('billingMonth over a practice of thousands of patients (timing check, sqlite)', () => {
  // BILLING_TIMING_PATIENTS=10000 checks the size the read model is built for; the default keeps the suite quick.
  const PATIENTS = Number(process.env.BILLING_TIMING_PATIENTS ?? 3000);
  let app: TestApp;
  let practice: SeededPractice;

  beforeAll(async () => {
    // NORMAL: seeding is thousands of appends, and durability is not what is measured here.
    app = await startTestApp('sqlite', { clock: { now: () => NOW }, env: { LOG_LEVEL: 'warn', SQLITE_SYNCHRONOUS: 'NORMAL' } });
    practice = await seedPractice(app);
    const started = performance.now();
    await seedClaimReadyPatients(app, practice.practiceId, PATIENTS);
    console.info(`seeded ${PATIENTS} patients (${PATIENTS * 8} events) and projected them in ${Math.round(performance.now() - started)} ms`);
  }, 600_000);
  afterAll(() => app?.close());

  it(`answers billingMonth for ${PATIENTS} patients from stored rows`, async () => {
    const timings: number[] = [];
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      const response = await app.gql(BILLING_MONTH, { month: MARCH }, practice.tokens.billing);
      timings.push(Math.round(performance.now() - started));
      expect(response.errors).toBeUndefined();
      expect(response.data!.billingMonth).toMatchObject({ patientCount: PATIENTS, claimReadyCount: PATIENTS, totalExpectedPaymentCents: PATIENTS * 6613 });
    }
    const started = performance.now();
    expect(outcome(await app.gql(BILLING_MONTH_TOTALS, { month: MARCH }, practice.tokens.billing))).toBe('OK');
    const totalsOnly = Math.round(performance.now() - started);
    console.info(`billingMonth(${MARCH}) with every field for ${PATIENTS} patients: ${timings.join(', ')} ms; totals only: ${totalsOnly} ms`);
  });
});

describe("a practice's own fee schedule (BILLING_FEE_SCHEDULE_DIR, sqlite)", () => {
  let app: TestApp;
  let feeDir: ReturnType<typeof tempDir>;

  beforeAll(async () => {
    feeDir = tempDir('careledger-fees-');
    const schedule = JSON.parse(readFileSync(join(__dirname, '../src/billing/fee-schedules/2026.json'), 'utf8'));
    schedule.codes['99490'].nonFacilityRvu = { value: 2.5, source: 'Rate negotiated with our Medicare Advantage plan (test)' };
    writeFileSync(join(feeDir.path, '2026.json'), JSON.stringify(schedule));
    app = await startTestApp('sqlite', { clock: { now: () => NOW }, env: { BILLING_FEE_SCHEDULE_DIR: feeDir.path } });
  });
  afterAll(async () => {
    await app?.close();
    feeDir.remove();
  });

  it('prices the month with it, and the what-if with the national schedule of the other year', async () => {
    const practice = await seedPractice(app);
    await seedClaimReadyPatients(app, practice.practiceId, 1);
    const own = await app.gql(BILLING_MONTH, { month: MARCH }, practice.tokens.billing);
    // 2.5 RVU × $33.4009
    expect(own.data!.billingMonth.patients[0].lines).toEqual([{ cptCode: '99490', units: 1, amountCents: 8350, amountKnown: true, unitAmountCents: 8350 }]);
    const national2025 = await app.gql(BILLING_MONTH, { month: MARCH, ruleYear: 2025 }, practice.tokens.billing);
    expect(national2025.data!.billingMonth.totalExpectedPaymentCents).toBe(6049);
  });
});
