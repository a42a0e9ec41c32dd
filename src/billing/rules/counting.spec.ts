/**
 * Which minutes count and in which month (ccm-rules.md §1 "a month is the practice's calendar month", §2
 * consent/revocation Policy, NON_CLINICAL, voids and corrections, external services), and minutesToNextCode.
 */
import { monthOf } from '../../kernel/calendar';
import type { EvaluationOptions } from './evaluate';
import { codes, condition, DR_A, drA, evaluate, staff, type FactsSpec } from '../../../test/support/billing-rule-facts';
import type { ConsentFact, ExclusionReason, ExternalServiceFact } from './types';

const consent = (overrides: Partial<ConsentFact>): ConsentFact => ({
  givenAt: '2025-02-10T15:00:00Z',
  method: 'VERBAL',
  disclosures: { serviceAvailability: true, costSharing: true, singlePractitionerPerMonth: true, rightToStop: true },
  documentReference: null,
  practitionerId: DR_A,
  revokedAt: null,
  ...overrides,
});

describe('a call belongs to the practice-zone month of its start (ccm-rules.md §1)', () => {
  it.each([
    { zone: 'America/New_York', at: '2025-03-31T23:30:00-04:00', month: '2025-03', why: '23:30 on 31 March (brief example)' },
    { zone: 'America/New_York', at: '2025-04-01T03:30:00Z', month: '2025-03', why: 'same instant written in UTC' },
    { zone: 'America/New_York', at: '2025-04-01T00:30:00-04:00', month: '2025-04', why: '00:30 on 1 April' },
    { zone: 'America/New_York', at: '2025-02-28T23:30:00-05:00', month: '2025-02', why: 'EST, last evening before the DST month' },
    { zone: 'America/New_York', at: '2025-03-01T00:30:00-05:00', month: '2025-03', why: 'EST, first night of the DST month' },
    { zone: 'America/New_York', at: '2025-10-31T23:30:00-04:00', month: '2025-10', why: 'EDT, last evening before DST ends' },
    { zone: 'America/New_York', at: '2025-11-01T00:30:00-04:00', month: '2025-11', why: 'EDT, 1 November (DST ends on the 2nd)' },
    { zone: 'America/New_York', at: '2025-11-30T23:30:00-05:00', month: '2025-11', why: 'EST after the change' },
    { zone: 'America/New_York', at: '2025-12-01T05:30:00Z', month: '2025-12', why: '00:30 EST on 1 December' },
    { zone: 'America/Los_Angeles', at: '2026-03-01T07:30:00Z', month: '2026-02', why: '23:30 PST on 28 February 2026' },
    { zone: 'Europe/London', at: '2025-03-31T22:30:00Z', month: '2025-03', why: '23:30 BST on 31 March' },
    { zone: 'Europe/London', at: '2025-03-31T23:30:00Z', month: '2025-04', why: '00:30 BST on 1 April' },
    { zone: 'Australia/Sydney', at: '2025-03-31T13:30:00Z', month: '2025-04', why: '00:30 AEDT on 1 April' },
    { zone: 'Asia/Kolkata', at: '2025-05-31T18:29:00Z', month: '2025-05', why: '23:59 IST (+05:30)' },
    { zone: 'Asia/Kolkata', at: '2025-05-31T18:30:00Z', month: '2025-06', why: '00:00 IST on 1 June' },
  ])('$why → $month', ({ zone, at, month }) => {
    expect(monthOf(Date.parse(at), zone)).toBe(month);
  });

  it('counts a 23:30 call on the last day in that month and a 00:30 call on the 1st in the next', () => {
    const entries = [
      staff(20, { id: 'late-march', startedAt: '2025-03-31T23:30:00-04:00' }),
      staff(25, { id: 'early-april', startedAt: '2025-04-01T00:30:00-04:00' }),
    ];
    const march = evaluate({ month: '2025-03', entries });
    const april = evaluate({ month: '2025-04', entries });
    expect([march.clinicalStaffMinutes, codes(march.lines)]).toEqual([20, ['99490']]);
    expect(march.excludedTimeEntries).toEqual([expect.objectContaining({ id: 'early-april', reason: 'OTHER_MONTH' })]);
    expect([april.clinicalStaffMinutes, codes(april.lines)]).toEqual([25, ['99490']]);
    expect(april.excludedTimeEntries).toEqual([expect.objectContaining({ id: 'late-march', reason: 'OTHER_MONTH' })]);
  });

  it('uses the practice zone, not UTC: the same facts in Los Angeles count the call in May', () => {
    const spec: FactsSpec = { entries: [staff(25, { startedAt: '2025-06-01T05:30:00Z' })] };
    expect(evaluate({ ...spec, timeZone: 'America/New_York' }).clinicalStaffMinutes).toBe(0);
    expect(evaluate({ ...spec, timeZone: 'America/Los_Angeles' }).clinicalStaffMinutes).toBe(25);
  });

  it('rejects an unknown time zone and an instant without offset', () => {
    expect(() => evaluate({ timeZone: 'Mars/Olympus' })).toThrow(RangeError);
    expect(() => evaluate({ entries: [staff(25, { startedAt: '2025-05-14T10:00:00' })] })).toThrow(/offset/);
  });
});

interface CountRow {
  rule: string;
  spec: FactsSpec;
  staffMinutes: number;
  practitionerMinutes: number;
  excluded: { id: string; reason: ExclusionReason; minutes?: number }[];
  options?: EvaluationOptions;
  warnings?: string[];
}

const mid = '2025-05-20T10:00:00-04:00';
const countRows: CountRow[] = [
  {
    rule: 'consent mid-month: minutes before it do not count (§2 Policy)',
    spec: {
      consent: consent({ givenAt: mid }),
      entries: [staff(10, { startedAt: '2025-05-20T09:59:00-04:00' }), staff(20, { startedAt: mid })],
    },
    staffMinutes: 20,
    practitionerMinutes: 0,
    excluded: [{ id: 'e1', reason: 'BEFORE_CONSENT' }],
  },
  {
    rule: 'policy override: count the whole consent month (policies.ts countMinutesBeforeConsent)',
    spec: {
      consent: consent({ givenAt: mid }),
      entries: [staff(10, { startedAt: '2025-05-20T09:50:00-04:00' }), staff(20, { startedAt: mid })],
    },
    staffMinutes: 30,
    practitionerMinutes: 0,
    excluded: [],
    options: { policies: { countMinutesBeforeConsent: true } },
  },
  {
    rule: 'revocation mid-month: minutes before it count, from it on not (§2 Policy)',
    spec: {
      consent: consent({ revokedAt: mid }),
      entries: [staff(22, { startedAt: '2025-05-20T09:59:00-04:00' }), drA(30, { startedAt: mid })],
    },
    staffMinutes: 22,
    practitionerMinutes: 0,
    // Issue 21 item 8: the excluded minutes say why (the conservative policy is kept).
    excluded: [{ id: 'e2', reason: 'CONSENT_REVOKED', minutes: 30 }],
  },
  {
    rule: 'months after the revocation month count nothing, each entry marked CONSENT_REVOKED (§2 CONSENT_REVOKED; NGS)',
    spec: { month: '2025-06', consent: consent({ revokedAt: mid }), entries: [staff(40, { startedAt: '2025-06-03T14:00:00Z' })] },
    staffMinutes: 0,
    practitionerMinutes: 0,
    excluded: [{ id: 'e1', reason: 'CONSENT_REVOKED', minutes: 40 }],
  },
  {
    rule: 'without a usable consent nothing counts (§2 NO_CONSENT)',
    spec: { consent: null, entries: [staff(40)] },
    staffMinutes: 0,
    practitionerMinutes: 0,
    excluded: [{ id: 'e1', reason: 'NO_VALID_CONSENT' }],
  },
  {
    rule: 'voided entries do not count',
    spec: { entries: [staff(25, { voided: true, amendedAt: '2025-05-15T14:00:00Z' }), staff(10)] },
    staffMinutes: 10,
    practitionerMinutes: 0,
    excluded: [{ id: 'e1', reason: 'VOIDED' }],
  },
  {
    rule: "corrected minutes are the entry's current minutes",
    spec: { entries: [staff(18, { amendedAt: '2025-05-15T14:00:00Z' })] },
    staffMinutes: 18,
    practitionerMinutes: 0,
    excluded: [],
  },
  {
    rule: 'NON_CLINICAL time is recorded, never counted (§1)',
    spec: { entries: [staff(25, { performerId: 'front-desk', performerCredential: 'NON_CLINICAL' }), staff(5)] },
    staffMinutes: 5,
    practitionerMinutes: 0,
    excluded: [{ id: 'e1', reason: 'NON_CLINICAL' }],
  },
  {
    rule: 'RN, LPN, MA, other clinical staff and other practitioners are clinical staff (§1)',
    spec: {
      entries: [
        staff(1),
        staff(2, { performerId: 'lpn', performerCredential: 'LPN' }),
        staff(3, { performerId: 'ma', performerCredential: 'MA' }),
        staff(4, { performerId: 'chw', performerCredential: 'OTHER_CLINICAL_STAFF' }),
        staff(5, { performerId: 'np', performerCredential: 'NP' }),
        staff(6, { performerId: 'dr-b', performerCredential: 'MD' }),
        drA(7),
      ],
    },
    staffMinutes: 21,
    practitionerMinutes: 7,
    excluded: [],
  },
  {
    rule: "external services' minutes are not CCM minutes (§2)",
    spec: {
      entries: [staff(10)],
      externalServices: [{ serviceDate: '2025-05-05', cptCode: '99457', billedByNpi: '1234567893', billedByBillingPractitioner: true, minutes: 20 }],
    },
    staffMinutes: 10,
    practitionerMinutes: 0,
    excluded: [],
  },
];

const ONCE = 'a minute counts once (§1; issue 21 item 5, issue 12 item 7)';
const F2F = 'time inside a face-to-face visit billed that day does not count (§1; CMS FAQ 2015 No. 6)';
const INPATIENT = 'time while the patient is a hospital or SNF inpatient does not count (§1; CMS FAQ 2015 No. 6)';
const visit = (overrides: Partial<ExternalServiceFact>): ExternalServiceFact => ({
  serviceDate: '2025-05-14',
  cptCode: '99214',
  billedByNpi: '1234567893',
  billedByBillingPractitioner: true,
  minutes: null,
  ...overrides,
});
const onceRows: CountRow[] = [
  {
    rule: `${ONCE}: one RN's entries 10:00–10:15 and 10:05–10:15 count 15 (worked case 16), with a warning`,
    spec: { entries: [staff(15, { startedAt: '2025-05-14T10:00:00-04:00' }), staff(10, { startedAt: '2025-05-14T10:05:00-04:00' })] },
    staffMinutes: 15,
    practitionerMinutes: 0,
    excluded: [{ id: 'e2', reason: 'OVERLAPS_OWN_ENTRY', minutes: 10 }],
    warnings: ['OVERLAPPING_ENTRIES'],
  },
  {
    rule: `${ONCE}: the same call typed twice counts once`,
    spec: { entries: [staff(25, { startedAt: '2025-05-14T10:00:00-04:00' }), staff(25, { startedAt: '2025-05-14T10:00:00-04:00' })] },
    staffMinutes: 25,
    practitionerMinutes: 0,
    excluded: [{ id: 'e2', reason: 'OVERLAPS_OWN_ENTRY', minutes: 25 }],
    warnings: ['OVERLAPPING_ENTRIES'],
  },
  {
    rule: `${ONCE}: a partial overlap loses only the shared minutes`,
    spec: { entries: [staff(15, { startedAt: '2025-05-14T10:00:00-04:00' }), staff(15, { startedAt: '2025-05-14T10:10:00-04:00' })] },
    staffMinutes: 25,
    practitionerMinutes: 0,
    excluded: [{ id: 'e2', reason: 'OVERLAPS_OWN_ENTRY', minutes: 5 }],
    warnings: ['OVERLAPPING_ENTRIES'],
  },
  {
    rule: `${ONCE}: the earlier entry keeps the minutes, whatever the order they were typed in`,
    spec: { entries: [staff(10, { startedAt: '2025-05-14T10:05:00-04:00' }), staff(15, { startedAt: '2025-05-14T10:00:00-04:00' })] },
    staffMinutes: 15,
    practitionerMinutes: 0,
    excluded: [{ id: 'e1', reason: 'OVERLAPS_OWN_ENTRY', minutes: 10 }],
  },
  {
    rule: `${ONCE}: two performers at the same time each count (a nurse and Dr A on one call)`,
    spec: { entries: [staff(20, { startedAt: '2025-05-14T10:00:00-04:00' }), drA(20, { startedAt: '2025-05-14T10:00:00-04:00' })] },
    staffMinutes: 20,
    practitionerMinutes: 20,
    excluded: [],
    warnings: [],
  },
  {
    rule: `${ONCE}: a voided duplicate is no overlap`,
    spec: { entries: [staff(25, { startedAt: '2025-05-14T10:00:00-04:00' }), staff(25, { startedAt: '2025-05-14T10:00:00-04:00', voided: true })] },
    staffMinutes: 25,
    practitionerMinutes: 0,
    excluded: [{ id: 'e2', reason: 'VOIDED' }],
    warnings: [],
  },
  {
    rule: `${ONCE}: a call from 23:50 on 31 May for 20 min counts 10 min in May`,
    spec: { entries: [staff(20, { startedAt: '2025-05-31T23:50:00-04:00' }), staff(20)] },
    staffMinutes: 30,
    practitionerMinutes: 0,
    excluded: [{ id: 'e1', reason: 'OTHER_MONTH', minutes: 10 }],
  },
  {
    rule: `${ONCE}: ... and its other 10 min in June`,
    spec: { month: '2025-06', entries: [staff(20, { startedAt: '2025-05-31T23:50:00-04:00' })] },
    staffMinutes: 10,
    practitionerMinutes: 0,
    excluded: [{ id: 'e1', reason: 'OTHER_MONTH', minutes: 10 }],
  },
  {
    rule: `${F2F}: an RN call 10:15–10:45 during Dr A's 99214 visit 10:00–10:30 counts 15`,
    spec: {
      entries: [staff(30, { startedAt: '2025-05-14T10:15:00-04:00' })],
      externalServices: [visit({ startedAt: '2025-05-14T10:00:00-04:00', minutes: 30 })],
    },
    staffMinutes: 15,
    practitionerMinutes: 0,
    excluded: [{ id: 'e1', reason: 'DURING_FACE_TO_FACE_VISIT', minutes: 15 }],
  },
  {
    rule: `${F2F}: a visit recorded without its times sets its whole day apart (policies.ts)`,
    spec: { entries: [staff(20), staff(25, { startedAt: '2025-05-15T14:00:00Z' })], externalServices: [visit({})] },
    staffMinutes: 25,
    practitionerMinutes: 0,
    excluded: [{ id: 'e1', reason: 'DURING_FACE_TO_FACE_VISIT', minutes: 20 }],
  },
  {
    rule: `${F2F}: RPM recorded the same day is no face-to-face visit`,
    spec: { entries: [staff(20)], externalServices: [visit({ cptCode: '99457' })] },
    staffMinutes: 20,
    practitionerMinutes: 0,
    excluded: [],
  },
  {
    rule: `${INPATIENT}: a hospital stay 12–16 May sets those days' minutes apart`,
    spec: {
      entries: [staff(20), staff(25, { startedAt: '2025-05-20T14:00:00Z' })],
      externalServices: [
        visit({
          cptCode: '99223',
          serviceDate: '2025-05-12',
          startedAt: '2025-05-12T18:00:00-04:00',
          endedAt: '2025-05-16T11:00:00-04:00',
          billedByBillingPractitioner: false,
          billedByNpi: '1999999984',
        }),
      ],
    },
    staffMinutes: 25,
    practitionerMinutes: 0,
    excluded: [{ id: 'e1', reason: 'DURING_INPATIENT_STAY', minutes: 20 }],
  },
  {
    rule: `${INPATIENT}: a nursing facility stay (99306) too`,
    spec: {
      entries: [staff(20)],
      externalServices: [visit({ cptCode: '99306', serviceDate: '2025-05-01', startedAt: '2025-05-01T12:00:00-04:00', endedAt: '2025-05-30T12:00:00-04:00' })],
    },
    staffMinutes: 0,
    practitionerMinutes: 0,
    excluded: [{ id: 'e1', reason: 'DURING_INPATIENT_STAY', minutes: 20 }],
  },
  {
    rule: 'time dated before the enrolment does not count (issue 12 item 7)',
    spec: { enrolledOn: '2025-05-15', entries: [staff(20), staff(25, { startedAt: '2025-05-15T14:00:00Z' })] },
    staffMinutes: 25,
    practitionerMinutes: 0,
    excluded: [{ id: 'e1', reason: 'BEFORE_ENROLMENT', minutes: 20 }],
  },
  {
    rule: "practitioner time documented by someone else counts only once attested (§1, issue 12 item 6): a nurse's 31 min for Dr A count for nothing yet",
    spec: { entries: [staff(20), drA(31, { attestation: 'AWAITING_ATTESTATION' })] },
    staffMinutes: 20,
    practitionerMinutes: 0,
    excluded: [{ id: 'e2', reason: 'AWAITING_ATTESTATION', minutes: 31 }],
    warnings: ['UNATTESTED_TIME'],
  },
  {
    rule: '... and once Dr A attests them they are practitioner time',
    spec: { entries: [staff(20), drA(31, { attestation: 'ATTESTED' })] },
    staffMinutes: 20,
    practitionerMinutes: 31,
    excluded: [],
    warnings: [],
  },
];

describe('which minutes count (ccm-rules.md §1, §2)', () => {
  it.each([...countRows, ...onceRows])('$rule', ({ spec, staffMinutes, practitionerMinutes, excluded, options, warnings }) => {
    const result = evaluate(spec, options);
    expect([result.clinicalStaffMinutes, result.practitionerMinutes]).toEqual([staffMinutes, practitionerMinutes]);
    expect(result.excludedTimeEntries).toEqual(excluded.map((entry) => expect.objectContaining(entry)));
    if (warnings) expect(result.warnings).toEqual(warnings);
  });

  it('revocation mid-month still bills the month with the minutes before it', () => {
    expect(codes(evaluate(countRows[2].spec).lines)).toEqual(['99490']);
  });

  it('rejects negative or fractional minutes instead of guessing', () => {
    expect(() => evaluate({ entries: [staff(-5)] })).toThrow(/non-negative integer/);
    expect(() => evaluate({ entries: [staff(2.5)] })).toThrow(/non-negative integer/);
  });
});

const complexPlan = {
  effectiveAt: '2025-02-12T15:00:00Z',
  creatorCredential: 'MD' as const,
  allRequiredElementsPresent: true,
  revisions: [{ effectiveAt: '2025-05-06T14:00:00Z', substantial: true }],
  sharedWithPatientAt: '2025-02-13T15:00:00Z',
};
const pcmConditions = [condition('I50.22', { expectedDurationMonths: 60 })];

describe('minutesToNextCode: fewest further minutes that change the billed codes', () => {
  it.each([
    { rule: 'nothing yet: 20 to 99490 (§1)', spec: { entries: [] }, next: 20 },
    { rule: 'case 1: 18 staff min → 2 (§5)', spec: { entries: [staff(18)] }, next: 2 },
    { rule: 'at 20: 20 more to the first 99439', spec: { entries: [staff(20)] }, next: 20 },
    { rule: 'at 45: 15 more to the second 99439', spec: { entries: [staff(45)] }, next: 15 },
    { rule: '99439 cap reached, not complex: none', spec: { entries: [staff(60)] }, next: null },
    {
      rule: 'complex month at 75: 15 more to 99487 + 99489',
      spec: { carePlan: complexPlan, entries: [staff(75), drA(0, { complexMedicalDecisionMaking: true })] },
      next: 15,
    },
    { rule: 'Dr A 35 (99491): 5 more make the pooled staff track pay more', spec: { entries: [drA(35)] }, next: 5 },
    { rule: 'PCM nothing yet: 30', spec: { program: 'PCM' as const, conditions: pcmConditions, entries: [] }, next: 30 },
    { rule: 'PCM at 65: 25 more to the second 99427', spec: { program: 'PCM' as const, conditions: pcmConditions, entries: [staff(65)] }, next: 25 },
    { rule: 'PCM at 95, 99427 cap reached: none', spec: { program: 'PCM' as const, conditions: pcmConditions, entries: [staff(95)] }, next: null },
    { rule: 'APCM has no time threshold: none', spec: { program: 'APCM' as const, entries: [staff(5)] }, next: null },
    { rule: 'no consent yet: it can still come, 20', spec: { consent: null, entries: [staff(30)] }, next: 20 },
    { rule: 'revoked this month: no further minute can count', spec: { consent: consent({ revokedAt: mid }), entries: [staff(10)] }, next: null },
    { rule: 'revoked last month: none', spec: { month: '2025-06', consent: consent({ revokedAt: mid }), entries: [] }, next: null },
  ])('$rule', ({ spec, next }) => {
    expect(evaluate(spec as FactsSpec).minutesToNextCode).toBe(next);
  });
});
