import {
  billingPractitionerChanged,
  callCorrected,
  careActivityAttested,
  callVoided,
  carePlanRevised,
  carePlanShared,
  consentRevoked,
  coverageVerified,
  externalService,
  initiatingVisit,
  medicationReconciled,
  recordReadyPatient,
  unenrolled,
} from '../../../test/support/billing-care-events';
import { BillingProjectionHarness, practiceConfigured } from '../../../test/support/billing-projection-harness';
import { callLogged, carePlanCreated, conditionRecorded, consentGiven, enrolled, PATIENT_ID, snapshot, STAFF } from '../../../test/support/care-record-events';
import type { RecordedEvent } from '../../event-store/event-store.port';
import { BillingEvaluator } from '../evaluation/billing-evaluator';
import type { BillingMonthClosed, BillingMonthSnapshotRecorded, PatientMonthFigures } from '../month/billing-month.events';

const CALL = '0b8f7e6d-5c4b-4a39-8281-706f5e4d3c2b';
const OTHER = '7e2d9c41-3b5a-4f68-9d0e-1a2b3c4d5e6f';
const codes = (lines: { cptCode: string; units: number }[] | undefined) => lines?.map((l) => (l.units === 1 ? l.cptCode : `${l.cptCode}x${l.units}`));

describe('billing projection: gathering the facts of a patient-month from the care record', () => {
  let h: BillingProjectionHarness;
  beforeEach(() => {
    h = new BillingProjectionHarness();
    h.record(practiceConfigured(), { occurredAt: '2026-01-05T12:00:00.000Z' });
    recordReadyPatient(h);
  });
  afterEach(() => h.close());

  it('gathers enrollment, conditions, visit, consent and care plan as the engine expects them', () => {
    const facts = h.facts(PATIENT_ID, '2026-03');
    expect(facts).toMatchObject({
      month: '2026-03',
      timeZone: 'America/New_York',
      program: 'CCM',
      qmb: false,
      billingPractitionerId: 'dr-a',
      initiatingVisits: [{ date: '2026-02-10', practitionerId: 'dr-a', kind: 'E/M' }],
      consent: { givenAt: '2026-03-02T14:00:00.000Z', method: 'VERBAL', practitionerId: 'dr-a', revokedAt: null },
      carePlan: {
        effectiveAt: '2026-03-03T15:00:00.000Z',
        creatorCredential: 'MD',
        allRequiredElementsPresent: true,
        revisions: [],
        sharedWithPatientAt: '2026-03-04T15:00:00.000Z',
      },
      timeEntries: [],
      monthClose: { closedAt: null, otherFactsAmendedAfterClose: false },
    });
    // The recording day (2026-03-01 in New York) comes back as its first instant there.
    expect(facts.conditions.map((c) => [c.icd10, c.onset, c.recordedAt])).toEqual([
      ['E11.9', '2019-01-01', '2026-03-01T05:00:00.000Z'],
      ['I10', '2019-01-01', '2026-03-01T05:00:00.000Z'],
    ]);
    expect(h.result(PATIENT_ID, '2026-03')).toMatchObject({ claimReady: false, blockers: ['INSUFFICIENT_TIME'], minutesToNextCode: 20 });
  });

  it('a call at 23:30 on 31 March in New York counts for March, not for April (the practice zone decides)', () => {
    h.record(callLogged({ startedAt: '2026-04-01T03:30:00.000Z', minutes: 25, month: '2026-03' }), { recordedAt: '2026-04-01T04:00:00.000Z' });
    expect(h.facts(PATIENT_ID, '2026-03').timeEntries.map((e) => e.id)).toEqual([CALL]);
    expect(codes(h.result(PATIENT_ID, '2026-03')?.lines)).toEqual(['99490']);
    expect(h.result(PATIENT_ID, '2026-04')).toMatchObject({ clinicalStaffMinutes: 0, claimReady: false });
  });

  it('a call that crosses midnight at the end of March counts its minutes in each month (issue 21 item 5)', () => {
    // 23:50 on 31 March in New York, 40 minutes: 10 in March, 30 in April.
    h.record(callLogged({ startedAt: '2026-04-01T03:50:00.000Z', minutes: 40, month: '2026-03' }), { recordedAt: '2026-04-01T04:30:00.000Z' });
    expect(h.result(PATIENT_ID, '2026-03')).toMatchObject({
      clinicalStaffMinutes: 10,
      excludedTimeEntries: [{ id: CALL, reason: 'OTHER_MONTH', minutes: 30 }],
    });
    expect(h.result(PATIENT_ID, '2026-04')).toMatchObject({
      clinicalStaffMinutes: 30,
      claimReady: true,
      excludedTimeEntries: [{ id: CALL, reason: 'OTHER_MONTH', minutes: 10 }],
    });
  });

  it('copies the performer as recorded and the store time for the late-entry warnings', () => {
    h.record(callLogged({ minutes: 25 }), { occurredAt: '2026-03-10T14:00:00.000Z', recordedAt: '2026-03-20T09:00:00.000Z' });
    expect(h.facts(PATIENT_ID, '2026-03').timeEntries).toEqual([
      {
        id: CALL,
        startedAt: '2026-03-10T14:00:00.000Z',
        minutes: 25,
        performerId: 'rn-b',
        performerCredential: 'RN',
        voided: false,
        source: 'MANUAL_ENTRY',
        recordedAt: '2026-03-20T09:00:00.000Z',
        amendedAt: null,
        complexMedicalDecisionMaking: false,
        attestation: 'NOT_REQUIRED',
      },
    ]);
    expect(h.result(PATIENT_ID, '2026-03')?.warnings).toEqual(['LATE_ENTRY', 'MANUAL_TIME']);
  });

  it("a nurse's entry of the billing practitioner's time counts only once the practitioner attests it (issue 12 item 6)", () => {
    h.record(callLogged({ minutes: 31, source: 'LIVE_TIMER', performer: snapshot(STAFF.drA), documentedBy: snapshot(STAFF.rnB) }), {
      recordedAt: '2026-03-10T14:40:00.000Z',
    });
    expect(h.result(PATIENT_ID, '2026-03')).toMatchObject({
      practitionerMinutes: 0,
      lines: [],
      warnings: ['UNATTESTED_TIME'],
      excludedTimeEntries: [{ id: CALL, reason: 'AWAITING_ATTESTATION', minutes: 31 }],
    });
    h.record(careActivityAttested(CALL), { recordedAt: '2026-03-11T09:00:00.000Z' });
    expect(h.result(PATIENT_ID, '2026-03')).toMatchObject({ practitionerMinutes: 31, warnings: [], excludedTimeEntries: [] });
    expect(codes(h.result(PATIENT_ID, '2026-03')?.lines)).toContain('99491');
    // A nurse's correction of the attested entry asks the practitioner again.
    h.record(callCorrected(CALL, { minutes: 35, correctedBy: 'rn-b' }), { recordedAt: '2026-03-12T09:00:00.000Z' });
    expect(h.result(PATIENT_ID, '2026-03')).toMatchObject({ practitionerMinutes: 0, warnings: ['UNATTESTED_TIME'] });
  });

  it('a correction replaces the minutes and keeps when it was made; a void removes the minutes', () => {
    h.record(callLogged({ minutes: 25 }), { recordedAt: '2026-03-10T14:30:00.000Z' });
    h.record(callCorrected(CALL, { minutes: 15 }), { recordedAt: '2026-03-11T09:00:00.000Z' });
    expect(h.facts(PATIENT_ID, '2026-03').timeEntries[0]).toMatchObject({ minutes: 15, amendedAt: '2026-03-11T09:00:00.000Z', voided: false });
    expect(h.result(PATIENT_ID, '2026-03')).toMatchObject({ clinicalStaffMinutes: 15, blockers: ['INSUFFICIENT_TIME'], minutesToNextCode: 5 });

    h.record(callVoided(CALL), { recordedAt: '2026-03-12T09:00:00.000Z' });
    expect(h.facts(PATIENT_ID, '2026-03').timeEntries[0]).toMatchObject({ voided: true, amendedAt: '2026-03-12T09:00:00.000Z' });
    expect(h.result(PATIENT_ID, '2026-03')).toMatchObject({ clinicalStaffMinutes: 0, excludedTimeEntries: [{ id: CALL, reason: 'VOIDED' }] });
  });

  it('a correction that moves a call into another month re-evaluates both months', () => {
    h.record(callLogged({ startedAt: '2026-03-31T14:00:00.000Z', minutes: 25 }), { recordedAt: '2026-03-31T14:30:00.000Z' });
    h.record(callLogged({ activityId: OTHER, startedAt: '2026-04-02T14:00:00.000Z', minutes: 5, month: '2026-04' }), {
      recordedAt: '2026-04-02T14:10:00.000Z',
    });
    expect(h.result(PATIENT_ID, '2026-03')?.clinicalStaffMinutes).toBe(25);

    h.record(callCorrected(CALL, { startedAt: '2026-04-01T14:00:00.000Z', month: '2026-04' }), { recordedAt: '2026-04-02T15:00:00.000Z' });
    expect(h.result(PATIENT_ID, '2026-03')?.clinicalStaffMinutes).toBe(0);
    expect(h.result(PATIENT_ID, '2026-04')).toMatchObject({ clinicalStaffMinutes: 30, claimReady: true });
  });

  it('consent given mid-month: minutes before it do not count, the month before has no consent', () => {
    h.record(consentGiven({ givenAt: '2026-03-20T14:00:00.000Z' }), { recordedAt: '2026-03-20T14:05:00.000Z' });
    h.record(callLogged({ startedAt: '2026-03-19T14:00:00.000Z', minutes: 12 }), { recordedAt: '2026-03-19T14:20:00.000Z' });
    h.record(callLogged({ activityId: OTHER, startedAt: '2026-03-21T14:00:00.000Z', minutes: 18 }), { recordedAt: '2026-03-21T14:20:00.000Z' });
    // The later consent covers March: the latest given by the end of the month.
    expect(h.facts(PATIENT_ID, '2026-03').consent?.givenAt).toBe('2026-03-20T14:00:00.000Z');
    expect(h.facts(PATIENT_ID, '2026-02').consent).toBeNull();
    expect(h.result(PATIENT_ID, '2026-03')).toMatchObject({
      clinicalStaffMinutes: 18,
      blockers: ['INSUFFICIENT_TIME'],
      excludedTimeEntries: [{ id: CALL, reason: 'BEFORE_CONSENT' }],
    });
  });

  it('a revocation counts the minutes before it and blocks the following months', () => {
    h.record(callLogged({ startedAt: '2026-03-10T14:00:00.000Z', minutes: 25 }), { recordedAt: '2026-03-10T14:30:00.000Z' });
    h.record(callLogged({ activityId: OTHER, startedAt: '2026-03-25T14:00:00.000Z', minutes: 30 }), { recordedAt: '2026-03-25T14:30:00.000Z' });
    h.record(consentRevoked(PATIENT_ID, '2026-03-20T15:00:00.000Z'), { recordedAt: '2026-04-02T10:00:00.000Z', occurredAt: '2026-03-20T15:00:00.000Z' });
    expect(h.facts(PATIENT_ID, '2026-03').consent?.revokedAt).toBe('2026-03-20T15:00:00.000Z');
    expect(h.result(PATIENT_ID, '2026-03')).toMatchObject({
      clinicalStaffMinutes: 25,
      claimReady: true,
      excludedTimeEntries: [{ id: OTHER, reason: 'CONSENT_REVOKED' }],
    });
    h.record(callLogged({ activityId: '3c2b1a0f-9e8d-4c7b-a6f5-e4d3c2b1a0f9', startedAt: '2026-04-03T14:00:00.000Z', minutes: 25, month: '2026-04' }), {
      recordedAt: '2026-04-03T14:30:00.000Z',
    });
    expect(h.result(PATIENT_ID, '2026-04')).toMatchObject({ blockers: ['CONSENT_REVOKED'], clinicalStaffMinutes: 0 });
  });

  it('medication reconciliation minutes count like a logged activity, as manual time', () => {
    h.record(medicationReconciled(PATIENT_ID, { minutes: 22 }), { recordedAt: '2026-03-16T14:30:00.000Z' });
    expect(h.facts(PATIENT_ID, '2026-03').timeEntries).toEqual([expect.objectContaining({ minutes: 22, performerCredential: 'RN', source: 'MANUAL_ENTRY' })]);
    expect(codes(h.result(PATIENT_ID, '2026-03')?.lines)).toEqual(['99490']);
    h.record(medicationReconciled(PATIENT_ID, { reconciliationId: OTHER, minutes: null }), { recordedAt: '2026-03-17T14:30:00.000Z' });
    expect(h.facts(PATIENT_ID, '2026-03').timeEntries).toHaveLength(1);
  });

  it("a substantial revision this month with the billing practitioner's moderate MDM makes the month complex", () => {
    h.record(carePlanRevised(), { occurredAt: '2026-03-12T15:00:00.000Z' });
    h.record(callLogged({ minutes: 95, performer: snapshot(STAFF.drA), complexMedicalDecisionMaking: true, source: 'LIVE_TIMER' }), {
      recordedAt: '2026-03-10T15:40:00.000Z',
    });
    expect(h.facts(PATIENT_ID, '2026-03').carePlan?.revisions).toEqual([{ effectiveAt: '2026-03-12T15:00:00.000Z', substantial: true }]);
    expect(h.result(PATIENT_ID, '2026-03')).toMatchObject({ complex: true });
    expect(codes(h.result(PATIENT_ID, '2026-03')?.lines)).toEqual(['99487', '99489']);
  });

  it('a revision that empties a required element makes the plan incomplete (NO_CARE_PLAN)', () => {
    h.record(carePlanRevised(PATIENT_ID, { changes: { ...carePlanRevised().data.changes, interventions: [] } }));
    expect(h.facts(PATIENT_ID, '2026-03').carePlan?.allRequiredElementsPresent).toBe(false);
    expect(h.result(PATIENT_ID, '2026-03')?.blockers).toContain('NO_CARE_PLAN');
  });

  it("another biller's CCM blocks the month; the billing practitioner's own NPI is recognised by comparison", () => {
    h.record(callLogged({ minutes: 25 }), { recordedAt: '2026-03-10T14:30:00.000Z' });
    h.record(externalService(PATIENT_ID, { cptCode: 'G0181', billedByNpi: STAFF.drA.npi!, serviceDate: '2026-03-06' }));
    expect(h.facts(PATIENT_ID, '2026-03').externalServices[0].billedByBillingPractitioner).toBe(true);
    expect(h.result(PATIENT_ID, '2026-03')?.blockers).toEqual(['CONFLICTING_SERVICE']);
    h.record(externalService());
    expect(h.result(PATIENT_ID, '2026-03')?.blockers).toEqual(['DUPLICATE_BILLER', 'CONFLICTING_SERVICE']);
  });

  it('a new billing practitioner bills from the month of the change and needs a new consent', () => {
    h.record(callLogged({ startedAt: '2026-04-03T14:00:00.000Z', minutes: 25, month: '2026-04' }), { recordedAt: '2026-04-03T14:30:00.000Z' });
    h.record(billingPractitionerChanged(), { occurredAt: '2026-04-05T12:00:00.000Z' });
    expect(h.facts(PATIENT_ID, '2026-03').billingPractitionerId).toBe('dr-a');
    expect(h.facts(PATIENT_ID, '2026-04').billingPractitionerId).toBe('np-c');
    expect(h.result(PATIENT_ID, '2026-04')?.blockers).toContain('NO_CONSENT');
    h.record(consentGiven({ givenAt: '2026-04-06T14:00:00.000Z', billingPractitionerId: 'np-c' }));
    expect(h.facts(PATIENT_ID, '2026-04').consent?.practitionerId).toBe('np-c');
  });

  it('when the log reaches a new month, every enrolled patient gets a row for it', () => {
    recordReadyPatient(h, 'second-patient');
    expect(h.result('second-patient', '2026-04')).toBeUndefined();
    h.record(callLogged({ startedAt: '2026-04-02T14:00:00.000Z', minutes: 5, month: '2026-04' }), { recordedAt: '2026-04-02T14:10:00.000Z' });
    expect(h.result('second-patient', '2026-04')).toMatchObject({ month: '2026-04', clinicalStaffMinutes: 0, blockers: ['INSUFFICIENT_TIME'] });
  });

  it('a changed practice zone moves the month boundaries of stored months', () => {
    // 00:30 on 1 April in New York is 23:30 on 31 March in Los Angeles.
    h.record(callLogged({ startedAt: '2026-04-01T04:30:00.000Z', minutes: 25, month: '2026-04' }), { recordedAt: '2026-04-01T05:00:00.000Z' });
    expect(h.result(PATIENT_ID, '2026-03')?.clinicalStaffMinutes).toBe(0);
    h.record(practiceConfigured({ timeZone: 'America/Los_Angeles' }), { recordedAt: '2026-04-02T12:00:00.000Z' });
    expect(h.result(PATIENT_ID, '2026-03')?.clinicalStaffMinutes).toBe(25);
  });

  const closeData = {
    practiceId: 'p1',
    month: '2026-03',
    timeZone: 'America/New_York',
    ruleYear: 2026,
    totals: { patientCount: 1, claimReadyCount: 1, totalExpectedPaymentCents: 6613, amountUnknown: false },
  };
  const closeFormats: [string, (patients: PatientMonthFigures[]) => (BillingMonthSnapshotRecorded | BillingMonthClosed)[]][] = [
    [
      'the snapshot in parts before the close',
      (patients) => [
        { type: 'BillingMonthSnapshotRecorded', data: { practiceId: 'p1', month: '2026-03', part: 0, patients } },
        { type: 'BillingMonthClosed', data: { ...closeData, snapshotParts: 1 } },
      ],
    ],
    ['the whole snapshot in the close (logs before parts)', (patients) => [{ type: 'BillingMonthClosed', data: { ...closeData, patients } }]],
  ];

  describe.each(closeFormats)('after the month is closed, %s', (_format, closeEvents) => {
    const record = (harness: BillingProjectionHarness, patients: PatientMonthFigures[]) => {
      for (const event of closeEvents(patients)) harness.record(event, { recordedAt: '2026-04-02T09:00:00.000Z' });
    };
    const closedFigures = {
      patientId: PATIENT_ID,
      claimReady: true,
      lines: [{ cptCode: '99490', units: 1, unitAmountCents: 6613, amountCents: 6613 }],
      expectedPaymentCents: 6613,
      amountUnknown: false,
      patientCoinsuranceCents: 1323,
      clinicalStaffMinutes: 25,
      practitionerMinutes: 0,
      blockers: [],
      warnings: [],
    };

    beforeEach(() => {
      h.record(callLogged({ minutes: 25, source: 'LIVE_TIMER' }), { recordedAt: '2026-03-10T14:30:00.000Z' });
      record(h, [closedFigures]);
    });

    it('the close is a fact of the month, and nothing is amended yet', () => {
      expect(h.facts(PATIENT_ID, '2026-03').monthClose).toEqual({ closedAt: '2026-04-02T09:00:00.000Z', otherFactsAmendedAfterClose: false });
      expect(h.amended(PATIENT_ID, '2026-03')).toBe(false);
      expect(h.result(PATIENT_ID, '2026-03')?.warnings).toEqual([]);
    });

    it('a call of the closed month recorded later marks the month amended and raises LATE_ENTRY', () => {
      h.record(callLogged({ activityId: OTHER, startedAt: '2026-03-30T14:00:00.000Z', minutes: 20, source: 'LIVE_TIMER' }), {
        recordedAt: '2026-04-03T09:00:00.000Z',
      });
      expect(h.amended(PATIENT_ID, '2026-03')).toBe(true);
      expect(h.result(PATIENT_ID, '2026-03')).toMatchObject({ clinicalStaffMinutes: 45, warnings: ['LATE_ENTRY', 'AMENDED_AFTER_CLOSE'] });
    });

    it('a fact recorded after the close that does not change the month leaves it as closed', () => {
      h.record(medicationReconciled(PATIENT_ID, { minutes: null }), { recordedAt: '2026-04-03T09:00:00.000Z' });
      h.record(carePlanShared(PATIENT_ID, { sharedAt: '2026-03-28T15:00:00.000Z', channel: 'mail' }), { recordedAt: '2026-04-03T09:05:00.000Z' });
      expect(h.amended(PATIENT_ID, '2026-03')).toBe(false);
    });

    it('a revocation recorded after the close that changes the month marks it amended', () => {
      h.record(consentRevoked(PATIENT_ID, '2026-03-05T15:00:00.000Z'), { recordedAt: '2026-04-03T09:00:00.000Z' });
      expect(h.amended(PATIENT_ID, '2026-03')).toBe(true);
      expect(h.result(PATIENT_ID, '2026-03')).toMatchObject({ claimReady: false, warnings: ['AMENDED_AFTER_CLOSE'] });
    });

    it('a call that reached the log between the snapshot and the close shows as an amendment', () => {
      const other = new BillingProjectionHarness();
      other.record(practiceConfigured(), { occurredAt: '2026-01-05T12:00:00.000Z' });
      recordReadyPatient(other);
      other.record(callLogged({ minutes: 45, source: 'LIVE_TIMER' }), { recordedAt: '2026-03-10T14:30:00.000Z' });
      record(other, [closedFigures]);
      expect(other.amended(PATIENT_ID, '2026-03')).toBe(true);
      other.close();
    });
  });
});

describe('billing projection: care management starts with its first counted minute (issue 21 item 7)', () => {
  let h: BillingProjectionHarness;
  beforeEach(() => {
    h = new BillingProjectionHarness();
    h.record(practiceConfigured(), { occurredAt: '2026-01-05T12:00:00.000Z' });
    // A phone consent on 2 March, before any visit.
    h.record(enrolled(), { occurredAt: '2026-03-01T14:00:00.000Z' })
      .record(conditionRecorded('E11.9'))
      .record(conditionRecorded('I10'))
      .record(consentGiven(), { occurredAt: '2026-03-02T14:00:00.000Z' })
      .record(carePlanCreated(), { occurredAt: '2026-03-03T15:00:00.000Z' })
      .record(carePlanShared(PATIENT_ID), { occurredAt: '2026-03-04T15:00:00.000Z' });
  });
  afterEach(() => h.close());

  it('a visit after the phone consent but before the first counted minute is the initiating visit', () => {
    h.record(initiatingVisit(PATIENT_ID, { visitDate: '2026-03-05' }), { occurredAt: '2026-03-05T15:00:00.000Z' });
    h.record(callLogged({ minutes: 25, startedAt: '2026-03-10T14:00:00.000Z' }), { recordedAt: '2026-03-10T14:30:00.000Z' });
    expect(h.facts(PATIENT_ID, '2026-03').careManagementStartedAt).toBe('2026-03-10T14:00:00.000Z');
    expect(h.result(PATIENT_ID, '2026-03')).toMatchObject({ claimReady: true, blockers: [] });
  });

  it('a visit after the first counted minute is not', () => {
    h.record(callLogged({ minutes: 25, startedAt: '2026-03-10T14:00:00.000Z' }), { recordedAt: '2026-03-10T14:30:00.000Z' });
    h.record(initiatingVisit(PATIENT_ID, { visitDate: '2026-03-12' }), { occurredAt: '2026-03-12T15:00:00.000Z' });
    expect(h.result(PATIENT_ID, '2026-03')?.blockers).toEqual(['NO_INITIATING_VISIT']);
  });

  describe('unenrolment and coverage verification (issue #15; ccm-rules §2, RuleSet.coverageVerification)', () => {
    it('an unenrolment ends billing from its effective day: earlier minutes of the month count, later ones and later months do not', () => {
      h.record(callLogged({ minutes: 25, startedAt: '2026-03-10T14:00:00.000Z' }), { recordedAt: '2026-03-10T14:30:00.000Z' });
      h.record(callLogged({ activityId: OTHER, minutes: 30, startedAt: '2026-03-20T14:00:00.000Z' }), { recordedAt: '2026-03-20T14:40:00.000Z' });
      h.record(unenrolled(PATIENT_ID, '2026-03-15'), { occurredAt: '2026-03-15T04:00:00.000Z', recordedAt: '2026-03-21T10:00:00.000Z' });
      expect(h.result(PATIENT_ID, '2026-03')).toMatchObject({
        clinicalStaffMinutes: 25,
        excludedTimeEntries: [{ id: OTHER, reason: 'AFTER_UNENROLMENT', minutes: 30 }],
      });
      h.record(callLogged({ activityId: '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d', minutes: 30, startedAt: '2026-04-06T14:00:00.000Z', month: '2026-04' }), {
        recordedAt: '2026-04-06T14:40:00.000Z',
      });
      expect(h.result(PATIENT_ID, '2026-04')).toMatchObject({
        clinicalStaffMinutes: 0,
        claimReady: false,
        excludedTimeEntries: [{ reason: 'AFTER_UNENROLMENT', minutes: 30 }],
      });
      expect(h.result(PATIENT_ID, '2026-04')?.blockers).toContain('INSUFFICIENT_TIME');
    });

    it('a month without a coverage verification by its end is claim-ready with the COVERAGE_NOT_VERIFIED warning', () => {
      const other = '9c8b7a6f-5e4d-4c3b-8a29-1f0e9d8c7b6a';
      h.record(enrolled({ patientId: other, medicareId: '3EG4TE5MK73' }), { occurredAt: '2026-03-01T14:00:00.000Z' });
      expect(h.result(other, '2026-03')?.warnings).toEqual(['COVERAGE_NOT_VERIFIED']);
      h.record(coverageVerified(other, '2026-03-20T14:00:00.000Z'), { occurredAt: '2026-03-20T14:00:00.000Z' });
      expect(h.result(other, '2026-03')?.warnings).toEqual([]);
    });

    it('a verification recorded before the enrolment counts once the patient is enrolled', () => {
      const other = '9c8b7a6f-5e4d-4c3b-8a29-1f0e9d8c7b6a';
      h.record(coverageVerified(other, '2026-02-20T14:00:00.000Z'), { occurredAt: '2026-02-20T14:00:00.000Z' });
      h.record(enrolled({ patientId: other, medicareId: '3EG4TE5MK73' }), { occurredAt: '2026-03-01T14:00:00.000Z' });
      expect(h.result(other, '2026-03')?.warnings).toEqual([]);
    });
  });
});

describe('billing projection: replaying history in long pages', () => {
  const APRIL_CALL = '5d1c3b2a-9e8f-4a7b-8c6d-5e4f3a2b1c0d';
  /** The care of two patients over March and April, with a correction and a voided call. */
  const history = (h: BillingProjectionHarness) => {
    h.record(practiceConfigured(), { occurredAt: '2026-01-05T12:00:00.000Z' });
    recordReadyPatient(h);
    recordReadyPatient(h, OTHER);
    h.record(callLogged({ minutes: 12 }), { occurredAt: '2026-03-10T14:00:00.000Z' });
    h.record(callCorrected(CALL, { minutes: 22 }), { occurredAt: '2026-03-11T14:00:00.000Z' });
    h.record(callLogged({ activityId: APRIL_CALL, minutes: 30, startedAt: '2026-04-02T14:00:00.000Z', month: '2026-04' }), {
      occurredAt: '2026-04-02T14:00:00.000Z',
    });
    h.record(callVoided(APRIL_CALL), { occurredAt: '2026-04-03T14:00:00.000Z' });
  };
  /** Events no projection of billing reads: they make a page long enough to be history. */
  const padding = (count: number): RecordedEvent[] =>
    Array.from({ length: count }, (_, i) => ({
      streamId: `elsewhere-${i}`,
      revision: 0n,
      position: BigInt(10_000 + i),
      id: `padding-${i}`,
      type: 'SomethingElseHappened',
      data: {},
      metadata: {},
      recordedAt: new Date('2026-04-05T12:00:00.000Z'),
    }));

  it('evaluates each patient-month once the replay is over, to the same rows as event by event', () => {
    const eventByEvent = new BillingProjectionHarness();
    history(eventByEvent);
    const replay = new BillingProjectionHarness();
    replay.collecting = [];
    history(replay);
    const page = [...replay.collecting, ...padding(300)];
    replay.collecting = undefined;
    try {
      replay.applyPage(page);
      // Meanwhile the open months have no row (readers evaluate them on the fly), only a note to evaluate them.
      expect(replay.result(PATIENT_ID, '2026-03')).toBeUndefined();
      expect(replay.tables().billing_deferred_evaluations.length).toBeGreaterThan(0);
      // The engine's caught-up page.
      replay.applyPage([]);
      expect(replay.tables()).toEqual(eventByEvent.tables());
      expect(replay.tables().billing_deferred_evaluations).toEqual([]);
      expect(codes(replay.result(PATIENT_ID, '2026-03')?.lines)).toEqual(['99490']);
    } finally {
      eventByEvent.close();
      replay.close();
    }
  });

  it('a replay in many long pages (each correction amends a call an earlier page wrote) gives the same rows', () => {
    const eventByEvent = new BillingProjectionHarness();
    history(eventByEvent);
    const replay = new BillingProjectionHarness();
    replay.collecting = [];
    history(replay);
    const events = replay.collecting;
    replay.collecting = undefined;
    try {
      for (const event of events) replay.applyPage([event, ...padding(300)]);
      // Before the caught-up page: the facts are stored as they stand, only the evaluations wait.
      expect(replay.tables().billing_deferred_evaluations.length).toBeGreaterThan(0);
      expect(replay.tables().billing_time_entries).toEqual(eventByEvent.tables().billing_time_entries);
      replay.applyPage([]);
      expect(replay.tables()).toEqual(eventByEvent.tables());
    } finally {
      eventByEvent.close();
      replay.close();
    }
  });

  it('a live page evaluates each patient-month its events touch once, at its end, to the same rows as event by event', () => {
    const spied = () => {
      const evaluator = new BillingEvaluator();
      const evaluate = jest.spyOn(evaluator, 'evaluate');
      return { evaluator, marchEvaluations: () => evaluate.mock.calls.filter(([facts]) => facts.month === '2026-03').length };
    };
    const byEvent = spied();
    const eventByEvent = new BillingProjectionHarness(byEvent.evaluator);
    const byPage = spied();
    const live = new BillingProjectionHarness(byPage.evaluator);
    try {
      history(eventByEvent);
      live.collecting = [];
      history(live);
      const [configured, ...care] = live.collecting;
      live.collecting = undefined;
      live.applyPage([configured]);
      // Enrolments, consents, care plans and calls of both patients in one page shorter than a replay's.
      live.applyPage(care);
      expect(live.tables()).toEqual(eventByEvent.tables());
      // Event by event: 19. The page: each patient's March once at its end, and once when the log first reached March.
      expect(byPage.marchEvaluations()).toBeLessThanOrEqual(3);
      expect(byEvent.marchEvaluations()).toBeGreaterThan(3);
    } finally {
      eventByEvent.close();
      live.close();
    }
  });

  it('a short page after a long one also finishes the deferred evaluations (a live event after the replay)', () => {
    const eventByEvent = new BillingProjectionHarness();
    history(eventByEvent);
    const replay = new BillingProjectionHarness();
    replay.collecting = [];
    history(replay);
    const [last, ...reversed] = [...replay.collecting].reverse();
    replay.collecting = undefined;
    try {
      replay.applyPage([...reversed.reverse(), ...padding(300)]);
      replay.applyPage([last]);
      expect(replay.tables()).toEqual(eventByEvent.tables());
    } finally {
      eventByEvent.close();
      replay.close();
    }
  });
});
