import { conditionRecorded, enrolled } from '../../../test/support/care-record-events';
import { evolveBillingPatient, enrolledPatient, type BillingPatient } from './billing-patient';
import { claimDiagnoses } from './patient-month-facts';
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
    const resolved = evolveBillingPatient(patient, { type: 'ChronicConditionResolved', data: { patientId: patient.patientId, practiceId: 'p1', icd10: 'E11.9', resolvedOn: '2026-02-27', reason: 'remission' } }, '2026-02');
    expect(claimDiagnoses(patient, '2026-03', rules)).toEqual(['E11.9']);
    expect(claimDiagnoses(resolved, '2026-03', rules)).toEqual([]);
    expect(claimDiagnoses(resolved, '2026-02', rules)).toEqual(['E11.9']);
  });

  it('PCM needs only three months of expected duration', () => {
    const patient = { ...withConditions(conditionRecorded('I50.9', { expectedDurationMonths: 4 })), program: 'PCM' as const };
    expect(claimDiagnoses(patient, '2026-03', rules)).toEqual(['I50.9']);
  });
});
