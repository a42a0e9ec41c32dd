import { given, testMetadata } from '../../../test/support/decider-specification';
import { beneficiaryDecider, type ReserveBeneficiary } from './beneficiary.decider';
import type { BeneficiaryReleased, BeneficiaryReserved } from './beneficiary.events';

const MBI = '1EG4TE5MK73';
const reserve = (patientId: string, enrolledAs: string | null = null): ReserveBeneficiary => ({
  type: 'ReserveBeneficiary',
  data: { practiceId: 'p1', medicareId: MBI, patientId },
  enrolledAs,
  metadata: testMetadata(),
});
const reserved = (patientId: string): BeneficiaryReserved => ({ type: 'BeneficiaryReserved', data: { practiceId: 'p1', medicareId: MBI, patientId } });

describe('beneficiary registry decider (issue #12 item 8: one beneficiary, one record per practice)', () => {
  it('reserves a free MBI for the patient being enrolled', () =>
    given(beneficiaryDecider)
      .when(reserve('patient-a'))
      .then([reserved('patient-a')]));
  it('refuses the MBI for a second record, naming the record that holds it', () =>
    given(beneficiaryDecider, [reserved('patient-a')])
      .when(reserve('patient-b'))
      .thenThrows('PRECONDITION_FAILED', /already enrolled in this practice as patient patient-a/));
  it('refuses an MBI the read model shows on a record enrolled before the registry existed', () =>
    given(beneficiaryDecider)
      .when(reserve('patient-b', 'legacy-a'))
      .thenThrows('PRECONDITION_FAILED', /as patient legacy-a/));
  it('reserving again for the same record changes nothing (a retried enrolment)', () =>
    given(beneficiaryDecider, [reserved('patient-a')])
      .when(reserve('patient-a'))
      .thenNothingHappens());
  it('keeps other MBIs apart', () => {
    const other: BeneficiaryReserved = { type: 'BeneficiaryReserved', data: { practiceId: 'p1', medicareId: '2EG4TE5MK73', patientId: 'patient-z' } };
    given(beneficiaryDecider, [other])
      .when(reserve('patient-a'))
      .then([reserved('patient-a')]);
  });
  it('a record that takes another MBI releases the one it held; another record may then take it', () => {
    const OLD = '2EG4TE5MK73';
    const heldOld: BeneficiaryReserved = { type: 'BeneficiaryReserved', data: { practiceId: 'p1', medicareId: OLD, patientId: 'patient-a' } };
    const released: BeneficiaryReleased = { type: 'BeneficiaryReleased', data: { practiceId: 'p1', medicareId: OLD, patientId: 'patient-a' } };
    given(beneficiaryDecider, [heldOld])
      .when(reserve('patient-a'))
      .then([released, reserved('patient-a')]);
    const takeOld: ReserveBeneficiary = { ...reserve('patient-b'), data: { practiceId: 'p1', medicareId: OLD, patientId: 'patient-b' } };
    given(beneficiaryDecider, [heldOld, released, reserved('patient-a')])
      .when(takeOld)
      .then([{ type: 'BeneficiaryReserved', data: { practiceId: 'p1', medicareId: OLD, patientId: 'patient-b' } }]);
    given(beneficiaryDecider, [heldOld, released, reserved('patient-a')])
      .when(reserve('patient-b'))
      .thenThrows('PRECONDITION_FAILED', /as patient patient-a/);
  });
});
