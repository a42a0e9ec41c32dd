/**
 * The compliance review's corrections (issue 21) through the API, on the SQLite store: a New York practice documents
 * March 2026 through the care-record mutations and billing staff read the month. The app's clock reads 10 April 2026.
 * Each patient shows one corrected reading of ccm-rules.md: PCM with a comorbidity (item 1), complex CCM on a care
 * plan only monitored that month (item 3), decision making that is not the billing practitioner's (item 4), and a
 * minute counted once (item 5).
 */
import { newCommandId, startTestApp, type TestApp } from './support/app-harness';
import { CLOSE_BILLING_MONTH, logCall, PATIENT_BILLING_MONTH } from './support/billing-fixtures';
import { STAFF } from './support/care-record-events';
import {
  callInput,
  carePlanInput,
  consentInput,
  CREATE_CARE_PLAN,
  externalServiceInput,
  GIVE_CONSENT,
  LOG_CALL,
  mutate,
  RECORD_CHRONIC_CONDITION,
  RECORD_EXTERNAL_SERVICE,
  REVISE_CARE_PLAN,
  SHARE_CARE_PLAN,
  seedEligiblePatient,
  seedPractice,
  shareCarePlanInput,
  type SeededPractice,
} from './support/care-record-fixtures';

const NOW = new Date('2026-04-10T14:00:00Z');
const MARCH = '2026-03';
const codes = (lines: { cptCode: string; units: number }[]) => lines.map((line) => (line.units === 1 ? line.cptCode : `${line.cptCode}x${line.units}`));

describe('billing rules corrected by the compliance review (issue 21), through the API', () => {
  let app: TestApp;
  let practice: SeededPractice;

  beforeAll(async () => {
    app = await startTestApp('sqlite', { clock: { now: () => NOW } });
    practice = await seedPractice(app);
  }, 120_000);
  afterAll(() => app?.close());

  const patientMonth = async (patientId: string) => {
    const response = await app.gql(PATIENT_BILLING_MONTH, { patientId, month: MARCH }, practice.tokens.billing);
    expect(response.errors).toBeUndefined();
    return response.data!.patientBillingMonth;
  };

  /** Consent in March, a care plan (agreed in February unless said) shared with the patient. */
  async function documented(patientId: string, planEffectiveAt = '2026-02-24T10:00:00-05:00'): Promise<void> {
    const { nurse, practitioner } = practice.tokens;
    await mutate(app, GIVE_CONSENT, consentInput(patientId, { givenAt: '2026-02-23T09:00:00-05:00' }), nurse);
    await mutate(app, CREATE_CARE_PLAN, carePlanInput(patientId, { effectiveAt: planEffectiveAt }), practitioner);
    await mutate(app, SHARE_CARE_PLAN, shareCarePlanInput(patientId, { sharedAt: '2026-02-24T11:00:00-05:00' }), nurse);
  }
  const enrolledInFebruary = (overrides: Record<string, unknown> = {}) => seedEligiblePatient(app, practice, { enrolledOn: '2026-02-20', ...overrides });
  const nurseCall = (patientId: string, minutes: number, startedAt: string, overrides: Record<string, unknown> = {}) =>
    logCall(app, practice, patientId, { minutes, startedAt, ...overrides });
  const drACall = (patientId: string, minutes: number, startedAt: string, overrides: Record<string, unknown> = {}) =>
    mutate(
      app,
      LOG_CALL,
      callInput(patientId, { source: 'LIVE_TIMER', performedBy: STAFF.drA.staffId, minutes, startedAt, ...overrides }),
      practice.tokens.practitioner,
    );

  it('item 1: a PCM patient with heart failure and stage 4 CKD bills 99426 (comorbidities do not bar PCM; worked case 15)', async () => {
    const patientId = await enrolledInFebruary({ program: 'PCM' });
    await mutate(
      app,
      RECORD_CHRONIC_CONDITION,
      {
        commandId: newCommandId(),
        patientId,
        icd10: 'N18.4',
        description: 'Chronic kidney disease, stage 4',
        onset: '2023-04-10',
        expectedDurationMonths: 120,
        placesAtSignificantRisk: true,
      },
      practice.tokens.nurse,
    );
    await documented(patientId);
    await nurseCall(patientId, 35, '2026-03-10T10:00:00-05:00');
    expect(await patientMonth(patientId)).toMatchObject({
      program: 'PCM',
      claimReady: true,
      blockers: [],
      lines: [{ cptCode: '99426', units: 1, amountCents: 6780 }],
    });
  });

  it("item 3: Dr A's moderate MDM on a care plan only monitored in March bills 99487 + 99489 (worked case 13)", async () => {
    const patientId = await enrolledInFebruary();
    await documented(patientId);
    await nurseCall(patientId, 50, '2026-03-10T10:00:00-05:00');
    await nurseCall(patientId, 50, '2026-03-17T10:00:00-04:00');
    await drACall(patientId, 5, '2026-03-18T15:00:00-04:00', { complexMedicalDecisionMaking: true });
    const month = await patientMonth(patientId);
    expect(month).toMatchObject({ complex: true, clinicalStaffMinutes: 100, practitionerMinutes: 5, claimReady: true });
    // 99487 $144.29 + 99489 $78.16 (2026) over 99490 + 99439×2 $167.01
    expect(codes(month.lines)).toEqual(['99487', '99489']);
    expect(month.expectedPaymentCents).toBe(14429 + 7816);
    expect(month.alternatives.map((option: { lines: { cptCode: string; units: number }[] }) => codes(option.lines))).toEqual([['99490', '99439x2']]);
  });

  it("item 4: moderate MDM flagged on the nurse's entry only does not make the month complex (worked case 14)", async () => {
    const patientId = await enrolledInFebruary();
    await documented(patientId);
    await mutate(
      app,
      REVISE_CARE_PLAN,
      {
        commandId: newCommandId(),
        patientId,
        expectedVersion: 1,
        substantial: true,
        interventions: ['Weekly nurse call'],
        reason: 'Admitted for hyperglycaemia',
        effectiveAt: '2026-03-05T10:00:00-05:00',
      },
      practice.tokens.practitioner,
    );
    await nurseCall(patientId, 50, '2026-03-10T10:00:00-05:00', { complexMedicalDecisionMaking: true });
    await nurseCall(patientId, 50, '2026-03-17T10:00:00-04:00');
    const month = await patientMonth(patientId);
    expect(month).toMatchObject({ complex: false, clinicalStaffMinutes: 100, claimReady: true });
    expect(codes(month.lines)).toEqual(['99490', '99439x2']);
    expect(month.expectedPaymentCents).toBe(16701);
  });

  it("item 5: a nurse's overlapping entries count once, with a warning and the reason in words; time in hospital does not count", async () => {
    const patientId = await enrolledInFebruary();
    await documented(patientId);
    const first = await nurseCall(patientId, 25, '2026-03-10T10:00:00-05:00');
    // The same call typed again from memory: 10:05 for 20 minutes, inside the first.
    const typedAgain = await nurseCall(patientId, 20, '2026-03-10T10:05:00-05:00');
    // Admitted to hospital on 20 March, discharged on the 23rd: the nurse's call on the 21st is not CCM time.
    await mutate(
      app,
      RECORD_EXTERNAL_SERVICE,
      externalServiceInput(patientId, {
        serviceDate: '2026-03-20',
        cptCode: '99223',
        billedByNpi: '1245319599',
        startedAt: '2026-03-20T18:00:00-04:00',
        endedAt: '2026-03-23T11:00:00-04:00',
      }),
      practice.tokens.admin,
    );
    const inHospital = await nurseCall(patientId, 15, '2026-03-21T10:00:00-04:00');

    const month = await patientMonth(patientId);
    expect(month).toMatchObject({ clinicalStaffMinutes: 25, claimReady: true, lines: [{ cptCode: '99490', units: 1 }] });
    expect(month.warnings).toContain('OVERLAPPING_ENTRIES');
    expect(month.notes).toContain(`Entries ${first} and ${typedAgain} of the same performer overlap by 20 min; the overlap counts once (ccm-rules.md §1).`);
    expect(month.excludedTimeEntries).toEqual(
      expect.arrayContaining([
        {
          activityId: typedAgain,
          reason: 'OVERLAPS_OWN_ENTRY',
          minutes: 20,
          explanation: `20 min overlap entry ${first} of the same performer; a minute counts once, and entry ${first} counted it.`,
        },
        expect.objectContaining({ activityId: inHospital, reason: 'DURING_INPATIENT_STAY', minutes: 15 }),
      ]),
    );
  });
});

describe('the next service year before CareLedger has its rules (issue 12 item 13), through the API', () => {
  const FEBRUARY_2027 = new Date('2027-02-10T15:00:00Z');
  let app: TestApp;
  let practice: SeededPractice;
  let patientId: string;

  beforeAll(async () => {
    app = await startTestApp('sqlite', { clock: { now: () => FEBRUARY_2027 } });
    practice = await seedPractice(app);
    patientId = await seedEligiblePatient(app, practice);
    await mutate(app, GIVE_CONSENT, consentInput(patientId), practice.tokens.nurse);
    await mutate(app, CREATE_CARE_PLAN, carePlanInput(patientId), practice.tokens.practitioner);
    await mutate(app, SHARE_CARE_PLAN, shareCarePlanInput(patientId), practice.tokens.nurse);
    await logCall(app, practice, patientId, { minutes: 25, startedAt: '2027-01-12T10:00:00-05:00' });
  }, 120_000);
  afterAll(() => app?.close());

  it('January 2027 reads provisionally: codes from the latest rules, amounts unknown, a warning and a note', async () => {
    const response = await app.gql(PATIENT_BILLING_MONTH, { patientId, month: '2027-01' }, practice.tokens.billing);
    expect(response.errors).toBeUndefined();
    const month = response.data!.patientBillingMonth;
    expect(month).toMatchObject({
      ruleYear: 2027,
      claimReady: true,
      amountUnknown: true,
      lines: [{ cptCode: '99490', units: 1, amountKnown: false, amountCents: 0, unitAmountCents: null }],
    });
    expect(month.warnings).toContain('PROVISIONAL_RULES');
    expect(month.notes[0]).toMatch(/^Provisional: CareLedger has no billing rules for service year 2027/);
  });

  it('closing January 2027 needs the explicit acknowledgement', async () => {
    const refused = await app.gql(CLOSE_BILLING_MONTH, { input: { commandId: newCommandId(), month: '2027-01' } }, practice.tokens.billing);
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'PRECONDITION_FAILED' } });
    const closed = await app.gql(
      CLOSE_BILLING_MONTH,
      { input: { commandId: newCommandId(), month: '2027-01', acknowledgeProvisionalRules: true } },
      practice.tokens.billing,
    );
    expect(closed.errors).toBeUndefined();
    expect(closed.data!.closeBillingMonth).toMatchObject({ closed: true, ruleYear: 2027 });
  });
});

describe('APCM behavioural-health add-ons G0568–G0570 (issue 21 item 9), through the API', () => {
  const MAY_2026 = new Date('2026-05-10T14:00:00Z');
  let app: TestApp;
  let practice: SeededPractice;
  let patientId: string;

  beforeAll(async () => {
    app = await startTestApp('sqlite', { clock: { now: () => MAY_2026 } });
    practice = await seedPractice(app);
    patientId = await seedEligiblePatient(app, practice, { program: 'APCM', enrolledOn: '2026-02-20' });
    // Major depressive disorder, recurrent, diagnosed in March: behavioural health integration starts that month.
    await mutate(
      app,
      RECORD_CHRONIC_CONDITION,
      {
        commandId: newCommandId(),
        patientId,
        icd10: 'F33.1',
        description: 'Major depressive disorder, recurrent, moderate',
        onset: '2026-03-05',
        expectedDurationMonths: 24,
        placesAtSignificantRisk: true,
      },
      practice.tokens.nurse,
    );
    await mutate(app, GIVE_CONSENT, consentInput(patientId, { givenAt: '2026-02-23T09:00:00-05:00' }), practice.tokens.nurse);
    await mutate(app, CREATE_CARE_PLAN, carePlanInput(patientId, { effectiveAt: '2026-02-24T10:00:00-05:00' }), practice.tokens.practitioner);
    await mutate(app, SHARE_CARE_PLAN, shareCarePlanInput(patientId, { sharedAt: '2026-02-24T11:00:00-05:00' }), practice.tokens.nurse);
  }, 120_000);
  afterAll(() => app?.close());

  const billed = async (month: string) => {
    const response = await app.gql(PATIENT_BILLING_MONTH, { patientId, month }, practice.tokens.billing);
    expect(response.errors).toBeUndefined();
    return response.data!.patientBillingMonth;
  };
  const configure = (apcmBehaviouralHealth: string | null, settings: Record<string, unknown> = {}) =>
    app.gql(
      `mutation($input: ConfigurePracticeInput!) { configurePractice(input: $input) { placeOfService apcmBehaviouralHealth consentRenewalMonths } }`,
      {
        input: {
          commandId: newCommandId(),
          name: 'Maple Family Medicine',
          timeZone: 'America/New_York',
          npi: '1234567893',
          taxId: '12-3456789',
          apcmBehaviouralHealth,
          ...settings,
        },
      },
      practice.tokens.admin,
    );

  it('without behavioural health integration at the practice, the month bills the APCM code alone', async () => {
    expect(codes((await billed(MARCH)).lines)).toEqual(['G0557']);
  });

  it('once the practice provides collaborative care, March (the first month of the diagnosis) adds G0568 and April G0569, priced unknown', async () => {
    const configured = await configure('COLLABORATIVE_CARE');
    expect(configured.errors).toBeUndefined();
    expect(configured.data!.configurePractice).toEqual({ placeOfService: null, apcmBehaviouralHealth: 'COLLABORATIVE_CARE', consentRenewalMonths: null });
    const march = await billed(MARCH);
    expect(march).toMatchObject({ claimReady: true, amountUnknown: true });
    expect(march.lines).toEqual([
      { cptCode: 'G0557', units: 1, amountCents: 5378, amountKnown: true, unitAmountCents: 5378 },
      { cptCode: 'G0568', units: 1, amountCents: 0, amountKnown: false, unitAmountCents: null },
    ]);
    expect(codes((await billed('2026-04')).lines)).toEqual(['G0557', 'G0569']);
  });

  it('general BHI bills G0570, except in a month the billing practitioner billed 99484 (the time-based BHI code)', async () => {
    expect((await configure('GENERAL_BHI')).errors).toBeUndefined();
    expect(codes((await billed(MARCH)).lines)).toEqual(['G0557', 'G0570']);
    await mutate(app, RECORD_EXTERNAL_SERVICE, externalServiceInput(patientId, { cptCode: '99484', serviceDate: '2026-04-08' }), practice.tokens.admin);
    expect(codes((await billed('2026-04')).lines)).toEqual(['G0557']);
  });

  it('a practice that renews consent monthly (a setting; CMS does not require it): the consent of 23 February lapses on 23 March', async () => {
    const configured = await configure('GENERAL_BHI', { consentRenewalMonths: 1 });
    expect(configured.data!.configurePractice).toMatchObject({ consentRenewalMonths: 1 });
    expect(codes((await billed(MARCH)).lines)).toEqual(['G0557', 'G0570']);
    expect(await billed('2026-04')).toMatchObject({ claimReady: false, blockers: ['NO_CONSENT'], lines: [] });
  });
});
