import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { PRACTICE_ROLES, type Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.guard';
import { CorrelationId } from '../graphql/request-context';
import { notFound } from '../kernel/domain-error';
import { ConfigurePracticeCommand, DeactivateStaffMemberCommand, RegisterStaffMemberCommand } from './practice.commands';
import { ConfigurePracticeInput, DeactivateStaffMemberInput, RegisterStaffMemberInput } from './practice.inputs';
import { PracticeRepository } from './practice.repository';

@Resolver()
export class PracticeResolver {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly practices: PracticeRepository,
  ) {}

  @Query('practice')
  @Roles(...PRACTICE_ROLES)
  practice(@CurrentActor() actor: Actor) {
    const practice = this.practices.practice(actor.practiceId!);
    if (!practice) throw notFound('Practice (configure it first)');
    return practice;
  }

  @Query('staffMembers')
  @Roles(...PRACTICE_ROLES)
  staffMembers(@CurrentActor() actor: Actor) {
    return this.practices.staffMembers(actor.practiceId!);
  }

  @Mutation('configurePractice')
  @Roles('ADMIN')
  async configurePractice(@Args('input') input: ConfigurePracticeInput, @CurrentActor() actor: Actor, @CorrelationId() correlationId?: string) {
    await this.commandBus.execute(new ConfigurePracticeCommand(input, actor, correlationId));
    return this.practice(actor);
  }

  @Mutation('registerStaffMember')
  @Roles('ADMIN')
  async registerStaffMember(@Args('input') input: RegisterStaffMemberInput, @CurrentActor() actor: Actor, @CorrelationId() correlationId?: string) {
    await this.commandBus.execute(new RegisterStaffMemberCommand(input, actor, correlationId));
    return this.practices.staffMember(actor.practiceId!, input.staffId);
  }

  @Mutation('deactivateStaffMember')
  @Roles('ADMIN')
  async deactivateStaffMember(@Args('input') input: DeactivateStaffMemberInput, @CurrentActor() actor: Actor, @CorrelationId() correlationId?: string) {
    await this.commandBus.execute(new DeactivateStaffMemberCommand(input, actor, correlationId));
    return this.practices.staffMember(actor.practiceId!, input.staffId);
  }
}
