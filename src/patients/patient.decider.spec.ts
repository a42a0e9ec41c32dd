import { PATIENT_ID, STAFF, conditionRecorded, enrolled, patientCommand, snapshot } from '../../test/support/care-record-events';
import { given } from '../../test/support/decider-specification';
import { DomainError } from '../kernel/domain-error';
import { patientDecider, patientFactValidTime } from './patient.decider';
import type { ChronicConditionResolved } from './patient.events';

const enrollData = {
  name: 'Rosa Martinez',
  birthDate: '1948-05-02',
  medicareId: '1eg4-te5-mk73',
  program: 'CCM' as const,
  billingPractitionerId: 'dr-a',
};
const enroll = (overrides: Partial<typeof enrollData & { enrolledOn: string; qmb: boolean }> = {}) =>
  patientCommand('EnrollPatient', { ...enrollData, ...overrides });
const ids = { patientId: PATIENT_ID, practiceId: 'p1' };
const otherPracticesPatient = enrolled({ practiceId: 'p2' });

/** The refusal a decide throws, to compare two refusals with each other. */
const refusal = (run: () => unknown): DomainError => {
  try {
    run();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected a refusal');
};

describe('patient decider', () => {
  describe('EnrollPatient', () => {
    it('enrols the patient, copying the billing practitioner as registered and defaulting the date to today in the practice zone', () =>
      given(patientDecider)
        .when(enroll())
        .then([
          {
            type: 'PatientEnrolled',
            data: {
              ...ids,
              name: 'Rosa Martinez',
              birthDate: '1948-05-02',
              program: 'CCM',
              medicareId: '1EG4TE5MK73',
              payerId: null,
              qmb: false,
              billingPractitioner: snapshot(STAFF.drA),
              enrolledOn: '2026-03-15',
            },
          },
        ]));

    it('records the administrative sex when it is given (and no sex field when it is not)', () => {
      const [event] = patientDecider.decide(patientCommand('EnrollPatient', { ...enrollData, sex: 'FEMALE' }) as never, patientDecider.initialState());
      expect(event.data).toMatchObject({ sex: 'FEMALE' });
      const [without] = patientDecider.decide(enroll() as never, patientDecider.initialState());
      expect(without.data).not.toHaveProperty('sex');
    });

    it('keeps a past enrolment date', () => {
      const [event] = patientDecider.decide(enroll({ enrolledOn: '2025-11-03', qmb: true }) as never, patientDecider.initialState());
      expect(event.data).toMatchObject({ enrolledOn: '2025-11-03', qmb: true });
    });

    it('refuses an id already enrolled in this practice', () =>
      given(patientDecider, [enrolled()])
        .when(enroll())
        .thenThrows('PRECONDITION_FAILED', /already in use/));

    it("answers an id of another practice's patient exactly as one of its own, revealing nothing about the other practice", () => {
      const own = refusal(() => given(patientDecider, [enrolled()]).when(enroll()).then([]));
      const foreign = refusal(() => given(patientDecider, [otherPracticesPatient]).when(enroll()).then([]));
      expect(foreign).toBeInstanceOf(DomainError);
      expect({ code: foreign.code, message: foreign.message, details: foreign.details }).toEqual({
        code: own.code,
        message: own.message,
        details: own.details,
      });
      expect(foreign.message).not.toMatch(/practice/i);
    });

    it.each([
      ['not registered', 'dr-nobody', 'STAFF_NOT_REGISTERED'],
      ['a nurse', 'rn-b', 'NOT_A_PRACTITIONER'],
      ['no longer active', 'dr-gone', 'STAFF_INACTIVE'],
    ])('refuses a billing practitioner who is %s', (_label, billingPractitionerId, reason) => {
      const error = refusal(() => patientDecider.decide(enroll({ billingPractitionerId }) as never, patientDecider.initialState()));
      expect([error.code, error.details?.reason]).toEqual(['PRECONDITION_FAILED', reason]);
    });

    it('refuses an enrolment date in the future', () =>
      given(patientDecider)
        .when(enroll({ enrolledOn: '2026-03-16' }))
        .thenThrows('BAD_USER_INPUT', /enrolledOn/));

    it('refuses a birth date after the enrolment date', () =>
      given(patientDecider)
        .when(enroll({ birthDate: '2026-03-10', enrolledOn: '2026-03-01' }))
        .thenThrows('BAD_USER_INPUT', /birthDate/));

    it('counts "today" in the practice zone, not in UTC', () => {
      // 02:00 UTC on 16 March is still 15 March in New York, so "today" there is the 15th.
      const [event] = patientDecider.decide(
        patientCommand('EnrollPatient', enrollData, {
          metadata: { now: new Date('2026-03-16T02:00:00Z'), actorId: 'rn-b', actorRoles: ['CARE_MANAGER'] },
        }) as never,
        patientDecider.initialState(),
      );
      expect(event.data).toMatchObject({ enrolledOn: '2026-03-15' });
    });
  });

  describe('ChangeBillingPractitioner', () => {
    const change = (billingPractitionerId: string) => patientCommand('ChangeBillingPractitioner', { billingPractitionerId, reason: 'Dr A retires' });

    it('records the new billing practitioner and the previous one', () =>
      given(patientDecider, [enrolled()])
        .when(change('np-c'))
        .then([
          {
            type: 'BillingPractitionerChanged',
            data: { ...ids, billingPractitioner: snapshot(STAFF.npC), previousBillingPractitionerId: 'dr-a', reason: 'Dr A retires' },
          },
        ]));

    it('records nothing when the practitioner is already the billing one', () => given(patientDecider, [enrolled()]).when(change('dr-a')).thenNothingHappens());

    it('refuses a non-practitioner', () =>
      given(patientDecider, [enrolled()])
        .when(change('rn-b'))
        .thenThrows('PRECONDITION_FAILED', /practitioner/));
    it('answers NOT_FOUND for an unknown patient', () => given(patientDecider).when(change('np-c')).thenThrows('NOT_FOUND'));
    it("answers NOT_FOUND for another practice's patient", () =>
      given(patientDecider, [otherPracticesPatient])
        .when(change('np-c'))
        .thenThrows('NOT_FOUND', /^Patient not found$/));
  });

  describe('RecordChronicCondition', () => {
    const record = (overrides: Record<string, unknown> = {}) =>
      patientCommand('RecordChronicCondition', {
        icd10: 'e11.9',
        description: 'Type 2 diabetes',
        onset: '2019-04-01',
        expectedDurationMonths: 120,
        placesAtSignificantRisk: true,
        ...overrides,
      });

    it('records the condition with its code upper case and the day it was recorded', () =>
      given(patientDecider, [enrolled()])
        .when(record())
        .then([
          {
            type: 'ChronicConditionRecorded',
            data: {
              ...ids,
              icd10: 'E11.9',
              description: 'Type 2 diabetes',
              onset: '2019-04-01',
              expectedDurationMonths: 120,
              placesAtSignificantRisk: true,
              recordedOn: '2026-03-15',
            },
          },
        ]));

    it('records a condition without onset', () => {
      const [event] = patientDecider.decide(record({ onset: null }) as never, given(patientDecider, [enrolled()]).state);
      expect(event.data).toMatchObject({ onset: null });
    });

    it('refuses a condition that is already active', () =>
      given(patientDecider, [enrolled(), conditionRecorded('E11.9')])
        .when(record())
        .thenThrows('PRECONDITION_FAILED', /already recorded/));

    it('records a new episode of a resolved condition', () => {
      const resolved: ChronicConditionResolved = {
        type: 'ChronicConditionResolved',
        data: { ...ids, icd10: 'E11.9', resolvedOn: '2026-03-05', reason: 'remission' },
      };
      given(patientDecider, [enrolled(), conditionRecorded('E11.9'), resolved])
        .when(record())
        .then([expect.objectContaining({ type: 'ChronicConditionRecorded' })]);
    });

    it('refuses an onset in the future', () =>
      given(patientDecider, [enrolled()])
        .when(record({ onset: '2026-04-01' }))
        .thenThrows('BAD_USER_INPUT', /onset/));
    it('answers NOT_FOUND for an unknown patient', () => given(patientDecider).when(record()).thenThrows('NOT_FOUND'));
    it("answers NOT_FOUND for another practice's patient", () =>
      given(patientDecider, [otherPracticesPatient])
        .when(record())
        .thenThrows('NOT_FOUND', /^Patient not found$/));
  });

  describe('ResolveChronicCondition', () => {
    const resolve = (overrides: Record<string, unknown> = {}) =>
      patientCommand('ResolveChronicCondition', { icd10: 'E11.9', reason: 'Remission after bariatric surgery', ...overrides });
    const history = [enrolled(), conditionRecorded('E11.9', { onset: '2019-01-01' })];

    it('resolves an active condition today by default', () =>
      given(patientDecider, history)
        .when(resolve())
        .then([
          {
            type: 'ChronicConditionResolved',
            data: { ...ids, icd10: 'E11.9', resolvedOn: '2026-03-15', reason: 'Remission after bariatric surgery' },
          },
        ]));

    it('resolves on a past date', () =>
      given(patientDecider, history)
        .when(resolve({ resolvedOn: '2026-02-01' }))
        .then([expect.objectContaining({ data: expect.objectContaining({ resolvedOn: '2026-02-01' }) })]));

    it('answers NOT_FOUND for a condition never recorded', () =>
      given(patientDecider, history)
        .when(resolve({ icd10: 'I10' }))
        .thenThrows('NOT_FOUND', /I10/));

    it('refuses a condition already resolved', () => {
      const resolved: ChronicConditionResolved = {
        type: 'ChronicConditionResolved',
        data: { ...ids, icd10: 'E11.9', resolvedOn: '2026-03-05', reason: 'remission' },
      };
      given(patientDecider, [...history, resolved])
        .when(resolve())
        .thenThrows('PRECONDITION_FAILED', /already resolved/);
    });

    it('refuses a resolution before the onset', () =>
      given(patientDecider, history)
        .when(resolve({ resolvedOn: '2018-12-31' }))
        .thenThrows('BAD_USER_INPUT', /resolvedOn/));
    it('refuses a resolution in the future', () =>
      given(patientDecider, history)
        .when(resolve({ resolvedOn: '2026-03-20' }))
        .thenThrows('BAD_USER_INPUT', /resolvedOn/));
    it('answers NOT_FOUND for an unknown patient', () => given(patientDecider).when(resolve()).thenThrows('NOT_FOUND'));
  });

  describe('RecordInitiatingVisit', () => {
    const visit = (overrides: Record<string, unknown> = {}) =>
      patientCommand('RecordInitiatingVisit', { visitDate: '2026-02-20', practitionerId: 'dr-a', kind: 'AWV' as const, ...overrides });

    it('records the visit with the practitioner as registered', () =>
      given(patientDecider, [enrolled()])
        .when(visit())
        .then([
          {
            type: 'InitiatingVisitRecorded',
            data: { ...ids, visitDate: '2026-02-20', practitioner: snapshot(STAFF.drA), kind: 'AWV' },
          },
        ]));

    it('records a past visit by a practitioner who has since left', () =>
      given(patientDecider, [enrolled()])
        .when(visit({ practitionerId: 'dr-gone' }))
        .then([expect.objectContaining({ type: 'InitiatingVisitRecorded' })]));

    it('refuses a visit by a nurse (an initiating visit is a practitioner visit)', () =>
      given(patientDecider, [enrolled()])
        .when(visit({ practitionerId: 'rn-b' }))
        .thenThrows('PRECONDITION_FAILED', /practitioner/));
    it('refuses an unregistered practitioner', () =>
      given(patientDecider, [enrolled()])
        .when(visit({ practitionerId: 'dr-x' }))
        .thenThrows('PRECONDITION_FAILED', /not a staff member/));
    it('refuses a visit in the future', () =>
      given(patientDecider, [enrolled()])
        .when(visit({ visitDate: '2026-03-17' }))
        .thenThrows('BAD_USER_INPUT', /visitDate/));
    it('answers NOT_FOUND for an unknown patient', () => given(patientDecider).when(visit()).thenThrows('NOT_FOUND'));
  });

  describe('RecordExternalService', () => {
    const service = (overrides: Record<string, unknown> = {}) =>
      patientCommand('RecordExternalService', { serviceDate: '2026-03-05', cptCode: '99495', billedByNpi: '1234567893', minutes: null, ...overrides });

    it("records a service and whether the patient's billing practitioner billed it", () =>
      given(patientDecider, [enrolled()])
        .when(service())
        .then([
          {
            type: 'ExternalServiceRecorded',
            data: { ...ids, serviceDate: '2026-03-05', cptCode: '99495', billedByNpi: '1234567893', billedByBillingPractitioner: true, minutes: null },
          },
        ]));

    it('records CCM billed by an outside practice', () =>
      given(patientDecider, [enrolled()])
        .when(service({ cptCode: '99490', billedByNpi: '1666666668', minutes: 25 }))
        .then([
          expect.objectContaining({
            data: expect.objectContaining({ billedByBillingPractitioner: false, minutes: 25 }),
          }),
        ]));

    it('records when an inpatient stay began and ended, so its minutes are set apart from care management (ccm-rules.md §1)', () =>
      given(patientDecider, [enrolled()])
        .when(service({ cptCode: '99223', startedAt: '2026-03-05T18:00:00-05:00', endedAt: '2026-03-09T11:00:00-04:00' }))
        .then([expect.objectContaining({ data: expect.objectContaining({ startedAt: '2026-03-05T18:00:00-05:00', endedAt: '2026-03-09T11:00:00-04:00' }) })]));

    it.each([
      ['a start on another day than serviceDate', { startedAt: '2026-03-06T10:00:00-05:00' }, /startedAt/],
      ['an end before the start', { startedAt: '2026-03-05T10:00:00-05:00', endedAt: '2026-03-05T09:00:00-05:00' }, /endedAt/],
      ['an end without a start', { endedAt: '2026-03-05T09:00:00-05:00' }, /endedAt/],
    ])('refuses %s', (_label, span, message) => given(patientDecider, [enrolled()]).when(service(span)).thenThrows('BAD_USER_INPUT', message));

    it('refuses a service date in the future', () =>
      given(patientDecider, [enrolled()])
        .when(service({ serviceDate: '2026-04-01' }))
        .thenThrows('BAD_USER_INPUT', /serviceDate/));
    it('answers NOT_FOUND for an unknown patient', () => given(patientDecider).when(service()).thenThrows('NOT_FOUND'));
  });

  describe('valid time of the events', () => {
    it('dated facts happened at the start of their day in the practice zone', () => {
      expect(patientFactValidTime(enrolled({ enrolledOn: '2026-03-01' }), 'America/New_York')?.toISOString()).toBe('2026-03-01T05:00:00.000Z');
    });

    it('a recorded condition happened when the command was issued', () => {
      expect(patientFactValidTime(conditionRecorded('I10'), 'America/New_York')).toBeNull();
    });
  });
});
