import { conditionRecorded, enrolled } from '../../../test/support/care-record-events';
import { evolveBillingPatient, enrolledPatient, type BillingPatient } from './billing-patient';
import { claimDiagnoses, patientMonthFacts } from './patient-month-facts';
import type { BehaviouralHealthModel } from '../rules';
import { ruleSet } from '../rules';

const withConditions = (...events: ReturnType<typeof conditionRecorded>[]): BillingPatient =>
  events.reduce((patient, event) => evolveBillingPatient(patient, event, '2026-03'), enrolledPatient(enrolled()));

describe('claim diagnoses', () => {
  const rules = ruleSet(2026);

  it('names the qualifying conditions of the month in the order recorded, at most four', () => {
    const patient = withConditions(
      conditionRecorded('E11.9'),
      conditionRecorded('I10'),
      conditionRecorded('J44.9'),
      conditionRecorded('N18.3'),
      conditionRecorded('I50.9'),
    );
    expect(claimDiagnoses(patient, '2026-03', rules)).toEqual(['E11.9', 'I10', 'J44.9', 'N18.3']);
  });

  it('leaves out conditions that do not qualify or are not active during the month', () => {
    const patient = withConditions(
      conditionRecorded('E11.9'),
      conditionRecorded('J06.9', { expectedDurationMonths: 1 }),
      conditionRecorded('M54.5', { placesAtSignificantRisk: false }),
      conditionRecorded('I10', { onset: '2026-04-02' }),
    );
    const resolved = evolveBillingPatient(
      patient,
      {
        type: 'ChronicConditionResolved',
        data: { patientId: patient.patientId, practiceId: 'p1', icd10: 'E11.9', resolvedOn: '2026-02-27', reason: 'remission' },
      },
      '2026-02',
    );
    expect(claimDiagnoses(patient, '2026-03', rules)).toEqual(['E11.9']);
    expect(claimDiagnoses(resolved, '2026-03', rules)).toEqual([]);
    expect(claimDiagnoses(resolved, '2026-02', rules)).toEqual(['E11.9']);
  });

  it('PCM needs only three months of expected duration', () => {
    const patient = { ...withConditions(conditionRecorded('I50.9', { expectedDurationMonths: 4 })), program: 'PCM' as const };
    expect(claimDiagnoses(patient, '2026-03', rules)).toEqual(['I50.9']);
  });
});

describe('behavioural health integration under APCM (policies.ts; ccm-rules.md §1 G0568–G0570)', () => {
  const apcmPatient = (...events: ReturnType<typeof conditionRecorded>[]): BillingPatient =>
    events.reduce((patient, event) => evolveBillingPatient(patient, event, '2026-03'), enrolledPatient(enrolled({ program: 'APCM' })));
  const integration = (patient: BillingPatient, month: string, model: BehaviouralHealthModel | null = 'COLLABORATIVE_CARE') =>
    patientMonthFacts({ patient, month, timeZone: 'America/New_York', apcmBehaviouralHealth: model, timeEntries: [], closedAt: null, amendedAfterClose: false })
      .behaviouralHealth;
  const depression = conditionRecorded('F33.1', { onset: '2026-04-10', recordedOn: '2026-04-12' });

  it.each([
    {
      row: 'first month a behavioural-health diagnosis (F33.1) is active: the first month of integration',
      month: '2026-04',
      expected: { model: 'COLLABORATIVE_CARE', firstMonth: true },
    },
    { row: 'a later month', month: '2026-06', expected: { model: 'COLLABORATIVE_CARE', firstMonth: false } },
    { row: 'before the diagnosis: no integration', month: '2026-03', expected: null },
  ])('$row', ({ month, expected }) => {
    expect(integration(apcmPatient(conditionRecorded('E11.9'), depression), month)).toEqual(expected);
  });

  it('a diagnosis older than the enrolment starts integration in the month of enrolment', () => {
    const patient = apcmPatient(conditionRecorded('F41.1', { onset: '2020-02-01' }));
    expect(integration(patient, '2026-03')).toEqual({ model: 'COLLABORATIVE_CARE', firstMonth: true });
    expect(integration(patient, '2026-04')).toEqual({ model: 'COLLABORATIVE_CARE', firstMonth: false });
  });

  it('none without a behavioural-health diagnosis, when the practice provides none, or outside APCM', () => {
    expect(integration(apcmPatient(conditionRecorded('E11.9'), conditionRecorded('I10')), '2026-04')).toBeNull();
    expect(integration(apcmPatient(depression), '2026-04', null)).toBeNull();
    const ccmPatient = { ...apcmPatient(depression), program: 'CCM' as const };
    expect(integration(ccmPatient, '2026-04')).toBeNull();
  });

  it('a resolved diagnosis ends it', () => {
    const patient = evolveBillingPatient(
      apcmPatient(depression),
      { type: 'ChronicConditionResolved', data: { patientId: 'x', practiceId: 'p1', icd10: 'F33.1', resolvedOn: '2026-05-20', reason: 'remission' } },
      '2026-05',
    );
    expect(integration(patient, '2026-05', 'GENERAL_BHI')).toEqual({ model: 'GENERAL_BHI', firstMonth: false });
    expect(integration(patient, '2026-06', 'GENERAL_BHI')).toBeNull();
  });
});
