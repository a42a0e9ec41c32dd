import { PATIENT_ID, STAFF, asPractitioner, carePlanCreated, enrolled, patientCommand, snapshot } from '../../test/support/care-record-events';
import { given, testMetadata } from '../../test/support/decider-specification';
import { carePlanDecider, carePlanValidTime } from './care-plan.decider';
import type { CarePlanChanges, CarePlanRevised } from './care-plan.events';

const ids = { patientId: PATIENT_ID, practiceId: 'p1' };
const byPractitioner = { metadata: asPractitioner() };
const { patientId: _p, practiceId: _pr, version: _v, createdBy: _c, ...planInput } = carePlanCreated().data;
const create = (overrides: Record<string, unknown> = {}, options = byPractitioner) => patientCommand('CreateCarePlan', { ...planInput, ...overrides }, options);
const revise = (overrides: Record<string, unknown> = {}, options = {}) =>
  patientCommand(
    'ReviseCarePlan',
    {
      expectedVersion: 1,
      substantial: true,
      goals: ['HbA1c < 7.5%', 'BP < 140/90'],
      reason: 'Tighter glucose goal after review',
      effectiveAt: '2026-03-12T16:00:00.000Z',
      ...overrides,
    },
    options,
  );
const share = (overrides: Record<string, unknown> = {}) =>
  patientCommand('ShareCarePlan', { sharedAt: '2026-03-04T10:00:00.000Z', channel: 'patient portal', ...overrides });

const unchanged: CarePlanChanges = {
  problems: null,
  expectedOutcomes: null,
  goals: null,
  symptomManagement: null,
  interventions: null,
  medicationManagement: null,
  communityResources: null,
  coordinationNotes: null,
  reviewBy: null,
};
const revised: CarePlanRevised = {
  type: 'CarePlanRevised',
  data: {
    ...ids,
    version: 2,
    substantial: true,
    changes: { ...unchanged, goals: ['HbA1c < 7.5%', 'BP < 140/90'] },
    reason: 'Tighter glucose goal after review',
    effectiveAt: '2026-03-12T16:00:00.000Z',
    revisedBy: snapshot(STAFF.rnB),
  },
};

describe('care plan decider', () => {
  describe('CreateCarePlan', () => {
    it('creates version 1 with every CMS element, authored by the practitioner as registered', () =>
      given(carePlanDecider, [enrolled()]).when(create()).then([carePlanCreated()]));

    it('takes effect now when no effectiveAt is given', () =>
      given(carePlanDecider, [enrolled()])
        .when(create({ effectiveAt: null }))
        .then([carePlanCreated({ effectiveAt: '2026-03-15T12:00:00.000Z' })]));

    it('refuses a nurse as author: CMS requires a practitioner to establish the plan', () =>
      given(carePlanDecider, [enrolled()])
        .when(create({}, { metadata: testMetadata({ actorId: 'rn-b', actorRoles: ['CARE_MANAGER'] }) }))
        .thenThrows('PRECONDITION_FAILED', /practitioner/));

    it('refuses an author who is not on the staff registry', () =>
      given(carePlanDecider, [enrolled()])
        .when(create({}, { metadata: testMetadata({ actorId: 'dr-unknown', actorRoles: ['PRACTITIONER'] }) }))
        .thenThrows('PRECONDITION_FAILED', /not a staff member/));

    it('refuses a second plan', () =>
      given(carePlanDecider, [enrolled(), carePlanCreated()])
        .when(create())
        .thenThrows('PRECONDITION_FAILED', /revise it instead/));
    it('refuses a plan effective in the future', () =>
      given(carePlanDecider, [enrolled()])
        .when(create({ effectiveAt: '2026-03-16T00:00:00.000Z' }))
        .thenThrows('BAD_USER_INPUT', /effectiveAt/));
    it('refuses a review date before the plan takes effect', () =>
      given(carePlanDecider, [enrolled()])
        .when(create({ reviewBy: '2026-03-01' }))
        .thenThrows('BAD_USER_INPUT', /reviewBy/));
    it('answers NOT_FOUND for an unknown patient', () => given(carePlanDecider).when(create()).thenThrows('NOT_FOUND'));
    it("answers NOT_FOUND for another practice's patient", () =>
      given(carePlanDecider, [enrolled({ practiceId: 'p2' })])
        .when(create())
        .thenThrows('NOT_FOUND', /^Patient not found$/));
  });

  describe('ReviseCarePlan', () => {
    it('a nurse revises the plan: version 2 records only what changed, why, and who', () =>
      given(carePlanDecider, [enrolled(), carePlanCreated()]).when(revise()).then([revised]));

    it('folds the revision into the plan and keeps its history', () => {
      const plan = given(carePlanDecider, [enrolled(), carePlanCreated(), revised]).state.carePlan;
      expect(plan).toMatchObject({
        version: 2,
        goals: ['HbA1c < 7.5%', 'BP < 140/90'],
        problems: carePlanCreated().data.problems,
        lastRevisedAt: '2026-03-12T16:00:00.000Z',
      });
      expect(plan?.revisions).toEqual([
        {
          version: 2,
          substantial: true,
          reason: 'Tighter glucose goal after review',
          effectiveAt: '2026-03-12T16:00:00.000Z',
          revisedBy: snapshot(STAFF.rnB),
          changed: ['goals'],
        },
      ]);
    });

    it('a stale expectedVersion is a CONFLICT', () =>
      given(carePlanDecider, [enrolled(), carePlanCreated(), revised])
        .when(revise({ expectedVersion: 1 }))
        .thenThrows('CONFLICT', /version 2/));

    it('refuses a revision that changes nothing', () =>
      given(carePlanDecider, [enrolled(), carePlanCreated()])
        .when(revise({ goals: carePlanCreated().data.goals }))
        .thenThrows('BAD_USER_INPUT', /changes no element/));

    it('refuses non-clinical staff', () =>
      given(carePlanDecider, [enrolled(), carePlanCreated()])
        .when(revise({}, { metadata: testMetadata({ actorId: 'desk-d', actorRoles: ['CARE_MANAGER'] }) }))
        .thenThrows('PRECONDITION_FAILED', /non-clinical/));

    it('refuses a revision effective before the current version', () =>
      given(carePlanDecider, [enrolled(), carePlanCreated()])
        .when(revise({ effectiveAt: '2026-03-01T00:00:00.000Z' }))
        .thenThrows('BAD_USER_INPUT', /effectiveAt/));

    it('refuses a revision in the future', () =>
      given(carePlanDecider, [enrolled(), carePlanCreated()])
        .when(revise({ effectiveAt: '2026-03-20T00:00:00.000Z' }))
        .thenThrows('BAD_USER_INPUT', /effectiveAt/));

    it('refuses a new review date before the revision takes effect', () =>
      given(carePlanDecider, [enrolled(), carePlanCreated()])
        .when(revise({ reviewBy: '2026-03-05' }))
        .thenThrows('BAD_USER_INPUT', /reviewBy/));

    it('refuses without a plan', () =>
      given(carePlanDecider, [enrolled()])
        .when(revise())
        .thenThrows('PRECONDITION_FAILED', /no care plan/));
    it('answers NOT_FOUND for an unknown patient', () => given(carePlanDecider).when(revise()).thenThrows('NOT_FOUND'));
  });

  describe('ShareCarePlan', () => {
    it('records that the current version was given to the patient, how and by whom', () =>
      given(carePlanDecider, [enrolled(), carePlanCreated()])
        .when(share())
        .then([
          {
            type: 'CarePlanSharedWithPatient',
            data: { ...ids, version: 1, sharedAt: '2026-03-04T10:00:00.000Z', channel: 'patient portal', sharedBy: 'rn-b' },
          },
        ]));

    it('shares the revised version', () =>
      given(carePlanDecider, [enrolled(), carePlanCreated(), revised])
        .when(share({ sharedAt: '2026-03-13T10:00:00.000Z' }))
        .then([expect.objectContaining({ data: expect.objectContaining({ version: 2 }) })]));

    it('refuses a share before the current version took effect', () =>
      given(carePlanDecider, [enrolled(), carePlanCreated()])
        .when(share({ sharedAt: '2026-03-02T10:00:00.000Z' }))
        .thenThrows('BAD_USER_INPUT', /sharedAt/));
    it('refuses a share in the future', () =>
      given(carePlanDecider, [enrolled(), carePlanCreated()])
        .when(share({ sharedAt: '2026-03-16T10:00:00.000Z' }))
        .thenThrows('BAD_USER_INPUT', /sharedAt/));
    it('refuses without a plan', () =>
      given(carePlanDecider, [enrolled()])
        .when(share())
        .thenThrows('PRECONDITION_FAILED', /no care plan/));
    it('answers NOT_FOUND for an unknown patient', () => given(carePlanDecider).when(share()).thenThrows('NOT_FOUND'));
  });

  it('dates the events by when the plan took effect or was shared', () => {
    expect(carePlanValidTime(carePlanCreated(), 'UTC')?.toISOString()).toBe('2026-03-03T15:00:00.000Z');
    expect(carePlanValidTime(revised, 'UTC')?.toISOString()).toBe('2026-03-12T16:00:00.000Z');
  });
});
