import { Args, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { PracticeActor } from '../auth/actor';
import { CurrentPracticeActor, Roles } from '../auth/auth.guard';
import { CorrelationId } from '../graphql/request-context';
import { ADMINISTRATIVE_AUTHORS } from '../patient-stream/care-record-roles';
import { PatientCommands } from '../patient-stream/patient-commands';
import { patientOf } from '../patients/patient.resolver';
import type { PatientView } from '../patients/patient.view';
import { PracticeRepository } from '../practice/practice.repository';
import { AddCareTeamMemberInput, AssignCareManagerInput, RemoveCareTeamMemberInput } from './care-team.inputs';
import { currentCareManager, currentMembers } from './care-team.state';
import { careManagerPeriodView, careTeamMemberView, staffMemberView } from './care-team.view';

const withCanonicalMemberId = <Input extends { memberId: string }>(input: Input): Input => ({ ...input, memberId: input.memberId.toLowerCase() });

/** Who may assign a patient's dedicated care manager: the practice's management and its practitioners. */
export const CARE_MANAGER_ASSIGNERS = ['ADMIN', 'PRACTITIONER'] as const;

@Resolver()
export class CareTeamResolver {
  constructor(private readonly patientCommands: PatientCommands) {}

  @Mutation('assignCareManager')
  @Roles(...CARE_MANAGER_ASSIGNERS)
  async assignCareManager(@Args('input') input: AssignCareManagerInput, @CurrentPracticeActor() actor: PracticeActor, @CorrelationId() correlationId?: string) {
    return patientOf(await this.patientCommands.execute('AssignCareManager', input, actor, correlationId));
  }

  @Mutation('addCareTeamMember')
  @Roles(...ADMINISTRATIVE_AUTHORS)
  async addCareTeamMember(@Args('input') input: AddCareTeamMemberInput, @CurrentPracticeActor() actor: PracticeActor, @CorrelationId() correlationId?: string) {
    return patientOf(await this.patientCommands.execute('AddCareTeamMember', withCanonicalMemberId(input), actor, correlationId));
  }

  @Mutation('removeCareTeamMember')
  @Roles(...ADMINISTRATIVE_AUTHORS)
  async removeCareTeamMember(
    @Args('input') input: RemoveCareTeamMemberInput,
    @CurrentPracticeActor() actor: PracticeActor,
    @CorrelationId() correlationId?: string,
  ) {
    return patientOf(await this.patientCommands.execute('RemoveCareTeamMember', withCanonicalMemberId(input), actor, correlationId));
  }
}

/** The care team fields of `Patient`, read from the record the parent was mapped from (also "as of" an instant). */
@Resolver('Patient')
export class CareTeamFieldsResolver {
  constructor(private readonly practices: PracticeRepository) {}

  private active(practiceId: string, staffId: string): boolean {
    return this.practices.staffMember(practiceId, staffId)?.active ?? false;
  }

  @ResolveField('careManager')
  careManager(@Parent() patient: PatientView) {
    const current = currentCareManager(patient.record.careTeam);
    return current ? staffMemberView(current.careManager, this.active(patient.practiceId, current.careManager.staffId)) : null;
  }

  @ResolveField('careManagerHistory')
  careManagerHistory(@Parent() patient: PatientView) {
    return patient.record.careTeam.careManagers.map((period) => careManagerPeriodView(period, this.active(patient.practiceId, period.careManager.staffId)));
  }

  @ResolveField('careTeam')
  careTeam(@Parent() patient: PatientView) {
    return currentMembers(patient.record.careTeam).map(careTeamMemberView);
  }
}
