import { PATIENT_ID, PRACTICE_ID, STAFF, snapshot } from '../../test/support/care-record-events';
import type { PatientEvent } from '../patient-stream/patient-event';
import { addDays, outreachTask, ruleCommandId, ruleTaskId, tasksOpenedBy } from './task-rules';

const ids = { patientId: PATIENT_ID, practiceId: PRACTICE_ID };
const ZONE = 'America/New_York';
const EVENT_ID = '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a';
const opened = (event: PatientEvent, day = '2026-03-15') =>
  tasksOpenedBy(event, EVENT_ID, day, ZONE).map(({ kind, origin, dueOn, key }) => ({ kind, origin, dueOn, key }));

const carePlan = (reviewBy: string) => ({
  problems: ['Diabetes'],
  expectedOutcomes: 'x',
  goals: ['y'],
  symptomManagement: 'z',
  interventions: ['w'],
  medicationManagement: 'v',
  communityResources: null,
  coordinationNotes: null,
  reviewBy,
});
const externalService = (cptCode: string, extra: Record<string, unknown> = {}): PatientEvent => ({
  type: 'ExternalServiceRecorded',
  data: { ...ids, serviceDate: '2026-03-10', cptCode, billedByNpi: '1245319599', billedByBillingPractitioner: false, minutes: null, ...extra },
});

describe('tasks the program opens', () => {
  it.each<[string, PatientEvent, ReturnType<typeof opened>]>([
    [
      'a consent renewal, two weeks out, when the billing practitioner changes (a consent is given for one practitioner)',
      {
        type: 'BillingPractitionerChanged',
        data: { ...ids, billingPractitioner: snapshot(STAFF.npC), previousBillingPractitionerId: 'dr-a', reason: 'moved' },
      },
      [{ kind: 'CONSENT_RENEWAL', origin: 'CONSENT_RULE', dueOn: '2026-03-29', key: `consent-renewal/${EVENT_ID}` }],
    ],
    [
      "a care-plan review due on the plan's reviewBy",
      {
        type: 'CarePlanCreated',
        data: { ...ids, version: 1, effectiveAt: '2026-03-15T12:00:00.000Z', createdBy: snapshot(STAFF.drA), ...carePlan('2026-09-01') },
      },
      [{ kind: 'CARE_PLAN_REVIEW', origin: 'CARE_PLAN_REVIEW', dueOn: '2026-09-01', key: `care-plan-review/${PATIENT_ID}/2026-09-01` }],
    ],
    [
      'a new review when a revision moves reviewBy',
      {
        type: 'CarePlanRevised',
        data: {
          ...ids,
          version: 2,
          substantial: false,
          changes: { ...Object.fromEntries(Object.keys(carePlan('')).map((key) => [key, null])), reviewBy: '2026-12-01' } as never,
          reason: 'r',
          effectiveAt: '2026-03-15T12:00:00.000Z',
          revisedBy: snapshot(STAFF.drA),
        },
      },
      [{ kind: 'CARE_PLAN_REVIEW', origin: 'CARE_PLAN_REVIEW', dueOn: '2026-12-01', key: `care-plan-review/${PATIENT_ID}/2026-12-01` }],
    ],
    [
      'no review when a revision keeps reviewBy',
      {
        type: 'CarePlanRevised',
        data: {
          ...ids,
          version: 2,
          substantial: false,
          changes: Object.fromEntries(Object.keys(carePlan('')).map((key) => [key, null])) as never,
          reason: 'r',
          effectiveAt: '2026-03-15T12:00:00.000Z',
          revisedBy: snapshot(STAFF.drA),
        },
      },
      [],
    ],
    [
      'a follow-up two days after discharge from an inpatient stay (TCM: contact within two business days)',
      externalService('99223', { startedAt: '2026-03-08T10:00:00.000Z', endedAt: '2026-03-11T15:00:00.000Z' }),
      [{ kind: 'TRANSITION_FOLLOW_UP', origin: 'TRANSITION', dueOn: '2026-03-13', key: `transition/${EVENT_ID}` }],
    ],
    [
      'a follow-up after a nursing facility stay, from its service date',
      externalService('99306'),
      [{ kind: 'TRANSITION_FOLLOW_UP', origin: 'TRANSITION', dueOn: '2026-03-12', key: `transition/${EVENT_ID}` }],
    ],
    ['nothing for an office visit', externalService('99214'), []],
    ['nothing for a logged call', { type: 'CallVoided', data: { ...ids, activityId: 'a', reason: 'r', voidedBy: 'rn-b' } }, []],
  ])('%s', (_case, event, expected) => expect(opened(event)).toEqual(expected));

  it.each([
    ['before the opening day: nothing', { openOnDay: 5, dueAfterDays: 7 }, '2026-03-04', null],
    ['on the opening day: due a week later', { openOnDay: 5, dueAfterDays: 7 }, '2026-03-05', '2026-03-12'],
    ['late in the month: the same task, due as first computed', { openOnDay: 5, dueAfterDays: 7 }, '2026-03-30', '2026-03-12'],
    ['a due date past the month end is the last day', { openOnDay: 25, dueAfterDays: 10 }, '2026-02-26', '2026-02-28'],
  ])('monthly outreach, %s', (_case, cadence, today, dueOn) => {
    const task = outreachTask(ids, today.slice(0, 7), today, cadence);
    expect(task?.dueOn ?? null).toBe(dueOn);
    if (task) expect(task).toMatchObject({ kind: 'OUTREACH_CALL', origin: 'CADENCE', key: `outreach/${PATIENT_ID}/${today.slice(0, 7)}` });
  });

  it('names a task and its command by its trigger alone: the same trigger, the same ids', () => {
    expect(ruleTaskId('outreach/x/2026-03')).toBe(ruleTaskId('outreach/x/2026-03'));
    expect(ruleTaskId('outreach/x/2026-03')).not.toBe(ruleTaskId('outreach/x/2026-04'));
    expect(ruleCommandId('outreach/x/2026-03')).not.toBe(ruleTaskId('outreach/x/2026-03'));
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
  });
});
