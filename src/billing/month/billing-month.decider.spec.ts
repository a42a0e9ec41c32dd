import { given, testMetadata } from '../../../test/support/decider-specification';
import type { BillingMonthClosed, BillingMonthSnapshotRecorded, ClaimPatient, ClaimSubmitted, PatientMonthFigures } from './billing-month.events';
import { billingMonthDecider, type CloseBillingMonth, type SubmitClaim } from './billing-month.decider';
import { SNAPSHOT_PART_BYTES } from './close-snapshot';

const figures = (patientId: string, overrides: Partial<PatientMonthFigures> = {}): PatientMonthFigures => ({
  patientId,
  claimReady: true,
  lines: [{ cptCode: '99490', units: 1, unitAmountCents: 6613, amountCents: 6613 }],
  expectedPaymentCents: 6613,
  amountUnknown: false,
  patientCoinsuranceCents: 1323,
  clinicalStaffMinutes: 25,
  practitionerMinutes: 0,
  blockers: [],
  warnings: [],
  ...overrides,
});
const blocked = (patientId: string, blocker: string) =>
  figures(patientId, { claimReady: false, lines: [], expectedPaymentCents: 0, patientCoinsuranceCents: 0, clinicalStaffMinutes: 5, blockers: [blocker] });

const ready = figures('pat-ready');
const noConsent = blocked('pat-no-consent', 'NO_CONSENT');
const practiceId = 'p1';
const month = '2026-03';
// 1 April 2026 00:00 in New York is 04:00 UTC.
const afterMonthEnd = testMetadata({ now: new Date('2026-04-01T04:00:00Z') });

const close = (
  now = afterMonthEnd,
  patients = [ready, noConsent],
  provisional: Partial<Pick<CloseBillingMonth['observed'], 'provisionalRules'>> & Pick<CloseBillingMonth['data'], 'acknowledgeProvisionalRules'> = {},
): CloseBillingMonth => ({
  type: 'CloseBillingMonth',
  data: { practiceId, month, ...(provisional.acknowledgeProvisionalRules && { acknowledgeProvisionalRules: true as const }) },
  observed: { timeZone: 'America/New_York', ruleYear: 2026, patients, provisionalRules: provisional.provisionalRules ?? false },
  metadata: now,
});

const totals = { patientCount: 2, claimReadyCount: 1, totalExpectedPaymentCents: 6613, amountUnknown: false };
const snapshotPart = (part: number, patients: PatientMonthFigures[]): BillingMonthSnapshotRecorded => ({
  type: 'BillingMonthSnapshotRecorded',
  data: { practiceId, month, part, patients },
});
const closedEvent: BillingMonthClosed = {
  type: 'BillingMonthClosed',
  data: { practiceId, month, timeZone: 'America/New_York', ruleYear: 2026, totals, snapshotParts: 1 },
};
/** A close as it is stored: its snapshot part, then the close that names it. */
const closeHistory = [snapshotPart(0, [ready, noConsent]), closedEvent];
/** A close recorded before snapshots were written in parts: the whole snapshot inside BillingMonthClosed. */
const legacyClosedEvent: BillingMonthClosed = {
  type: 'BillingMonthClosed',
  data: { practiceId, month, timeZone: 'America/New_York', ruleYear: 2026, totals, patients: [ready, noConsent] },
};

const parties = { medicareId: '1EG4TE5MK73', diagnoses: ['E11.9', 'I10'], renderingNpi: '1234567893', billingNpi: '1245319599', taxId: '12-3456789' };
const claimant: ClaimPatient = {
  name: 'Rosa Martinez',
  birthDate: '1948-05-02',
  sex: 'FEMALE',
  address: { line1: '12 Elm St', line2: null, city: 'Albany', state: 'NY', postalCode: '12207' },
};
const submit = (patientId: string, observed: Partial<SubmitClaim['observed']> = {}): Omit<SubmitClaim, 'metadata'> => ({
  type: 'SubmitClaim',
  data: { practiceId, patientId, month, payerId: 'medicare-jl' },
  observed: {
    provisionalRules: false,
    current: patientId === ready.patientId ? ready : noConsent,
    patientPayerId: 'medicare-jl',
    practicePlaceOfService: null,
    claimant,
    parties,
    ...observed,
  },
});
const submitted = (
  lines = ready.lines,
  basis: 'CLOSED' | 'AMENDED' = 'CLOSED',
  money = { expectedPaymentCents: 6613, patientCoinsuranceCents: 1323 },
): ClaimSubmitted => ({
  type: 'ClaimSubmitted',
  data: {
    practiceId,
    month,
    patientId: ready.patientId,
    payerId: 'medicare-jl',
    dateOfService: '2026-03-31',
    basis,
    lines,
    ...money,
    amountUnknown: false,
    ...parties,
    placeOfService: '11',
    patient: claimant,
  },
});

describe('billing month decider', () => {
  describe('CloseBillingMonth', () => {
    it('freezes every patient-month with the totals of the claim-ready ones', () => given(billingMonthDecider).when(close()).then(closeHistory));

    it('writes a large practice in parts of bounded size, in patient order, and folds them back to the same snapshot', () => {
      const patients = Array.from({ length: 12_000 }, (_, index) => figures(`pat-${String(index).padStart(6, '0')}`, { warnings: ['LATE_ENTRY'] }));
      const events = billingMonthDecider.decide(close(afterMonthEnd, patients), billingMonthDecider.initialState());
      const parts = events.slice(0, -1) as BillingMonthSnapshotRecorded[];
      expect(parts.length).toBeGreaterThan(1);
      expect(parts.map((part) => part.data.part)).toEqual(parts.map((_, index) => index));
      for (const part of parts) expect(Buffer.byteLength(JSON.stringify(part.data.patients))).toBeLessThanOrEqual(SNAPSHOT_PART_BYTES);
      expect(parts.flatMap((part) => part.data.patients)).toEqual(patients);
      expect(events.at(-1)).toMatchObject({ type: 'BillingMonthClosed', data: { snapshotParts: parts.length, totals: { patientCount: 12_000 } } });
      const state = events.reduce(billingMonthDecider.evolve, billingMonthDecider.initialState());
      expect([...state.closed!.values()]).toEqual(patients);
    });

    it('still reads a close recorded with the whole snapshot in one event', () =>
      given(billingMonthDecider, [legacyClosedEvent]).when(submit(ready.patientId)).then([submitted()]));

    it('refuses to fold a close whose snapshot parts are missing', () =>
      expect(() => given(billingMonthDecider, [closedEvent])).toThrow(/1 snapshot parts and 2 patient-months; 0 parts/));

    it('refuses a month that has not ended in the practice zone (23:59 on 31 March in New York is already April in UTC)', () =>
      given(billingMonthDecider)
        .when(close(testMetadata({ now: new Date('2026-04-01T03:59:00Z') })))
        .thenThrows('PRECONDITION_FAILED', /not ended/));

    it('refuses to close a month twice', () =>
      given(billingMonthDecider, closeHistory)
        .when(close())
        .thenThrows('PRECONDITION_FAILED', /already closed/));

    it('refuses a month on provisional rules without an explicit acknowledgement (issue 12 item 13)', () =>
      given(billingMonthDecider)
        .when(close(afterMonthEnd, [ready, noConsent], { provisionalRules: true }))
        .thenThrows('PRECONDITION_FAILED', /provisional rules.*acknowledgeProvisionalRules/));

    it('closes a month on provisional rules when acknowledged, and the event says so', () =>
      given(billingMonthDecider)
        .when(close(afterMonthEnd, [ready, noConsent], { provisionalRules: true, acknowledgeProvisionalRules: true }))
        .then([snapshotPart(0, [ready, noConsent]), { ...closedEvent, data: { ...closedEvent.data, provisionalRules: true } }]));

    it('closes a month without patients (nothing to bill is still a decision)', () =>
      given(billingMonthDecider)
        .when(close(afterMonthEnd, []))
        .then([
          {
            type: 'BillingMonthClosed',
            data: {
              ...closedEvent.data,
              snapshotParts: 0,
              totals: { patientCount: 0, claimReadyCount: 0, totalExpectedPaymentCents: 0, amountUnknown: false },
            },
          },
        ]));
  });

  describe('SubmitClaim', () => {
    it('records the claim of a claim-ready patient-month of a closed month, with its lines and parties', () =>
      given(billingMonthDecider, closeHistory).when(submit(ready.patientId)).then([submitted()]));

    it('refuses a claim on provisional rules without an acknowledgement, and records the acknowledged one as such', () => {
      given(billingMonthDecider, closeHistory)
        .when(submit(ready.patientId, { provisionalRules: true }))
        .thenThrows('PRECONDITION_FAILED', /provisional rules/);
      const acknowledged = submit(ready.patientId, { provisionalRules: true });
      given(billingMonthDecider, closeHistory)
        .when({ ...acknowledged, data: { ...acknowledged.data, acknowledgeProvisionalRules: true } })
        .then([{ ...submitted(), data: { ...submitted().data, provisionalRules: true } }]);
    });

    it('refuses a second submission of the same patient-month (duplicate billing, OIG)', () =>
      given(billingMonthDecider, [...closeHistory, submitted()])
        .when(submit(ready.patientId))
        .thenThrows('PRECONDITION_FAILED', /already submitted/));

    it('refuses while the month is open', () =>
      given(billingMonthDecider)
        .when(submit(ready.patientId))
        .thenThrows('PRECONDITION_FAILED', /Close billing month/));

    it('refuses a patient-month that was blocked at close', () =>
      given(billingMonthDecider, closeHistory)
        .when(submit(noConsent.patientId))
        .thenThrows('PRECONDITION_FAILED', /NO_CONSENT/));

    it('refuses a patient who was not part of the closed month', () =>
      given(billingMonthDecider, closeHistory)
        .when(submit('pat-enrolled-later', { current: figures('pat-enrolled-later') }))
        .thenThrows('PRECONDITION_FAILED', /not part/));

    it('refuses a payer other than the one recorded for the patient', () =>
      given(billingMonthDecider, closeHistory)
        .when(submit(ready.patientId, { patientPayerId: 'other-payer' }))
        .thenThrows('PRECONDITION_FAILED', /payerId/));

    it('refuses a claim without the Medicare id or tax id it must carry', () =>
      given(billingMonthDecider, closeHistory)
        .when(submit(ready.patientId, { parties: { ...parties, medicareId: null, taxId: null } }))
        .thenThrows('PRECONDITION_FAILED', /medicareId, taxId/));

    it("names the place of service: the claim's own, else the practice's, else office 11 (policies.ts; CMS-1500 box 24B)", () => {
      const withPlace = (placeOfService: string) => ({ ...submitted(), data: { ...submitted().data, placeOfService } });
      given(billingMonthDecider, closeHistory)
        .when(submit(ready.patientId, { practicePlaceOfService: '22' }))
        .then([withPlace('22')]);
      const override = submit(ready.patientId, { practicePlaceOfService: '22' });
      given(billingMonthDecider, closeHistory)
        .when({ ...override, data: { ...override.data, placeOfService: '12' } })
        .then([withPlace('12')]);
    });

    it('refuses a claim without the patient it names', () =>
      given(billingMonthDecider, closeHistory)
        .when(submit(ready.patientId, { claimant: null }))
        .thenThrows('PRECONDITION_FAILED', /name and date of birth/));

    it('refuses a claim without a qualifying diagnosis', () =>
      given(billingMonthDecider, closeHistory)
        .when(submit(ready.patientId, { parties: { ...parties, diagnoses: [] } }))
        .thenThrows('PRECONDITION_FAILED', /diagnoses/));

    describe('amended after close', () => {
      const moreMinutes = figures(ready.patientId, {
        lines: [...ready.lines, { cptCode: '99439', units: 1, unitAmountCents: 5044, amountCents: 5044 }],
        expectedPaymentCents: 11657,
        patientCoinsuranceCents: 2331,
        clinicalStaffMinutes: 45,
      });

      it('late minutes that would raise the claim do not: the closed result is billed', () =>
        given(billingMonthDecider, closeHistory)
          .when(submit(ready.patientId, { current: moreMinutes }))
          .then([submitted()]));

      it('minutes withdrawn after close lower the claim to the amended result', () => {
        given(billingMonthDecider, [snapshotPart(0, [moreMinutes, noConsent]), closedEvent])
          .when(submit(ready.patientId))
          .then([submitted(ready.lines, 'AMENDED')]);
      });

      it('a patient-month no longer claim-ready after an amendment is refused', () =>
        given(billingMonthDecider, closeHistory)
          .when(submit(ready.patientId, { current: blocked(ready.patientId, 'INSUFFICIENT_TIME') }))
          .thenThrows('PRECONDITION_FAILED', /amended after the close.*INSUFFICIENT_TIME/));

      it('an amendment that bills the same codes keeps the closed result', () =>
        given(billingMonthDecider, closeHistory)
          .when(submit(ready.patientId, { current: { ...ready, clinicalStaffMinutes: 31 } }))
          .then([submitted()]));
    });
  });
});
