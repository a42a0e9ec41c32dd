import { callLogged, carePlanCreated, conditionRecorded, consentGiven, enrolled } from '../../test/support/care-record-events';
import { fold } from '../kernel/decider';
import type { PatientEvent } from './patient-event';
import { evolvePatientRecord, initialPatientRecord } from './patient-record';

const decider = { initialState: initialPatientRecord, evolve: evolvePatientRecord };
const history: PatientEvent[] = [enrolled(), conditionRecorded('E11.9'), conditionRecorded('I10'), consentGiven(), carePlanCreated(), callLogged()];

describe('PatientRecord', () => {
  it('is plain JSON: the copy the read model stores equals the fold exactly (no Dates, Maps or undefined)', () => {
    const record = fold(decider, history);
    expect(JSON.parse(JSON.stringify(record))).toStrictEqual(record);
  });

  it('composes every slice: enrolment, conditions, consent, care plan, activities', () => {
    const record = fold(decider, history);
    expect(record.enrollment?.patientId).toBe(enrolled().data.patientId);
    expect(record.conditions.map((condition) => condition.icd10)).toEqual(['E11.9', 'I10']);
    expect(record.consents).toHaveLength(1);
    expect(record.carePlan?.version).toBe(1);
    expect(record.activities.map((activity) => activity.id)).toEqual([callLogged().data.activityId]);
  });

  it('ignores events of other streams, returning the same state', () => {
    const record = fold(decider, history);
    expect(evolvePatientRecord(record, { type: 'StaffMemberRegistered', data: {} } as unknown as PatientEvent)).toBe(record);
  });
});
