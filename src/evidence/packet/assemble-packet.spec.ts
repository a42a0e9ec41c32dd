import { createHash } from 'node:crypto';
import stableStringify from 'fast-json-stable-stringify';
import { callCorrected, callVoided } from '../../../test/support/billing-care-events';
import { ACTIVITY, CLOSED_AT, MARCH, MARCH_ENTRIES, marchSources, PAYER, SUBMITTED_AT } from '../../../test/support/evidence-march';
import { callLogged, PATIENT_ID, STAFF } from '../../../test/support/care-record-events';
import { canonicalJson } from '../../kernel/canonical-json';
import { DomainError } from '../../kernel/domain-error';
import { assemblePacket } from './assemble-packet';

const staff = (member: (typeof STAFF)[keyof typeof STAFF]) => ({ staffId: member.staffId, name: member.name, credential: member.credential, npi: member.npi });

describe('an evidence packet of one patient-month', () => {
  const sources = marchSources();
  const packet = assemblePacket(sources);
  const eventIdOf = (index: number) => sources.patientEvents[index].id;
  const entry = (id: string) => packet.timeEntries.find((timeEntry) => timeEntry.id === id)!;

  it('bills what the rules engine billed, with the track, the minutes, the alternatives and why', () => {
    expect(packet.billing).toMatchObject({
      ruleYear: 2026,
      program: 'CCM',
      status: 'OPEN',
      track: 'COMPLEX',
      complex: true,
      claimReady: true,
      blockers: [],
      clinicalStaffMinutes: sources.billing.clinicalStaffMinutes,
      expectedPaymentCents: sources.billing.expectedPaymentCents,
    });
    // Dr A's 50 (with the decision making complex CCM needs) pooled with 45 + 15 (corrected) + 15 (reconciliation):
    // 99487 for the first 60, 99489 for each further full 30.
    expect([packet.billing.clinicalStaffMinutes, packet.billing.practitionerMinutes]).toEqual([75, 50]);
    expect(packet.lines.map((line) => `${line.cptCode}x${line.units}`)).toEqual(['99487x1', '99489x2']);
    expect(packet.billing.alternatives.map((option) => option.track)).toEqual(['STAFF', 'PRACTITIONER']);
    expect(packet.billing.excludedTimeEntries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ activityId: ACTIVITY.voided, reason: 'VOIDED' }),
        expect.objectContaining({ activityId: ACTIVITY.nonClinical, reason: 'NON_CLINICAL' }),
      ]),
    );
    expect(packet.claim).toBeNull();
  });

  it('names the patient by identifiers only, the billing practitioner and the initiating visit', () => {
    expect(packet.patient).toEqual({
      patientId: PATIENT_ID,
      medicareId: '1EG4TE5MK73',
      payerId: PAYER,
      program: 'CCM',
      qmb: false,
      enrolledOn: '2026-03-01',
      eventId: eventIdOf(0),
    });
    // Name and birth date (which every claim carries, CMS-1500 items 2-3) only inside the enrolment event, cited whole.
    const {
      audit: { events, ...audit },
      ...sections
    } = packet;
    for (const demographic of ['Rosa Martinez', '1948-05-02']) {
      expect(JSON.stringify({ ...sections, audit })).not.toContain(demographic);
      expect(events.filter((event) => JSON.stringify(event).includes(demographic)).map((event) => event.eventType)).toEqual(['PatientEnrolled']);
    }
    expect(packet.billingPractitioner).toEqual(staff(STAFF.drA));
    expect(packet.initiatingVisit).toEqual({ visitDate: '2026-02-10', kind: 'E/M', practitioner: staff(STAFF.drA), eventId: eventIdOf(5) });
  });

  it('lists the conditions of the month with the qualifying ICD-10-CM codes; one resolved before March is left out', () => {
    expect(packet.diagnoses.map(({ icd10, qualifying, eventIds }) => ({ icd10, qualifying, eventIds }))).toEqual([
      { icd10: 'E11.9', qualifying: true, eventIds: [eventIdOf(1)] },
      { icd10: 'I10', qualifying: true, eventIds: [eventIdOf(2)] },
    ]);
  });

  it('shows the consent with its disclosures, who recorded it and the signed form', () => {
    expect(packet.consent).toEqual({
      coversMonth: true,
      method: 'WRITTEN',
      givenAt: '2026-03-02T14:00:00.000Z',
      recordedBy: 'rn-b',
      disclosures: { serviceAvailability: true, costSharing: true, singlePractitionerPerMonth: true, rightToStop: true },
      documentReference: 'scan-2026-0302-17',
      billingPractitionerId: 'dr-a',
      revokedAt: null,
      revocationReason: null,
      revokedBy: null,
      eventIds: [eventIdOf(6)],
    });
  });

  it('shows the care plan in force at the end of March: the March revision, not the April one, and when it was shared', () => {
    expect(packet.carePlan).toMatchObject({
      version: 2,
      interventions: ['Weekly nurse call'],
      createdBy: staff(STAFF.drA),
      revisions: [
        {
          version: 2,
          substantial: true,
          reason: 'Admission for hyperglycaemia',
          revisedBy: staff(STAFF.drA),
          changed: ['interventions'],
          eventId: eventIdOf(9),
        },
      ],
      shares: [{ version: 1, sharedAt: '2026-03-04T15:00:00.000Z', channel: 'patient portal', sharedBy: 'rn-b', eventId: eventIdOf(8) }],
      eventIds: [eventIdOf(7), eventIdOf(9), eventIdOf(8)],
    });
  });

  it('lists every time entry of March with performer and credential at the time, source, and what did not count', () => {
    expect(packet.timeEntries.map((timeEntry) => timeEntry.id)).toEqual([
      ACTIVITY.complexCall,
      ACTIVITY.reconciliation,
      ACTIVITY.coordination,
      ACTIVITY.voided,
      ACTIVITY.corrected,
      ACTIVITY.nonClinical,
    ]);
    expect(entry(ACTIVITY.complexCall)).toMatchObject({
      performer: staff(STAFF.drA),
      minutes: 50,
      source: 'LIVE_TIMER',
      complexMedicalDecisionMaking: true,
      counted: true,
      status: 'RECORDED',
      eventId: eventIdOf(10),
      recordedAt: '2026-03-13T14:50:00.000Z',
    });
    expect(entry(ACTIVITY.reconciliation)).toMatchObject({ origin: 'MEDICATION_RECONCILIATION', kind: 'MEDICATION_MANAGEMENT', minutes: 15, counted: true });
    expect(entry(ACTIVITY.nonClinical)).toMatchObject({ performer: staff(STAFF.deskD), counted: false, exclusionReason: 'NON_CLINICAL' });
  });

  it('names who recorded each time entry (the actor of the event that logged it) beside its performer', () => {
    // The fixture's events are all appended by rn-b: she logged her own calls, Dr A's and Dee Desk's.
    expect(packet.timeEntries.map(({ id, performer, recordedBy }) => [id, performer.staffId, recordedBy])).toEqual(
      packet.timeEntries.map(({ id }) => [
        id,
        id === ACTIVITY.nonClinical ? STAFF.deskD.staffId : id === ACTIVITY.complexCall ? STAFF.drA.staffId : STAFF.rnB.staffId,
        'rn-b',
      ]),
    );
  });

  it('shows corrections and voids with their reasons, who made them and the events', () => {
    expect(entry(ACTIVITY.voided)).toMatchObject({ status: 'VOIDED', minutes: 10, counted: false, exclusionReason: 'VOIDED' });
    expect(entry(ACTIVITY.voided).amendments).toEqual([
      {
        action: 'VOIDED',
        reason: 'Logged on the wrong patient',
        by: 'rn-b',
        minutes: null,
        startedAt: null,
        summary: null,
        recordedAt: '2026-03-21T15:00:00.000Z',
        eventId: eventIdOf(14),
      },
    ]);
    expect(entry(ACTIVITY.corrected)).toMatchObject({ status: 'CORRECTED', minutes: 15, counted: true });
    expect(entry(ACTIVITY.corrected).amendments).toEqual([
      {
        action: 'CORRECTED',
        reason: 'Timer left running',
        by: 'rn-b',
        minutes: 15,
        startedAt: null,
        summary: null,
        recordedAt: '2026-03-23T15:00:00.000Z',
        eventId: eventIdOf(16),
      },
    ]);
  });

  it('includes the medication reconciliation with its list and discrepancies, and the complexity evidence', () => {
    expect(packet.medicationReconciliations).toEqual([
      expect.objectContaining({
        id: ACTIVITY.reconciliation,
        performer: staff(STAFF.rnB),
        discrepancies: ['Patient stopped atorvastatin on her own'],
        minutes: 15,
        eventId: eventIdOf(11),
      }),
    ]);
    expect(packet.complexity).toEqual({
      complex: true,
      medicalDecisionMakingEntries: [ACTIVITY.complexCall],
      carePlanEstablishedInMonth: true,
      substantialRevisions: [2],
    });
  });

  it('seals it with the head hash of the whole record, recomputed, and the ids of every event it draws on, no others', () => {
    const last = sources.patientEvents[sources.patientEvents.length - 1];
    expect(packet.audit).toMatchObject({ stream: `patient-${PATIENT_ID}`, eventsChecked: MARCH_ENTRIES.length, headHash: last.metadata.hash });
    const drawnOn = packet.audit.sourceEvents.map((event) => event.eventId);
    // Everything but the asthma episode resolved before March (recorded, resolved) and April's revision and call.
    const notDrawnOn = new Set([3, 4, 18, 19]);
    expect(drawnOn).toEqual(sources.patientEvents.filter((_event, index) => !notDrawnOn.has(index)).map((event) => event.id));
    expect(packet.audit.sourceEvents[0]).toEqual({
      stream: `patient-${PATIENT_ID}`,
      revision: '0',
      eventId: eventIdOf(0),
      type: 'PatientEnrolled',
      recordedAt: '2026-03-01T14:00:00.000Z',
      hash: sources.patientEvents[0].metadata.hash,
    });
  });

  it('once submitted, bills the lines of the ClaimSubmitted event and cites it', () => {
    const submitted = marchSources({ claim: true });
    const withClaim = assemblePacket(submitted);
    expect(withClaim.claim).toMatchObject({
      payerId: PAYER,
      dateOfService: '2026-03-31',
      basis: 'CLOSED',
      diagnoses: ['E11.9', 'I10'],
      eventId: submitted.claim!.id,
      submittedAt: '2026-04-02T13:00:00.000Z',
    });
    expect(withClaim.lines).toEqual(withClaim.claim!.lines);
    expect(withClaim.audit.sourceEvents.at(-1)).toMatchObject({ eventId: submitted.claim!.id, type: 'ClaimSubmitted', stream: 'billing-p1-2026-03' });
  });

  it('is a pure function of its sources: the same sources give the same canonical bytes', () => {
    expect(canonicalJson(assemblePacket(sources))).toBe(canonicalJson(packet));
  });

  it('speaks for the log, not the clock: as of the latest event it covers (issue #12 item 11)', () => {
    const last = sources.patientEvents.at(-1)!;
    expect(packet.asOf).toEqual({ recordedAt: last.recordedAt.toISOString(), position: last.position.toString() });
    const submitted = marchSources({ claim: true });
    expect(assemblePacket(submitted).asOf).toEqual({ recordedAt: SUBMITTED_AT, position: submitted.claim!.position.toString() });
    expect(JSON.stringify(packet)).not.toContain('generatedAt');
  });

  it('refuses to sign evidence over a record whose hash chain is broken', () => {
    const tampered = sources.patientEvents.map((event, index) => (index === 10 ? { ...event, data: { ...event.data, minutes: 70 } } : event));
    let refusal: unknown;
    try {
      assemblePacket({ ...sources, patientEvents: tampered });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ code: 'PRECONDITION_FAILED', details: { reason: 'AUDIT_TRAIL_BROKEN' }, message: expect.stringContaining('revision 10') });
  });

  it('a month without consent or care plan says so instead of inventing them', () => {
    const bare = marchSources({
      entries: MARCH_ENTRIES.filter(({ event }) => !['ConsentGiven', 'CarePlanCreated', 'CarePlanRevised', 'CarePlanSharedWithPatient'].includes(event.type)),
    });
    const blocked = assemblePacket(bare);
    expect(blocked).toMatchObject({ consent: null, carePlan: null, lines: [], billing: { claimReady: false, track: null } });
    expect(blocked.billing.blockers).toEqual(expect.arrayContaining(['NO_CONSENT', 'NO_CARE_PLAN']));
    expect(blocked.month).toBe(MARCH);
  });

  it('carries every event it cites whole, as a line of the NDJSON export, and each hash recomputes offline (issue #12 item 12)', () => {
    const submittedSources = marchSources({ claim: true });
    const submitted = assemblePacket(submittedSources);
    const { sourceEvents, events, inBillingExport } = submitted.audit;
    const close = submittedSources.monthClose!;
    // The month's close is cited, but not carried: it lists every patient-month of the practice.
    expect(sourceEvents.slice(-2).map((event) => [event.type, event.eventId])).toEqual([
      ['BillingMonthClosed', close.id],
      ['ClaimSubmitted', submittedSources.claim!.id],
    ]);
    expect(inBillingExport).toEqual([{ eventId: close.id, reason: 'NAMES_OTHER_PATIENTS', export: '/exports/billing/2026-03.ndjson' }]);
    expect(events.map((event) => event.eventId)).toEqual(sourceEvents.map((event) => event.eventId).filter((id) => id !== close.id));
    expect(events.at(-1)).toMatchObject({ eventType: 'ClaimSubmitted', stream: 'billing-p1-2026-03', revision: '1', recordedAt: SUBMITTED_AT });
    for (const line of events) {
      expect(Object.keys(line).sort()).toEqual(['data', 'eventId', 'eventType', 'metadata', 'position', 'recordedAt', 'revision', 'stream']);
      // The export's recipe with another canonicaliser: SHA-256 of {stream, revision, type, data, metadata without hash}.
      const { hash, ...chained } = line.metadata;
      const recomputed = createHash('sha256')
        .update(stableStringify({ stream: line.stream, revision: line.revision, type: line.eventType, data: line.data, metadata: chained }))
        .digest('hex');
      expect({ eventId: line.eventId, hash: recomputed }).toEqual({ eventId: line.eventId, hash });
      expect(sourceEvents.find((source) => source.eventId === line.eventId)!.hash).toBe(hash);
    }
  });
});

describe('the packet of a submitted month proves the claim as submitted (issue #12 item 10)', () => {
  const LATE_CALL = '77777777-7777-4777-8777-777777777777';
  // After the claim (99487 + 99489 x2 on 125 minutes, as closed), a 40-minute March call is typed in and the
  // corrected call is voided: billing now says 150 minutes, 99489 x3.
  const afterClaim = [
    {
      event: callLogged({ activityId: LATE_CALL, startedAt: '2026-03-30T14:00:00.000Z', minutes: 40, summary: 'Typed in late' }),
      occurredAt: '2026-03-30T14:40:00.000Z',
      recordedAt: '2026-04-06T14:00:00.000Z',
    },
    { event: callVoided(ACTIVITY.corrected), occurredAt: '2026-04-07T14:00:00.000Z' },
  ];
  const sources = marchSources({ claim: true, afterClaim });
  const packet = assemblePacket(sources);
  const codes = (lines: readonly { cptCode: string; units: number }[]) => lines.map((line) => `${line.cptCode}x${line.units}`);

  it('bills, counts and evaluates what the claim billed, not what billing says now', () => {
    expect(codes(sources.billing.lines)).toEqual(['99487x1', '99489x3']);
    expect(codes(packet.lines)).toEqual(['99487x1', '99489x2']);
    expect(codes(packet.billing.lines)).toEqual(['99487x1', '99489x2']);
    expect(packet.billing).toMatchObject({ clinicalStaffMinutes: 75, practitionerMinutes: 50, status: 'SUBMITTED', closedAt: CLOSED_AT });
    expect(packet.claimCutoff).toEqual({ basis: 'CLOSED', at: CLOSED_AT, reproducesClaim: true });
  });

  it('shows the entries behind the claim as they stood then: the voided-later call still counted with its correction only', () => {
    expect(packet.timeEntries.map((timeEntry) => timeEntry.id)).toEqual([
      ACTIVITY.complexCall,
      ACTIVITY.reconciliation,
      ACTIVITY.coordination,
      ACTIVITY.voided,
      ACTIVITY.corrected,
      ACTIVITY.nonClinical,
    ]);
    const corrected = packet.timeEntries.find((timeEntry) => timeEntry.id === ACTIVITY.corrected)!;
    expect(corrected).toMatchObject({ status: 'CORRECTED', minutes: 15, counted: true });
    expect(corrected.amendments.map((amendment) => amendment.action)).toEqual(['CORRECTED']);
  });

  it('lists what was documented after it apart, never counted', () => {
    const late = packet.documentedAfterClaim!;
    expect(late.timeEntries).toEqual([
      expect.objectContaining({
        id: LATE_CALL,
        minutes: 40,
        counted: false,
        exclusionReason: 'DOCUMENTED_AFTER_CLAIM',
        recordedAt: '2026-04-06T14:00:00.000Z',
      }),
    ]);
    expect(late.amendments).toEqual([expect.objectContaining({ activityId: ACTIVITY.corrected, action: 'VOIDED', recordedAt: '2026-04-07T14:00:00.000Z' })]);
    const cited = new Set(packet.audit.sourceEvents.map((event) => event.eventId));
    expect(sources.patientEvents.slice(-2).every((event) => cited.has(event.id))).toBe(true);
    expect(packet.asOf.recordedAt).toBe('2026-04-07T14:00:00.000Z');
  });

  it('shows a later correction that moved an entry the claim drew on out of the month', () => {
    const moved = assemblePacket(
      marchSources({
        claim: true,
        afterClaim: [
          {
            event: callCorrected(ACTIVITY.coordination, { startedAt: '2026-04-01T14:00:00.000Z', month: '2026-04', reason: 'Wrong day' }),
            occurredAt: '2026-04-08T14:00:00.000Z',
          },
        ],
      }),
    );
    expect(moved.timeEntries.find((timeEntry) => timeEntry.id === ACTIVITY.coordination)).toMatchObject({ minutes: 45, counted: true, status: 'RECORDED' });
    expect(moved.documentedAfterClaim!.amendments).toEqual([
      expect.objectContaining({ activityId: ACTIVITY.coordination, action: 'CORRECTED', startedAt: '2026-04-01T14:00:00.000Z', reason: 'Wrong day' }),
    ]);
  });

  it('of a month closed but not submitted: cites the close (its status comes from it), bills as billing does now', () => {
    const closedSources = marchSources({ closed: true });
    const closed = assemblePacket(closedSources);
    expect(closed).toMatchObject({ claim: null, claimCutoff: null, billing: { status: 'CLOSED', closedAt: CLOSED_AT } });
    expect(closed.audit.sourceEvents.at(-1)).toMatchObject({ type: 'BillingMonthClosed', eventId: closedSources.monthClose!.id });
    expect(closed.audit.inBillingExport.map((withheld) => withheld.eventId)).toEqual([closedSources.monthClose!.id]);
  });

  it('before any claim there is no cutoff and nothing apart', () => {
    expect(assemblePacket(marchSources())).toMatchObject({ claimCutoff: null, documentedAfterClaim: null });
  });
});
