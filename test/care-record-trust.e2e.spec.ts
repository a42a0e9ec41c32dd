/**
 * Issue #12 (trust in what the care record stores): poison writes, who did the work, one beneficiary per record.
 * Each block names the item it holds.
 */
import fc from 'fast-check';
import { CommandService } from '../src/command-pipeline/command.service';
import { ReadYourWrites } from '../src/projections/projections.module';
import type { CallLogged } from '../src/care-activities/care-activity.events';
import { ACCEPTED_INSTANTS } from '../src/kernel/calendar';
import type { DomainEvent } from '../src/kernel/decider';
import { ADAPTERS, newCommandId, outcome, startTestApp, type TestApp } from './support/app-harness';
import { AUDIT_TRAIL, PATIENT_AS_OF } from './support/audit-fixtures';
import { documentedPatient } from './support/billing-fixtures';
import { STAFF, callLogged, enrolled } from './support/care-record-events';
import {
  CARE_RECORD_CLOCK,
  ENROLL_PATIENT,
  GIVE_CONSENT,
  LOG_CALL,
  PATIENT_QUERY,
  RECONCILE_MEDICATIONS,
  VOID_CALL,
  callInput,
  conditionInput,
  consentInput,
  enrollInput,
  mutate,
  newPatientId,
  reconcileInput,
  seedEligiblePatient,
  seedPractice,
  testMedicareId,
  type SeededPractice,
} from './support/care-record-fixtures';
import { readStreamOrEmpty } from './support/event-store-reads';
import { EVENT_STORE, type EventStore } from '../src/event-store/event-store.port';

const stream = (patientId: string) => `patient-${patientId}`;
/** Later than anything the pinned clock lets the store record. */
const AS_OF_LATER = '2030-01-01T00:00:00Z';

describe.each(ADAPTERS)('care record trust on %s', (adapter) => {
  let app: TestApp;
  let practice: SeededPractice;

  beforeAll(async () => {
    app = await startTestApp(adapter, { clock: CARE_RECORD_CLOCK });
    practice = await seedPractice(app);
  });
  afterAll(() => app.close());

  /**
   * Appends an event as an earlier CareLedger did, sealed into the stream's hash chain like any other. It goes beside
   * the command service, so it waits for the read models itself, as every command does.
   */
  const appendAsOlderVersion = async (streamName: string, event: DomainEvent) => {
    const { position } = await app.app.get(CommandService).pipeline.execute({
      stream: streamName,
      decider: { initialState: () => null, evolve: (state: null) => state, decide: () => [event] },
      command: { type: 'AppendAsOlderVersion', data: {} },
      context: {
        actorId: 'rn-b',
        actorRoles: ['CARE_MANAGER'],
        practiceId: practice.practiceId,
        commandId: newCommandId(),
        correlationId: 'legacy',
        causationId: 'legacy',
        now: CARE_RECORD_CLOCK.now(),
      },
    });
    if (position) await app.app.get(ReadYourWrites).require(position, 'read models behind the legacy append');
  };

  const readActivities = async (patientId: string, month: string | null = null) => {
    const response = await app.gql(PATIENT_QUERY, { id: patientId, month }, practice.tokens.nurse);
    return {
      errors: response.errors,
      activities: response.data?.patient?.activities as { id: string; startedAt: string; month: string; status: string; source: string }[] | undefined,
    };
  };

  describe('item 1: an answer of error means nothing was stored; no stored event makes a record unreadable', () => {
    it.each([
      ['a call at 1900-01-01T00:00Z in New York (31 December 1899 there)', '1900-01-01T00:00:00Z'],
      ['a call on 1 January 1900 written with an offset', '1900-01-01T10:00:00+05:00'],
      ['a call before 1900', '1899-06-01T12:00:00Z'],
    ])('refuses %s with BAD_USER_INPUT and stores nothing', async (_case, startedAt) => {
      const patientId = await seedEligiblePatient(app, practice);
      const before = await readStreamOrEmpty(app, stream(patientId));
      const response = await app.gql(LOG_CALL, { input: callInput(patientId, { startedAt }) }, practice.tokens.nurse);
      expect(outcome(response)).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0].message).toMatch(/DateTime.*1900-01-02/);
      expect(await readStreamOrEmpty(app, stream(patientId))).toHaveLength(before.length);
      expect((await readActivities(patientId)).errors).toBeUndefined();
    });

    it('refuses a read of a month or instant outside the accepted range like any input', async () => {
      const patientId = await seedEligiblePatient(app, practice);
      expect(outcome(await app.gql(PATIENT_QUERY, { id: patientId, month: '1899-12' }, practice.tokens.nurse))).toBe('BAD_USER_INPUT');
      expect(outcome(await app.gql(PATIENT_AS_OF, { id: patientId, at: '1900-01-01T00:00:00Z' }, practice.tokens.admin))).toBe('BAD_USER_INPUT');
    });

    it('a call stored by an older version with a month before 1900 leaves the record readable, and can be voided', async () => {
      const patientId = await seedEligiblePatient(app, practice);
      // What the earlier code appended for logCall(startedAt: "1900-01-01T00:00:00Z") in New York.
      const legacy: CallLogged = callLogged({
        patientId,
        practiceId: practice.practiceId,
        activityId: crypto.randomUUID(),
        startedAt: '1900-01-01T00:00:00.000Z',
        month: '1899-12',
      });
      await appendAsOlderVersion(stream(patientId), legacy);
      const read = await readActivities(patientId);
      expect(read.errors).toBeUndefined();
      expect(read.activities).toContainEqual(expect.objectContaining({ id: legacy.data.activityId, startedAt: '1900-01-01T00:00:00.000Z', month: '1899-12' }));

      const voided = await app.gql(
        VOID_CALL,
        { input: { commandId: newCommandId(), patientId, activityId: legacy.data.activityId, reason: 'Typed the wrong year' } },
        practice.tokens.nurse,
      );
      expect(outcome(voided)).toBe('OK');
      expect(voided.data?.voidCall).toMatchObject({ status: 'VOIDED', month: '1899-12' });
      const asOf = await app.gql(PATIENT_AS_OF, { id: patientId, at: AS_OF_LATER }, practice.tokens.admin);
      expect(asOf.errors).toBeUndefined();
      expect(asOf.data?.patientAsOf.activities).toContainEqual(expect.objectContaining({ id: legacy.data.activityId, status: 'VOIDED' }));
    });
  });

  describe('item 3: one definition of provenance', () => {
    it("a reconciliation's typed-in minutes are MANUAL_ENTRY in activities and in the audit trail alike", async () => {
      const patientId = await seedEligiblePatient(app, practice);
      await mutate(app, RECONCILE_MEDICATIONS, reconcileInput(patientId, { minutes: 15 }), practice.tokens.nurse);
      const { activities } = await readActivities(patientId);
      expect(activities).toEqual([expect.objectContaining({ minutes: 15, source: 'MANUAL_ENTRY' })]);
      const trail = await app.gql(AUDIT_TRAIL, { patientId, first: 50 }, practice.tokens.compliance);
      const reconciled = trail.data?.auditTrail.edges
        .map((edge: { node: { eventType: string; manualEntry: boolean } }) => edge.node)
        .find((node: { eventType: string }) => node.eventType === 'MedicationReconciled');
      expect(reconciled).toMatchObject({ manualEntry: true });
    });
  });

  describe('item 5: clinical writes need the token subject to be an active registered staff member', () => {
    const REGISTER_STAFF = `mutation($input: RegisterStaffMemberInput!) { registerStaffMember(input: $input) { id } }`;
    const DEACTIVATE_STAFF = `mutation($input: DeactivateStaffMemberInput!) { deactivateStaffMember(input: $input) { id } }`;

    it('refuses a call logged with a token for an id the registry does not know, and stores nothing', async () => {
      const patientId = await seedEligiblePatient(app, practice);
      const stranger = await app.token({ sub: 'rn-unregistered', roles: ['CARE_MANAGER'], practiceId: practice.practiceId });
      const before = await readStreamOrEmpty(app, stream(patientId));
      const response = await app.gql(LOG_CALL, { input: callInput(patientId) }, stranger);
      expect(outcome(response)).toBe('PRECONDITION_FAILED');
      expect(response.errors?.[0].message).toMatch(/rn-unregistered is not a staff member of this practice/);
      expect(await readStreamOrEmpty(app, stream(patientId))).toHaveLength(before.length);
    });

    it('refuses a deactivated member whose token has not expired, for calls and consent alike', async () => {
      const patientId = await seedEligiblePatient(app, practice);
      const staffId = `rn-${crypto.randomUUID().slice(0, 8)}`;
      await mutate(app, REGISTER_STAFF, { commandId: newCommandId(), staffId, name: 'Leaving Nurse', credential: 'RN' }, practice.tokens.admin);
      const token = await app.token({ sub: staffId, roles: ['CARE_MANAGER'], practiceId: practice.practiceId });
      expect(outcome(await app.gql(LOG_CALL, { input: callInput(patientId, { performedBy: staffId }) }, token))).toBe('OK');
      await mutate(app, DEACTIVATE_STAFF, { commandId: newCommandId(), staffId, reason: 'left the practice' }, practice.tokens.admin);
      const before = await readStreamOrEmpty(app, stream(patientId));
      const call = await app.gql(LOG_CALL, { input: callInput(patientId) }, token);
      expect(outcome(call)).toBe('PRECONDITION_FAILED');
      expect(call.errors?.[0].message).toMatch(/no longer an active staff member/);
      expect(outcome(await app.gql(GIVE_CONSENT, { input: consentInput(patientId) }, token))).toBe('PRECONDITION_FAILED');
      expect(await readStreamOrEmpty(app, stream(patientId))).toHaveLength(before.length);
    });

    it('ADMIN, not on the registry, keeps its administrative writes (enrolment, initiating visit)', async () => {
      const patientId = await seedEligiblePatient(app, practice); // enrolled and visit recorded by admin-1
      expect((await readStreamOrEmpty(app, stream(patientId))).filter((event) => event.metadata.actorId === 'admin-1').map((event) => event.type)).toEqual([
        'PatientEnrolled',
        'InitiatingVisitRecorded',
      ]);
    });
  });

  describe('item 6: time documented by someone other than its performer counts only once the performer attests it', () => {
    const ENTRY = `id performedBy documentedBy documentedByName attestation minutes amendments { action by reason byOtherThanPerformer }`;
    const LOG = `mutation($input: LogCallInput!) { logCall(input: $input) { ${ENTRY} } }`;
    const ATTEST = `mutation($input: AttestCareActivityInput!) { attestCareActivity(input: $input) { ${ENTRY} } }`;
    const CORRECT = `mutation($input: CorrectCallInput!) { correctCall(input: $input) { ${ENTRY} } }`;
    const MONTH = `query($patientId: ID!) { patientBillingMonth(patientId: $patientId, month: "2026-03") {
      practitionerMinutes clinicalStaffMinutes lines { cptCode } warnings excludedTimeEntries { activityId reason minutes } } }`;
    const monthOf = async (patientId: string) => (await app.gql(MONTH, { patientId }, practice.tokens.billing)).data?.patientBillingMonth;

    it("a nurse's 31 minutes performedBy the billing practitioner: documented by the nurse for Dr A, excluded until Dr A attests", async () => {
      const patientId = await documentedPatient(app, practice);
      const input = callInput(patientId, { performedBy: STAFF.drA.staffId, minutes: 31, source: 'LIVE_TIMER' });
      const logged = (await mutate(app, LOG, input, practice.tokens.nurse)).logCall;
      expect(logged).toMatchObject({ performedBy: 'dr-a', documentedBy: 'rn-b', documentedByName: STAFF.rnB.name, attestation: 'AWAITING_ATTESTATION' });
      expect(await monthOf(patientId)).toMatchObject({
        practitionerMinutes: 0,
        lines: [],
        warnings: ['UNATTESTED_TIME', 'COVERAGE_NOT_VERIFIED'],
        excludedTimeEntries: [{ activityId: input.activityId, reason: 'AWAITING_ATTESTATION', minutes: 31 }],
      });

      // The nurse who documented it cannot attest it; nothing is stored.
      const attestInput = { commandId: newCommandId(), patientId, activityId: input.activityId, statement: 'I made this call on 10 March' };
      const before = await readStreamOrEmpty(app, stream(patientId));
      const byNurse = await app.gql(ATTEST, { input: { ...attestInput, commandId: newCommandId() } }, practice.tokens.nurse);
      expect([outcome(byNurse), byNurse.errors?.[0].extensions?.reason]).toEqual(['PRECONDITION_FAILED', 'NOT_THE_PERFORMER']);
      expect(await readStreamOrEmpty(app, stream(patientId))).toHaveLength(before.length);

      const attested = (await mutate(app, ATTEST, attestInput, practice.tokens.practitioner)).attestCareActivity;
      expect(attested).toMatchObject({
        attestation: 'ATTESTED',
        amendments: [{ action: 'ATTESTED', by: 'dr-a', reason: 'I made this call on 10 March', byOtherThanPerformer: false }],
      });
      // A retry with the same commandId answers the same and stores nothing more.
      expect((await mutate(app, ATTEST, attestInput, practice.tokens.practitioner)).attestCareActivity).toEqual(attested);
      expect((await readStreamOrEmpty(app, stream(patientId))).filter((event) => event.type === 'CareActivityAttested')).toHaveLength(1);
      const month = await monthOf(patientId);
      // LATE_ENTRY stays: the pinned clock reads 1 April, weeks after the call.
      expect(month).toMatchObject({ practitionerMinutes: 31, warnings: ['LATE_ENTRY', 'COVERAGE_NOT_VERIFIED'], excludedTimeEntries: [] });
      expect(month.lines.length).toBeGreaterThan(0);

      // Correcting another member's entry stays possible, is flagged, and asks the performer again.
      const corrected = (
        await mutate(
          app,
          CORRECT,
          { commandId: newCommandId(), patientId, activityId: input.activityId, minutes: 33, reason: 'Phone log says 33 minutes' },
          practice.tokens.nurse,
        )
      ).correctCall;
      expect(corrected).toMatchObject({ attestation: 'AWAITING_ATTESTATION', minutes: 33 });
      expect(corrected.amendments.at(-1)).toEqual({ action: 'CORRECTED', by: 'rn-b', reason: 'Phone log says 33 minutes', byOtherThanPerformer: true });
      expect(await monthOf(patientId)).toMatchObject({
        practitionerMinutes: 0,
        warnings: ['UNATTESTED_TIME', 'COVERAGE_NOT_VERIFIED'],
        excludedTimeEntries: [{ activityId: input.activityId, reason: 'AWAITING_ATTESTATION', minutes: 33 }],
      });
    });

    it("the practitioner's own entry, and a nurse's entry of a nurse's time, need no attestation and count at once", async () => {
      const patientId = await documentedPatient(app, practice);
      const own = (
        await mutate(app, LOG, callInput(patientId, { performedBy: STAFF.drA.staffId, minutes: 31, source: 'LIVE_TIMER' }), practice.tokens.practitioner)
      ).logCall;
      const nurses = (
        await mutate(app, LOG, callInput(patientId, { minutes: 20, source: 'LIVE_TIMER', startedAt: '2026-03-11T10:00:00-04:00' }), practice.tokens.nurse)
      ).logCall;
      expect([own.attestation, nurses.attestation]).toEqual(['NOT_REQUIRED', 'NOT_REQUIRED']);
      expect(await monthOf(patientId)).toMatchObject({ practitionerMinutes: 31, clinicalStaffMinutes: 20, warnings: ['LATE_ENTRY', 'COVERAGE_NOT_VERIFIED'] });
      const again = await app.gql(ATTEST, { input: { commandId: newCommandId(), patientId, activityId: own.id } }, practice.tokens.practitioner);
      expect(again.errors?.[0].extensions?.reason).toBe('NOT_AWAITING_ATTESTATION');
    });
  });

  describe("item 9: another practice's patient id is indistinguishable from an unknown one", () => {
    const CONSENT = `mutation($input: GiveConsentInput!) { giveConsent(input: $input) { id } }`;
    const CONDITION = `mutation($input: RecordChronicConditionInput!) { recordChronicCondition(input: $input) { id } }`;
    const VOID = `mutation($input: VoidCallInput!) { voidCall(input: $input) { id } }`;
    const ATTEST = `mutation($input: AttestCareActivityInput!) { attestCareActivity(input: $input) { id } }`;
    const CALL = `mutation($input: LogCallInput!) { logCall(input: $input) { id } }`;
    const QUERY = `query($id: ID!) { patient(id: $id) { id } }`;
    const MONTH = `query($id: ID!) { patientBillingMonth(patientId: $id, month: "2026-03") { patientId } }`;

    /** The patient streams the store was asked to read while `run` ran. */
    async function streamsReadDuring(run: () => Promise<unknown>): Promise<string[]> {
      const store = app.app.get<EventStore>(EVENT_STORE);
      const reads = jest.spyOn(store, 'readStream');
      try {
        await run();
        return reads.mock.calls.map(([name]) => name).filter((name) => name.startsWith('patient-'));
      } finally {
        reads.mockRestore();
      }
    }

    it.each([
      ['logCall', CALL, (id: string) => callInput(id)],
      ['giveConsent', CONSENT, (id: string) => consentInput(id)],
      ['recordChronicCondition', CONDITION, (id: string) => conditionInput(id)],
      ['voidCall', VOID, (id: string) => ({ commandId: newCommandId(), patientId: id, activityId: crypto.randomUUID(), reason: 'Wrong patient' })],
      ['attestCareActivity', ATTEST, (id: string) => ({ commandId: newCommandId(), patientId: id, activityId: crypto.randomUUID() })],
    ])("%s on another practice's patient answers exactly as on an unknown id, appends nothing and never reads its stream", async (_name, document, input) => {
      const other = await seedPractice(app);
      const theirs = await seedEligiblePatient(app, practice);
      const before = await readStreamOrEmpty(app, stream(theirs));
      let answers: unknown[] = [];
      const read = await streamsReadDuring(async () => {
        answers = await Promise.all(
          [theirs, newPatientId()].map(async (id) => {
            const { errors, data } = await app.gql(document, { input: input(id) }, other.tokens.nurse);
            return { errors: errors?.map(({ message, extensions }) => ({ message, code: extensions?.code })), data };
          }),
        );
      });
      expect(answers[0]).toEqual({ errors: [{ message: 'Patient not found', code: 'NOT_FOUND' }], data: null });
      expect(answers[1]).toEqual(answers[0]);
      expect(read).toEqual([]);
      expect(await readStreamOrEmpty(app, stream(theirs))).toHaveLength(before.length);
    });

    it.each([
      ['patient', QUERY],
      ['patientBillingMonth', MONTH],
    ])("the %s query answers another practice's patient as an unknown id", async (_name, document) => {
      const other = await seedPractice(app);
      const theirs = await seedEligiblePatient(app, practice);
      const [a, b] = await Promise.all(
        [theirs, newPatientId()].map(async (id) => {
          const { errors, data } = await app.gql(document, { id }, other.tokens.nurse);
          return JSON.stringify({ errors: errors?.map(({ message, extensions }) => ({ message, code: extensions?.code })), data })
            .split(id)
            .join('<id>');
        }),
      );
      expect(a).toBe(b);
    });
  });

  describe('item 8: one beneficiary, one record per practice', () => {
    const enrol = (patientId: string, overrides: Record<string, unknown>, token = practice.tokens.admin) =>
      app.gql(ENROLL_PATIENT, { input: enrollInput(patientId, overrides) }, token);

    it('refuses a second patient with the same MBI (written differently), naming the existing record; nothing is stored', async () => {
      const first = await seedEligiblePatient(app, practice);
      const medicareId = testMedicareId(first);
      const second = newPatientId();
      const spelled = `${medicareId.slice(0, 4)}-${medicareId.slice(4, 7)}-${medicareId.slice(7)}`.toLowerCase();
      const response = await enrol(second, { medicareId: spelled, name: 'Rosa M. Martinez' });
      expect(outcome(response)).toBe('PRECONDITION_FAILED');
      expect(response.errors?.[0].message).toBe(`medicareId: this beneficiary is already enrolled in this practice as patient ${first}`);
      expect(await readStreamOrEmpty(app, stream(second))).toEqual([]);
    });

    it('enrols the same beneficiary in another practice (each practice keeps its own record)', async () => {
      const first = await seedEligiblePatient(app, practice);
      const other = await seedPractice(app);
      expect(outcome(await enrol(newPatientId(), { medicareId: testMedicareId(first) }, other.tokens.admin))).toBe('OK');
    });

    it('holds under concurrency: of simultaneous enrolments of one MBI exactly one succeeds, the others name it', async () => {
      const medicareId = testMedicareId(newPatientId());
      const ids = Array.from({ length: 6 }, () => newPatientId());
      const responses = await Promise.all(ids.map((id) => enrol(id, { medicareId })));
      const winners = ids.filter((_id, index) => outcome(responses[index]) === 'OK');
      expect(winners).toHaveLength(1);
      for (const response of responses.filter((r) => outcome(r) !== 'OK')) {
        expect(response.errors?.[0]).toMatchObject({
          message: `medicareId: this beneficiary is already enrolled in this practice as patient ${winners[0]}`,
          extensions: { code: 'PRECONDITION_FAILED' },
        });
      }
      const enrolled = await Promise.all(ids.map(async (id) => (await readStreamOrEmpty(app, stream(id))).length));
      expect(enrolled.filter((count) => count > 0)).toHaveLength(1);
    });

    it('a retried enrolment (same commandId) answers as the first time', async () => {
      const patientId = newPatientId();
      const input = enrollInput(patientId);
      const first = await app.gql(ENROLL_PATIENT, { input }, practice.tokens.admin);
      const retry = await app.gql(ENROLL_PATIENT, { input }, practice.tokens.admin);
      expect(outcome(first)).toBe('OK');
      expect(retry).toEqual(first);
      expect(await readStreamOrEmpty(app, stream(patientId))).toHaveLength(1);
    });

    it('also refuses the MBI of a record enrolled before the registry existed (no reservation in the log)', async () => {
      const legacyId = newPatientId();
      const enrolledByOlderVersion = enrolled({ patientId: legacyId, practiceId: practice.practiceId, medicareId: testMedicareId(legacyId) });
      await appendAsOlderVersion(stream(legacyId), enrolledByOlderVersion);
      const response = await enrol(newPatientId(), { medicareId: testMedicareId(legacyId) });
      expect(outcome(response)).toBe('PRECONDITION_FAILED');
      expect(response.errors?.[0].message).toMatch(`as patient ${legacyId}`);
    });
  });
});

/** Written as the wall-clock time of `offsetMinutes` with that offset: the API must read it as the same instant. */
function withOffset(instant: Date, offsetMinutes: number): string {
  const local = new Date(instant.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 23);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The calendar month of an instant in a zone, straight from Intl (not CareLedger's calendar code). */
function intlMonth(instant: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(new Date(instant));
  return `${parts.find((p) => p.type === 'year')!.value.padStart(4, '0')}-${parts.find((p) => p.type === 'month')!.value}`;
}

describe('item 1 property: any instant the API accepts round-trips through every view that shows it', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp('sqlite', { clock: CARE_RECORD_CLOCK });
  });
  afterAll(() => app.close());

  // UTC-12 and UTC+14 are the extremes of today's offsets; Kathmandu has a 45-minute one, Lord Howe a 30-minute DST.
  it.each(['America/New_York', 'Etc/GMT+12', 'Pacific/Kiritimati', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'UTC'])('in %s', async (timeZone) => {
    const practice = await seedPractice(app, { timeZone });
    const patientId = await seedEligiblePatient(app, practice);
    const edges = ['1900-01-01T00:00:00Z', '1900-01-01T23:59:59.999Z', '1900-01-02T00:00:00Z', '2026-04-01T14:05:00Z', '2026-04-01T14:05:00.001Z'].map(
      (s) => new Date(s),
    );
    const instants = fc.oneof(
      fc.constantFrom(...edges),
      fc.date({ min: new Date('1899-12-30T00:00:00Z'), max: new Date('1900-01-04T00:00:00Z'), noInvalidDate: true }),
      fc.date({ min: new Date('1899-12-30T00:00:00Z'), max: new Date('2026-04-02T00:00:00Z'), noInvalidDate: true }),
    );
    const offsets = fc.integer({ min: -14 * 4, max: 14 * 4 }).map((quarters) => quarters * 15);

    await fc.assert(
      fc.asyncProperty(instants, offsets, async (instant, offset) => {
        const input = callInput(patientId, { startedAt: withOffset(instant, offset) });
        const before = (await readStreamOrEmpty(app, stream(patientId))).length;
        const logged = await app.gql(LOG_CALL, { input }, practice.tokens.nurse);
        const acceptable = instant >= new Date(ACCEPTED_INSTANTS.earliest) && instant.getTime() <= CARE_RECORD_CLOCK.now().getTime() + 5 * 60_000;
        expect(outcome(logged)).toBe(acceptable ? 'OK' : 'BAD_USER_INPUT');
        if (!acceptable) {
          expect(await readStreamOrEmpty(app, stream(patientId))).toHaveLength(before);
          return;
        }
        const startedAt = instant.toISOString();
        const month = intlMonth(startedAt, timeZone);
        const shown = expect.objectContaining({ id: input.activityId, startedAt, month });
        expect(logged.data?.logCall).toEqual(shown);
        const inMonth = await app.gql(PATIENT_QUERY, { id: patientId, month }, practice.tokens.nurse);
        expect(inMonth.errors).toBeUndefined();
        expect(inMonth.data?.patient.activities).toContainEqual(shown);
        const asOf = await app.gql(PATIENT_AS_OF, { id: patientId, at: AS_OF_LATER, month }, practice.tokens.admin);
        expect(asOf.errors).toBeUndefined();
        expect(asOf.data?.patientAsOf.activities).toContainEqual(shown);
      }),
      { numRuns: 40 },
    );
  });
});
