/**
 * Thresholds, add-on units, caps and the choice between tracks (ccm-rules.md §1), at every boundary.
 */
import type { FeeSchedule } from '../fee-schedules/fee-schedule';
import type { EvaluationOptions } from './evaluate';
import { RULE_SET_2025 } from './rule-sets/2025';
import { alternativesOf, codes, condition, drA, evaluate, staff, type EntrySpec, type FactsSpec } from '../../../test/support/billing-rule-facts';
import type { TimeTrackRule } from './rule-set';
import { addOnUnits, type AddOnCaps } from './tracks';

interface Row {
  rule: string;
  spec: FactsSpec;
  bills: string[];
  cents: number;
  alternatives?: { codes: string[]; cents: number }[];
  options?: EvaluationOptions;
}

/**
 * A complex CCM month: the entries, plus Dr A's moderate/high decision making documented this month (no minutes of
 * its own, so the rows' minutes stay as written), with a care plan in force and revised this month.
 */
const DR_A_DECISION_MAKING = drA(0, { complexMedicalDecisionMaking: true });
const complexMonth = (entries: EntrySpec[]): FactsSpec => ({
  carePlan: {
    effectiveAt: '2025-02-12T15:00:00Z',
    creatorCredential: 'MD',
    allRequiredElementsPresent: true,
    revisions: [{ effectiveAt: '2025-05-06T14:00:00Z', substantial: true }],
    sharedWithPatientAt: '2025-02-13T15:00:00Z',
  },
  entries: [...entries, DR_A_DECISION_MAKING],
});
const pcm = (entries: EntrySpec[]): FactsSpec => ({
  program: 'PCM',
  conditions: [condition('I50.22', { expectedDurationMonths: 60 })],
  entries,
});

const STAFF = '99490 ≥20, 99439 per further full 20, cap 2 (§1)';
const COMPLEX = '99487 ≥60 with MDM and a care plan in force, 99489 per further full 30, default cap 10 (§1; choice §1 Policy)';
const COMPLEX_2021 = 'complex CCM: care plan established, implemented, revised or monitored (§1; CPT descriptor since 2021, adopted by CMS)';
const MDM_BY_PRACTITIONER = 'complex CCM: medical decision making by the billing practitioner (§1)';
const MUE = 'add-on caps: 99489 ≤ 10 and 99425 ≤ 2 by default, the practitioner MUEs secondary sources report (§1; confirm against the CMS MUE table)';
const PRACT = '99491 ≥30 own time, 99437 per further full 30, cap 2 (§1; choice §1 Policy)';
const PCM_STAFF = 'PCM 99426 ≥30 staff pool, 99427 per further full 30, cap 2 (§1)';
const PCM_PRACT = 'PCM 99424 ≥30 own time, 99425 per further full 30, default cap 2 (§1)';
const CAPS = 'add-on caps configurable (§1)';

const rows: Row[] = [
  { rule: `${STAFF}: 19`, spec: { entries: [staff(19)] }, bills: [], cents: 0 },
  { rule: `${STAFF}: 20`, spec: { entries: [staff(20)] }, bills: ['99490'], cents: 6049 },
  { rule: `${STAFF}: 39`, spec: { entries: [staff(39)] }, bills: ['99490'], cents: 6049 },
  { rule: `${STAFF}: 40`, spec: { entries: [staff(40)] }, bills: ['99490', '99439'], cents: 10642 },
  { rule: `${STAFF}: 59`, spec: { entries: [staff(59)] }, bills: ['99490', '99439'], cents: 10642 },
  { rule: `${STAFF}: 60`, spec: { entries: [staff(60)] }, bills: ['99490', '99439x2'], cents: 15235 },
  { rule: `${STAFF}: 89`, spec: { entries: [staff(89)] }, bills: ['99490', '99439x2'], cents: 15235 },
  { rule: `${STAFF}: 90, still capped at 2`, spec: { entries: [staff(90)] }, bills: ['99490', '99439x2'], cents: 15235 },
  {
    rule: `${STAFF}: minutes add up over entries and staff members`,
    spec: { entries: [staff(7), staff(8, { performerId: 'ma-1', performerCredential: 'MA' }), staff(5, { performerCredential: 'LPN', performerId: 'lpn-1' })] },
    bills: ['99490'],
    cents: 6049,
  },

  { rule: `${COMPLEX}: 59`, spec: complexMonth([staff(59)]), bills: ['99490', '99439'], cents: 10642, alternatives: [] },
  {
    rule: `${COMPLEX}: 60 (99487 alone pays less than staff 60)`,
    spec: complexMonth([staff(60)]),
    bills: ['99490', '99439x2'],
    cents: 15235,
    alternatives: [{ codes: ['99487'], cents: 13165 }],
  },
  { rule: `${COMPLEX}: 89`, spec: complexMonth([staff(89)]), bills: ['99490', '99439x2'], cents: 15235, alternatives: [{ codes: ['99487'], cents: 13165 }] },
  {
    rule: `${COMPLEX}: 90`,
    spec: complexMonth([staff(90)]),
    bills: ['99487', '99489'],
    cents: 20217,
    alternatives: [{ codes: ['99490', '99439x2'], cents: 15235 }],
  },
  { rule: `${COMPLEX}: 119`, spec: complexMonth([staff(119)]), bills: ['99487', '99489'], cents: 20217 },
  { rule: `${COMPLEX}: 120`, spec: complexMonth([staff(120)]), bills: ['99487', '99489x2'], cents: 27269 },
  { rule: `${COMPLEX}: 150`, spec: complexMonth([staff(150)]), bills: ['99487', '99489x3'], cents: 34321 },
  { rule: `${MUE}: 360 min earns 99489×10`, spec: complexMonth([staff(360)]), bills: ['99487', '99489x10'], cents: 13165 + 10 * 7052 },
  { rule: `${MUE}: 400 min is still 99489×10, not ×11`, spec: complexMonth([staff(400)]), bills: ['99487', '99489x10'], cents: 13165 + 10 * 7052 },
  { rule: `${COMPLEX}: practitioner time is pooled into complex`, spec: complexMonth([staff(50), drA(40)]), bills: ['99487', '99489'], cents: 20217 },
  {
    rule: `${COMPLEX}: without MDM no complex`,
    spec: { ...complexMonth([]), entries: [staff(95)] },
    bills: ['99490', '99439x2'],
    cents: 15235,
    alternatives: [],
  },
  {
    rule: `${COMPLEX_2021}: the plan only monitored this month (no revision) is complex`,
    spec: { entries: [staff(95), DR_A_DECISION_MAKING] },
    bills: ['99487', '99489'],
    cents: 20217,
    alternatives: [{ codes: ['99490', '99439x2'], cents: 15235 }],
  },
  {
    rule: `${COMPLEX_2021}: a minor revision this month is complex`,
    spec: {
      ...complexMonth([staff(95)]),
      carePlan: { ...complexMonth([]).carePlan!, revisions: [{ effectiveAt: '2025-05-06T14:00:00Z', substantial: false }] },
    },
    bills: ['99487', '99489'],
    cents: 20217,
  },
  {
    rule: `${MDM_BY_PRACTITIONER}: moderate MDM flagged on an MA's entry only is not complex`,
    spec: { ...complexMonth([]), entries: [staff(95, { performerId: 'ma-1', performerCredential: 'MA', complexMedicalDecisionMaking: true })] },
    bills: ['99490', '99439x2'],
    cents: 15235,
    alternatives: [],
  },
  {
    rule: `${MDM_BY_PRACTITIONER}: MDM flagged by another practitioner (Dr B) is not the billing practitioner's`,
    spec: { ...complexMonth([]), entries: [staff(95), staff(5, { performerId: 'dr-b', performerCredential: 'DO', complexMedicalDecisionMaking: true })] },
    bills: ['99490', '99439x2'],
    cents: 15235,
  },
  {
    rule: `${MDM_BY_PRACTITIONER}: Dr A's own MDM on a counted entry with minutes`,
    spec: { ...complexMonth([]), entries: [staff(90), drA(5, { complexMedicalDecisionMaking: true })] },
    bills: ['99487', '99489'],
    cents: 20217,
  },
  {
    rule: `${COMPLEX}: a plan established this month counts`,
    spec: { ...complexMonth([staff(95)]), carePlan: { ...complexMonth([]).carePlan!, effectiveAt: '2025-05-02T14:00:00Z', revisions: [] } },
    bills: ['99487', '99489'],
    cents: 20217,
  },
  {
    rule: `${COMPLEX}: MDM on a voided entry does not count`,
    spec: { ...complexMonth([]), entries: [staff(95), drA(5, { voided: true, complexMedicalDecisionMaking: true })] },
    bills: ['99490', '99439x2'],
    cents: 15235,
  },

  { rule: `${PRACT}: 29 (pooled 99490 instead)`, spec: { entries: [drA(29)] }, bills: ['99490'], cents: 6049, alternatives: [] },
  { rule: `${PRACT}: 30`, spec: { entries: [drA(30)] }, bills: ['99491'], cents: 8216, alternatives: [{ codes: ['99490'], cents: 6049 }] },
  {
    rule: `${PRACT}: 59, pooled staff track pays more`,
    spec: { entries: [drA(59)] },
    bills: ['99490', '99439'],
    cents: 10642,
    alternatives: [{ codes: ['99491'], cents: 8216 }],
  },
  {
    rule: `${PRACT}: 60`,
    spec: { entries: [drA(60)] },
    bills: ['99490', '99439x2'],
    cents: 15235,
    alternatives: [{ codes: ['99491', '99437'], cents: 13974 }],
  },
  {
    rule: `${PRACT}: 89`,
    spec: { entries: [drA(89)] },
    bills: ['99490', '99439x2'],
    cents: 15235,
    alternatives: [{ codes: ['99491', '99437'], cents: 13974 }],
  },
  {
    rule: `${PRACT}: 90, practitioner track overtakes`,
    spec: { entries: [drA(90)] },
    bills: ['99491', '99437x2'],
    cents: 19732,
    alternatives: [{ codes: ['99490', '99439x2'], cents: 15235 }],
  },
  { rule: `${PRACT}: 150, 99437 capped at 2`, spec: { entries: [drA(150)] }, bills: ['99491', '99437x2'], cents: 19732 },
  {
    rule: `${PRACT}: another practitioner's time is staff time`,
    spec: { entries: [staff(35, { performerId: 'dr-b', performerCredential: 'DO' })] },
    bills: ['99490'],
    cents: 6049,
    alternatives: [],
  },
  {
    rule: `${PRACT}: three compliant tracks, complex wins, both others listed best first`,
    spec: complexMonth([drA(90), staff(30)]),
    bills: ['99487', '99489x2'],
    cents: 27269,
    alternatives: [
      { codes: ['99491', '99437x2'], cents: 19732 },
      { codes: ['99490', '99439x2'], cents: 15235 },
    ],
  },

  { rule: `${PCM_STAFF}: 29`, spec: pcm([staff(29)]), bills: [], cents: 0 },
  { rule: `${PCM_STAFF}: 30`, spec: pcm([staff(30)]), bills: ['99426'], cents: 6178 },
  { rule: `${PCM_STAFF}: 59`, spec: pcm([staff(59)]), bills: ['99426'], cents: 6178 },
  { rule: `${PCM_STAFF}: 60`, spec: pcm([staff(60)]), bills: ['99426', '99427'], cents: 11224 },
  { rule: `${PCM_STAFF}: 90`, spec: pcm([staff(90)]), bills: ['99426', '99427x2'], cents: 16270 },
  { rule: `${PCM_STAFF}: 120, capped at 2`, spec: pcm([staff(120)]), bills: ['99426', '99427x2'], cents: 16270 },
  { rule: `${PCM_PRACT}: 29`, spec: pcm([drA(29)]), bills: [], cents: 0 },
  { rule: `${PCM_PRACT}: 30`, spec: pcm([drA(30)]), bills: ['99424'], cents: 8087, alternatives: [{ codes: ['99426'], cents: 6178 }] },
  { rule: `${PCM_PRACT}: 60`, spec: pcm([drA(60)]), bills: ['99424', '99425'], cents: 13974, alternatives: [{ codes: ['99426', '99427'], cents: 11224 }] },
  { rule: `${PCM_PRACT}: 90`, spec: pcm([drA(90)]), bills: ['99424', '99425x2'], cents: 8087 + 2 * 5887 },
  { rule: `${MUE}: PCM 150 min is 99424 + 99425×2, not ×4`, spec: pcm([drA(150)]), bills: ['99424', '99425x2'], cents: 8087 + 2 * 5887 },
  {
    rule: `${CAPS}: 99425 uncapped by the practice`,
    spec: pcm([drA(150)]),
    bills: ['99424', '99425x4'],
    cents: 31635,
    options: { addOnCaps: { '99425': null } },
  },
  {
    rule: `${PCM_PRACT}: a PCM month is never complex`,
    spec: { ...complexMonth([staff(95)]), ...pcm(complexMonth([staff(95)]).entries!) },
    bills: ['99426', '99427x2'],
    cents: 16270,
  },

  { rule: `${CAPS}: 99439 capped at 1`, spec: { entries: [staff(75)] }, bills: ['99490', '99439'], cents: 10642, options: { addOnCaps: { '99439': 1 } } },
  { rule: `${CAPS}: 99439 uncapped`, spec: { entries: [staff(100)] }, bills: ['99490', '99439x4'], cents: 24421, options: { addOnCaps: { '99439': null } } },
  { rule: `${CAPS}: 99489 capped at 1`, spec: complexMonth([staff(150)]), bills: ['99487', '99489'], cents: 20217, options: { addOnCaps: { '99489': 1 } } },
  { rule: `${CAPS}: 99437 uncapped`, spec: { entries: [drA(150)] }, bills: ['99491', '99437x4'], cents: 31248, options: { addOnCaps: { '99437': null } } },
  { rule: `${CAPS}: 99427 capped at 0`, spec: pcm([staff(95)]), bills: ['99426'], cents: 6178, options: { addOnCaps: { '99427': 0 } } },
  {
    rule: `${CAPS}: 99425 capped at 1, so the pooled staff track pays more`,
    spec: pcm([drA(150)]),
    bills: ['99426', '99427x2'],
    cents: 16270,
    alternatives: [{ codes: ['99424', '99425'], cents: 13974 }],
    options: { addOnCaps: { '99425': 1 } },
  },
];

describe('thresholds, add-ons and track choice (ccm-rules.md §1)', () => {
  it.each(rows)('$rule → $bills', ({ spec, bills, cents, alternatives, options }) => {
    const result = evaluate(spec, options);
    expect(codes(result.lines)).toEqual(bills);
    expect(result.expectedPaymentCents).toBe(cents);
    expect(result.blockers).toEqual(bills.length === 0 ? ['INSUFFICIENT_TIME'] : []);
    if (alternatives) expect(alternativesOf(result)).toEqual(alternatives);
  });
});

describe('equal payments: staff, then practitioner, then complex (ccm-rules.md §1 Policy, policies.ts)', () => {
  /** A practice schedule where base codes pay the same and add-ons nothing, so tracks tie. */
  const flat = (overrides: Record<string, number> = {}): FeeSchedule => {
    const national = RULE_SET_2025.feeSchedule;
    const rvu = (code: string) => ({ value: overrides[code] ?? (['99490', '99491', '99487'].includes(code) ? 1 : 0), source: 'test' });
    const codes = Object.fromEntries(Object.keys(national.codes).map((c) => [c, { nonFacilityRvu: rvu(c), facilityRvu: rvu(c) }]));
    return { ...national, codes };
  };
  const spec = complexMonth([drA(60)]);

  it.each([
    { rule: 'all three tie: staff', schedule: flat(), bills: ['99490', '99439x2'], next: ['PRACTITIONER', 'COMPLEX'] },
    { rule: 'practitioner and complex tie above staff: practitioner', schedule: flat({ '99490': 0.5 }), bills: ['99491', '99437'], next: ['COMPLEX', 'STAFF'] },
    {
      rule: 'staff and complex tie above practitioner: staff',
      schedule: flat({ '99491': 0.5 }),
      bills: ['99490', '99439x2'],
      next: ['COMPLEX', 'PRACTITIONER'],
    },
  ])('$rule', ({ schedule, bills, next }) => {
    const result = evaluate(spec, { feeSchedule: schedule });
    expect(codes(result.lines)).toEqual(bills);
    expect(result.alternatives.map((a) => a.track)).toEqual(next);
  });

  it('the tie order is a policy: complex first when configured so', () => {
    const result = evaluate(spec, { feeSchedule: flat(), policies: { trackTieOrder: ['COMPLEX', 'PRACTITIONER', 'STAFF'] } });
    expect(codes(result.lines)).toEqual(['99487']);
  });
});

describe('addOnUnits: floor((minutes − base) / increment), then the cap (ccm-rules.md §1)', () => {
  const [staffTrack, practitionerTrack, complexTrack] = RULE_SET_2025.timeTracks.CCM;
  it.each<{ track: TimeTrackRule; minutes: number; caps: AddOnCaps; units: number }>([
    { track: staffTrack, minutes: 20, caps: {}, units: 0 },
    { track: staffTrack, minutes: 39, caps: {}, units: 0 },
    { track: staffTrack, minutes: 40, caps: {}, units: 1 },
    { track: staffTrack, minutes: 200, caps: {}, units: 2 },
    { track: staffTrack, minutes: 200, caps: { '99439': null }, units: 9 },
    { track: practitionerTrack, minutes: 59, caps: {}, units: 0 },
    { track: practitionerTrack, minutes: 60, caps: {}, units: 1 },
    { track: practitionerTrack, minutes: 89, caps: {}, units: 1 },
    { track: practitionerTrack, minutes: 90, caps: {}, units: 2 },
    { track: practitionerTrack, minutes: 120, caps: {}, units: 2 },
    { track: practitionerTrack, minutes: 120, caps: { '99437': 3 }, units: 3 },
    { track: complexTrack, minutes: 89, caps: {}, units: 0 },
    { track: complexTrack, minutes: 90, caps: {}, units: 1 },
    { track: complexTrack, minutes: 240, caps: {}, units: 6 },
  ])('$track.addOnCode at $minutes min → $units', ({ track, minutes, caps, units }) => {
    expect(addOnUnits(minutes, track, caps)).toBe(units);
  });
});
