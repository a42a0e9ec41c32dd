import type { Command, Decider } from '../kernel/decider';
import { DomainError, badInput, notFound, preconditionFailed } from '../kernel/domain-error';
import type { PracticeConfigured, PracticeEvent, StaffMemberDeactivated, StaffMemberRegistered } from './practice.events';
import { isPractitioner, type StaffCredential } from './staff-credential';

export interface StaffMemberState {
  staffId: string;
  name: string;
  credential: StaffCredential;
  npi: string | null;
  active: boolean;
}

export interface PracticeState {
  settings: PracticeConfigured['data'] | null;
  staff: Map<string, StaffMemberState>;
}

export type ConfigurePractice = Command<'ConfigurePractice', PracticeConfigured['data']>;
export type RegisterStaffMember = Command<'RegisterStaffMember', Omit<StaffMemberRegistered['data'], never>>;
export type DeactivateStaffMember = Command<'DeactivateStaffMember', StaffMemberDeactivated['data']>;
export type PracticeCommand = ConfigurePractice | RegisterStaffMember | DeactivateStaffMember;

const sameSettings = (a: PracticeConfigured['data'], b: PracticeConfigured['data']) =>
  a.name === b.name &&
  a.timeZone === b.timeZone &&
  a.npi === b.npi &&
  a.taxId === b.taxId &&
  (a.placeOfService ?? null) === (b.placeOfService ?? null) &&
  (a.apcmBehaviouralHealth ?? null) === (b.apcmBehaviouralHealth ?? null) &&
  (a.consentRenewalMonths ?? null) === (b.consentRenewalMonths ?? null);

export const practiceDecider: Decider<PracticeCommand, PracticeEvent, PracticeState> = {
  initialState: () => ({ settings: null, staff: new Map() }),

  decide(command, state) {
    switch (command.type) {
      case 'ConfigurePractice':
        // Re-sending identical settings records nothing new.
        if (state.settings && sameSettings(state.settings, command.data)) return [];
        return [{ type: 'PracticeConfigured', data: command.data }];

      case 'RegisterStaffMember': {
        if (!state.settings) throw preconditionFailed('PRACTICE_NOT_CONFIGURED', 'Configure the practice before registering staff');
        const { credential, npi, staffId } = command.data;
        if (isPractitioner(credential) && !npi) throw badInput('npi', `is required for credential ${credential}`);
        if (state.staff.has(staffId)) throw preconditionFailed('STAFF_ALREADY_REGISTERED', `Staff member ${staffId} is already registered`);
        return [{ type: 'StaffMemberRegistered', data: command.data }];
      }

      case 'DeactivateStaffMember': {
        const member = state.staff.get(command.data.staffId);
        if (!member) throw notFound(`Staff member ${command.data.staffId}`);
        if (!member.active) return [];
        return [{ type: 'StaffMemberDeactivated', data: command.data }];
      }
      default:
        throw new DomainError('BAD_USER_INPUT', 'Unknown practice command');
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'PracticeConfigured':
        return { ...state, settings: event.data };
      case 'StaffMemberRegistered': {
        const staff = new Map(state.staff);
        const { staffId, name, credential, npi } = event.data;
        staff.set(staffId, { staffId, name, credential, npi, active: true });
        return { ...state, staff };
      }
      case 'StaffMemberDeactivated': {
        const member = state.staff.get(event.data.staffId);
        if (!member) return state;
        const staff = new Map(state.staff);
        staff.set(member.staffId, { ...member, active: false });
        return { ...state, staff };
      }
      default:
        return state;
    }
  },
};
