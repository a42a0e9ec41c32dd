import { testMetadata } from '../../test/support/decider-specification';
import { testPractice } from '../../test/support/care-record-events';
import { DomainError } from '../kernel/domain-error';
import { requireAuthor } from './practice-context';

/** Issue #12 item 5: the token's subject must be an active registered staff member; ADMIN keeps administrative writes. */
describe('requireAuthor: who may write to the care record', () => {
  const refusal = (type: string, actorId: string, actorRoles: string[]) => {
    try {
      requireAuthor({ type, practice: testPractice(), metadata: testMetadata({ actorId, actorRoles }) });
      return 'OK';
    } catch (error) {
      return `${(error as DomainError).code} ${(error as DomainError).details?.reason}`;
    }
  };

  it.each([
    ['LogCall', 'rn-b', ['CARE_MANAGER'], 'OK'],
    ['GiveConsent', 'dr-a', ['PRACTITIONER'], 'OK'],
    ['LogCall', 'rn-nobody', ['CARE_MANAGER'], 'PRECONDITION_FAILED AUTHOR_NOT_REGISTERED'],
    ['LogCall', 'dr-gone', ['PRACTITIONER'], 'PRECONDITION_FAILED AUTHOR_INACTIVE'],
    ['RecordChronicCondition', 'admin-1', ['ADMIN', 'CARE_MANAGER'], 'PRECONDITION_FAILED AUTHOR_NOT_REGISTERED'],
    ['EnrollPatient', 'admin-1', ['ADMIN'], 'OK'],
    ['RecordInitiatingVisit', 'admin-1', ['ADMIN'], 'OK'],
    ['EnrollPatient', 'rn-nobody', ['CARE_MANAGER'], 'PRECONDITION_FAILED AUTHOR_NOT_REGISTERED'],
    ['ChangeBillingPractitioner', 'dr-gone', ['PRACTITIONER'], 'PRECONDITION_FAILED AUTHOR_INACTIVE'],
  ])('%s by %s %j: %s', (type, actorId, roles, expected) => expect(refusal(type, actorId, roles)).toBe(expected));
});
