import { given } from '../../test/support/decider-specification';
import { practiceDecider } from './practice.decider';
import type { PracticeConfigured, StaffMemberRegistered } from './practice.events';

const settings = { practiceId: 'p1', name: 'Maple Family Medicine', timeZone: 'America/New_York', npi: '1234567893', taxId: '12-3456789' };
const configured: PracticeConfigured = { type: 'PracticeConfigured', data: settings };
const drA: StaffMemberRegistered['data'] = { practiceId: 'p1', staffId: 'dr-a', name: 'Dr A', credential: 'MD', npi: '1234567893' };
const registered: StaffMemberRegistered = { type: 'StaffMemberRegistered', data: drA };

describe('practice decider', () => {
  describe('ConfigurePractice', () => {
    it('records the settings of a new practice', () => given(practiceDecider).when({ type: 'ConfigurePractice', data: settings }).then([configured]));

    it('records changed settings', () =>
      given(practiceDecider, [configured])
        .when({ type: 'ConfigurePractice', data: { ...settings, timeZone: 'America/Chicago' } })
        .then([{ type: 'PracticeConfigured', data: { ...settings, timeZone: 'America/Chicago' } }]));

    it('records nothing when the settings are unchanged', () =>
      given(practiceDecider, [configured]).when({ type: 'ConfigurePractice', data: settings }).thenNothingHappens());

    it('records a place of service or a behavioural health model given later, and nothing when they are given again', () => {
      const later = { ...settings, placeOfService: '22', apcmBehaviouralHealth: 'GENERAL_BHI' as const };
      given(practiceDecider, [configured])
        .when({ type: 'ConfigurePractice', data: later })
        .then([{ type: 'PracticeConfigured', data: later }]);
      given(practiceDecider, [{ type: 'PracticeConfigured', data: later }])
        .when({ type: 'ConfigurePractice', data: later })
        .thenNothingHappens();
    });

    it('an event without the later settings equals settings that leave them unset', () =>
      given(practiceDecider, [configured])
        .when({ type: 'ConfigurePractice', data: { ...settings, placeOfService: null, apcmBehaviouralHealth: null } })
        .thenNothingHappens());
  });

  describe('RegisterStaffMember', () => {
    it('registers a practitioner with an NPI', () => given(practiceDecider, [configured]).when({ type: 'RegisterStaffMember', data: drA }).then([registered]));

    it('registers a nurse without an NPI', () => {
      const nurse = { practiceId: 'p1', staffId: 'rn-b', name: 'Nurse B', credential: 'RN' as const, npi: null };
      given(practiceDecider, [configured])
        .when({ type: 'RegisterStaffMember', data: nurse })
        .then([{ type: 'StaffMemberRegistered', data: nurse }]);
    });

    it('refuses a practitioner without an NPI (CMS: billing practitioners are identified by NPI)', () =>
      given(practiceDecider, [configured])
        .when({ type: 'RegisterStaffMember', data: { ...drA, npi: null } })
        .thenThrows('BAD_USER_INPUT', /npi/));

    it('refuses staff before the practice is configured', () =>
      given(practiceDecider).when({ type: 'RegisterStaffMember', data: drA }).thenThrows('PRECONDITION_FAILED'));

    it('refuses registering the same staff id twice', () =>
      given(practiceDecider, [configured, registered])
        .when({ type: 'RegisterStaffMember', data: drA })
        .thenThrows('PRECONDITION_FAILED', /already registered/));
  });

  describe('DeactivateStaffMember', () => {
    const deactivate = { type: 'DeactivateStaffMember' as const, data: { practiceId: 'p1', staffId: 'dr-a', reason: 'left the practice' } };

    it('deactivates an active member', () =>
      given(practiceDecider, [configured, registered])
        .when(deactivate)
        .then([{ type: 'StaffMemberDeactivated', data: deactivate.data }]));

    it('does nothing for a member already inactive', () =>
      given(practiceDecider, [configured, registered, { type: 'StaffMemberDeactivated' as const, data: deactivate.data }])
        .when(deactivate)
        .thenNothingHappens());

    it('answers NOT_FOUND for an unknown member', () => given(practiceDecider, [configured]).when(deactivate).thenThrows('NOT_FOUND'));
  });
});
