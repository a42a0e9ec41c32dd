import { PRACTICE_ID, STAFF, snapshot, testPractice } from '../../test/support/care-record-events';
import { given, testMetadata } from '../../test/support/decider-specification';
import { coverageGaps } from './coverage';
import { programDecider } from './program.decider';
import type { OnCallScheduled } from './program.events';

const SHIFT = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const asAdmin = testMetadata({ actorId: 'admin-1', actorRoles: ['ADMIN'] });
const schedule = (data: Record<string, unknown> = {}) => ({
  type: 'ScheduleOnCall' as const,
  data: {
    practiceId: PRACTICE_ID,
    shiftId: SHIFT,
    staffId: 'dr-a',
    from: '2026-03-16T22:00:00.000Z',
    to: '2026-03-17T12:00:00.000Z',
    phone: '+1 555 010 9999',
    ...data,
  },
  practice: testPractice(),
  metadata: asAdmin,
});
const scheduled = (data: Partial<OnCallScheduled['data']> = {}): OnCallScheduled => ({
  type: 'OnCallScheduled',
  data: {
    practiceId: PRACTICE_ID,
    shiftId: SHIFT,
    clinician: snapshot(STAFF.drA),
    from: '2026-03-16T22:00:00.000Z',
    to: '2026-03-17T12:00:00.000Z',
    phone: '+1 555 010 9999',
    scheduledBy: 'admin-1',
    ...data,
  },
});
const OTHER = '1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e';

describe('program decider: on-call shifts', () => {
  it('schedules a clinician on call with a phone number', () => given(programDecider).when(schedule()).then([scheduled()]));

  it("lets another clinician's shift overlap, and the same person's shift start as the last one ends", () => {
    given(programDecider, [scheduled()])
      .when(schedule({ shiftId: OTHER, staffId: 'rn-b' }))
      .then([scheduled({ shiftId: OTHER, clinician: snapshot(STAFF.rnB) })]);
    given(programDecider, [scheduled()])
      .when(schedule({ shiftId: OTHER, from: '2026-03-17T12:00:00.000Z', to: '2026-03-17T22:00:00.000Z' }))
      .then([scheduled({ shiftId: OTHER, from: '2026-03-17T12:00:00.000Z', to: '2026-03-17T22:00:00.000Z' })]);
  });

  it.each([
    ['a shift that ends before it starts', { shiftId: OTHER, to: '2026-03-16T21:00:00.000Z' }, 'BAD_USER_INPUT', /after from/],
    ['a shift that ends as it starts', { shiftId: OTHER, to: '2026-03-16T22:00:00.000Z' }, 'BAD_USER_INPUT', /after from/],
    ['a shift of more than 31 days', { shiftId: OTHER, to: '2026-05-01T00:00:00.000Z' }, 'BAD_USER_INPUT', /31 days/],
    [
      "an overlap with the same person's shift",
      { shiftId: OTHER, from: '2026-03-17T11:00:00.000Z', to: '2026-03-17T20:00:00.000Z' },
      'PRECONDITION_FAILED',
      /already on call/,
    ],
    ['a shift id already used', { staffId: 'rn-b', from: '2026-04-01T00:00:00.000Z', to: '2026-04-01T08:00:00.000Z' }, 'PRECONDITION_FAILED', /already names/],
    ['an inactive clinician', { shiftId: OTHER, staffId: 'dr-gone' }, 'PRECONDITION_FAILED', /no longer active/],
    ['non-clinical staff', { shiftId: OTHER, staffId: 'desk-d' }, 'PRECONDITION_FAILED', /non-clinical/],
  ])('refuses %s', (_case, data, code, message) =>
    given(programDecider, [scheduled()])
      .when(schedule(data))
      .thenThrows(code as never, message),
  );
});

describe('program decider: outreach cadence', () => {
  const configure = (data: Record<string, unknown>) => ({
    type: 'ConfigureOutreachCadence' as const,
    data: { practiceId: PRACTICE_ID, program: 'CCM' as const, openOnDay: 5, dueAfterDays: 7, ...data },
    practice: testPractice(),
    metadata: asAdmin,
  });
  const configured = {
    type: 'OutreachCadenceConfigured' as const,
    data: { practiceId: PRACTICE_ID, program: 'CCM' as const, openOnDay: 5, dueAfterDays: 7, configuredBy: 'admin-1' },
  };

  it('configures a program; the same cadence again records nothing', () => {
    given(programDecider).when(configure({})).then([configured]);
    given(programDecider, [configured]).when(configure({})).thenNothingHappens();
  });

  it.each([
    ['an opening day after the 28th', { openOnDay: 29 }],
    ['an opening day of 0', { openOnDay: 0 }],
    ['a negative due delay', { dueAfterDays: -1 }],
  ])('refuses %s', (_case, data) => given(programDecider).when(configure(data)).thenThrows('BAD_USER_INPUT'));
});

describe('coverage gaps', () => {
  const at = (hour: number) => Date.UTC(2026, 2, 16, hour);
  it.each([
    ['no shift: the whole window', [], [[0, 24]]],
    [
      'one shift inside: before and after it',
      [[8, 16]],
      [
        [0, 8],
        [16, 24],
      ],
    ],
    [
      'overlapping shifts count once',
      [
        [0, 10],
        [8, 20],
      ],
      [[20, 24]],
    ],
    [
      'shifts that touch leave no gap',
      [
        [0, 12],
        [12, 24],
      ],
      [],
    ],
    [
      'shifts beyond the window edges',
      [
        [-5, 6],
        [20, 30],
      ],
      [[6, 20]],
    ],
    [
      'a shift inside another',
      [
        [0, 24],
        [4, 5],
      ],
      [],
    ],
  ])('%s', (_case, shifts, gaps) =>
    expect(
      coverageGaps(
        shifts.map(([from, to]) => ({ fromMs: at(from), toMs: at(to) })),
        { fromMs: at(0), toMs: at(24) },
      ),
    ).toEqual(gaps.map(([from, to]) => ({ fromMs: at(from), toMs: at(to) }))),
  );
});
