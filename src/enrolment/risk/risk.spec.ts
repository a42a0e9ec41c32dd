import { externalService, medicationReconciled } from '../../../test/support/billing-care-events';
import { callLogged, conditionRecorded, enrolled, PATIENT_ID, PRACTICE_ID } from '../../../test/support/care-record-events';
import type { PatientEvent } from '../../patient-stream/patient-event';
import { evolvePatientRecord, initialPatientRecord } from '../../patient-stream/patient-record';
import type { EhrConditionImported } from '../enrolment.events';
import { assessRisk } from './risk';

const NOW = new Date('2026-03-20T12:00:00Z');
const record = (...events: PatientEvent[]) => events.reduce(evolvePatientRecord, initialPatientRecord());
const ehrCondition = (
  conditionId: string,
  icd10: string,
  clinicalStatus: EhrConditionImported['data']['clinicalStatus'] = 'active',
  chronicCategory: string | null = 'Diabetes',
): EhrConditionImported => ({
  type: 'EhrConditionImported',
  data: {
    patientId: PATIENT_ID,
    practiceId: PRACTICE_ID,
    conditionId,
    icd10,
    description: `EHR ${icd10}`,
    clinicalStatus,
    categories: ['problem-list-item'],
    onset: null,
    abatement: null,
    chronic: chronicCategory !== null,
    chronicCategory,
    provenance: { importId: 'i', importedBy: 'a', file: null, resourceType: 'Condition', resourceId: conditionId, line: null },
  },
});
const recentCall = callLogged({ startedAt: '2026-03-10T14:00:00.000Z' });

describe('risk stratification, rules risk-2026.1 (points per fact; MODERATE from 3, HIGH from 6)', () => {
  it.each<[string, PatientEvent[], 'LOW' | 'MODERATE' | 'HIGH', number]>([
    ['an enrolled patient with one chronic condition and a recent call', [enrolled(), conditionRecorded('I10'), recentCall], 'LOW', 1],
    ['two chronic conditions, one of the EHR', [enrolled(), conditionRecorded('I10'), recentCall, ehrCondition('c1', 'E11.9')], 'LOW', 2],
    ['a resolved EHR condition does not count', [enrolled(), conditionRecorded('I10'), recentCall, ehrCondition('c1', 'E11.9', 'resolved')], 'LOW', 1],
    ['heart failure is severe: 1 + 2', [enrolled(), conditionRecorded('I50.22'), recentCall], 'MODERATE', 3],
    [
      'a TCM service in the last 30 days adds 3',
      [enrolled(), conditionRecorded('I10'), recentCall, externalService(PATIENT_ID, { serviceDate: '2026-03-05', cptCode: '99495' })],
      'MODERATE',
      4,
    ],
    [
      'a TCM service 40 days ago does not',
      [
        enrolled({ enrolledOn: '2026-01-01' }),
        conditionRecorded('I10'),
        recentCall,
        externalService(PATIENT_ID, { serviceDate: '2026-02-08', cptCode: '99495' }),
      ],
      'LOW',
      1,
    ],
    [
      'no patient contact for 60 days or more adds 2 (enrolled 2026-01-01, no call)',
      [enrolled({ enrolledOn: '2026-01-01' }), conditionRecorded('I10')],
      'MODERATE',
      3,
    ],
    [
      'medication discrepancies add 1 each, at most 2',
      [enrolled(), recentCall, medicationReconciled(PATIENT_ID, { discrepancies: ['a', 'b', 'c'] })],
      'LOW',
      2,
    ],
    [
      'everything together',
      [
        enrolled({ enrolledOn: '2026-01-01' }),
        conditionRecorded('I50.22'),
        conditionRecorded('J44.9'),
        externalService(PATIENT_ID, { serviceDate: '2026-03-05', cptCode: '99496' }),
      ],
      'HIGH',
      11,
    ],
  ])('%s', (_case, events, level, points) => {
    const assessment = assessRisk(record(...events), NOW);
    expect({ level: assessment.level, points: assessment.points }).toEqual({ level, points });
    expect(assessment.reasons[0]).toMatch(new RegExp(`^${level} by risk-2026\\.1: ${points} point`));
  });

  it('names each fact behind the level in plain words', () => {
    const { reasons } = assessRisk(
      record(enrolled({ enrolledOn: '2026-01-01' }), conditionRecorded('I50.22', { description: 'Chronic systolic heart failure' })),
      NOW,
    );
    expect(reasons.slice(1)).toEqual([
      '1 chronic condition: I50.22 (+1)',
      'I50.22 (Chronic systolic heart failure) carries a high risk of decline (+2)',
      'no patient contact for 78 days (+2)',
    ]);
  });
});
