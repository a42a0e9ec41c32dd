import { DomainError, badInput, notFound, preconditionFailed } from '../kernel/domain-error';
import { requireEnrolledPatient, type PatientCommand, type PatientDecider, type ValidTimeOf } from '../patient-stream/patient-command';
import { evolvePatientRecord, initialPatientRecord } from '../patient-stream/patient-record';
import { requireAuthor, requireStaff } from '../patient-stream/practice-context';
import { assertAcceptedInstant } from '../patient-stream/valid-time';
import { STAFF_ONLY_ROLES, type CareTeamEvent } from './care-team.events';
import type { AddCareTeamMemberInput, AssignCareManagerInput, RemoveCareTeamMemberInput } from './care-team.inputs';
import { currentCareManager, currentMembers } from './care-team.state';

type DataOf<Input> = Omit<Input, 'commandId'>;

export type AssignCareManager = PatientCommand<'AssignCareManager', DataOf<AssignCareManagerInput>>;
export type AddCareTeamMember = PatientCommand<'AddCareTeamMember', DataOf<AddCareTeamMemberInput>>;
export type RemoveCareTeamMember = PatientCommand<'RemoveCareTeamMember', DataOf<RemoveCareTeamMemberInput>>;
export type CareTeamCommand = AssignCareManager | AddCareTeamMember | RemoveCareTeamMember;

/** The dedicated care manager and the care team of a patient (issue 14). */
export const careTeamDecider: PatientDecider<CareTeamCommand> = {
  initialState: initialPatientRecord,
  evolve: evolvePatientRecord,

  decide(command, state): CareTeamEvent[] {
    const { practice, metadata } = command;
    const { patientId, practiceId } = command.data;
    requireAuthor(command);
    requireEnrolledPatient(state, practiceId);
    const now = metadata.now.toISOString();

    switch (command.type) {
      case 'AssignCareManager': {
        const effectiveAt = command.data.effectiveAt ?? now;
        assertAcceptedInstant('effectiveAt', effectiveAt, metadata.now);
        // The point of contact must be someone who can do the clinical work, and still works for the practice.
        const careManager = requireStaff(practice, command.data.staffId, 'staffId', { clinical: true });
        const current = currentCareManager(state.careTeam);
        if (current?.careManager.staffId === careManager.staffId) return [];
        if (current && Date.parse(effectiveAt) < Date.parse(current.from)) {
          throw badInput('effectiveAt', `must not be before the current care manager's assignment (${current.from})`);
        }
        return [
          {
            type: 'CareManagerAssigned',
            data: { patientId, practiceId, careManager, previousCareManagerId: current?.careManager.staffId ?? null, effectiveAt },
          },
        ];
      }

      case 'AddCareTeamMember': {
        const { memberId, role, staffId, name, organization, phone } = command.data;
        if (state.careTeam.members.some((member) => member.memberId === memberId)) {
          throw preconditionFailed('CARE_TEAM_MEMBER_ID_IN_USE', `memberId ${memberId} already names a member of this care team`);
        }
        if (!staffId && STAFF_ONLY_ROLES.has(role)) throw badInput('staffId', `is required for role ${role} (a member of the practice's staff)`);
        const staff = staffId ? requireStaff(practice, staffId, 'staffId', { clinical: true }) : null;
        if (staff && currentMembers(state.careTeam).some((member) => member.staff?.staffId === staff.staffId && member.role === role)) {
          throw preconditionFailed('CARE_TEAM_MEMBER_ID_IN_USE', `${staff.staffId} is already on this care team as ${role}`);
        }
        return [
          {
            type: 'CareTeamMemberAdded',
            // The registry's name for staff, so the team shows the person the practice registered.
            data: {
              patientId,
              practiceId,
              memberId,
              role,
              staff,
              name: staff?.name ?? name,
              organization: organization ?? null,
              phone: phone ?? null,
              since: now,
            },
          },
        ];
      }

      case 'RemoveCareTeamMember': {
        const { memberId, reason } = command.data;
        if (!currentMembers(state.careTeam).some((member) => member.memberId === memberId)) throw notFound(`Care team member ${memberId}`);
        return [{ type: 'CareTeamMemberRemoved', data: { patientId, practiceId, memberId, reason, removedAt: now, removedBy: metadata.actorId } }];
      }

      default:
        throw new DomainError('BAD_USER_INPUT', 'Unknown care team command');
    }
  },
};

export const careTeamValidTime: ValidTimeOf = (event) => (event.type === 'CareManagerAssigned' ? new Date(event.data.effectiveAt) : null);
