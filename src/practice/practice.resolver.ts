import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { PRACTICE_ROLES, type PracticeActor } from '../auth/actor';
import { CurrentPracticeActor, Roles } from '../auth/auth.guard';
import { CommandService } from '../command-pipeline/command.service';
import { CorrelationId } from '../graphql/request-context';
import { notFound } from '../kernel/domain-error';
import { practiceStream } from './practice.events';
import { ConfigurePracticeInput, DeactivateStaffMemberInput, RegisterStaffMemberInput } from './practice.inputs';
import { PracticeRepository } from './practice.repository';

/**
 * Practice commands run on `practice-<id>` of the caller's own practice (from the token): an ADMIN configures the
 * practice it acts for, never another.
 */
@Resolver()
export class PracticeResolver {
  constructor(
    private readonly commands: CommandService,
    private readonly practices: PracticeRepository,
  ) {}

  @Query('practice')
  @Roles(...PRACTICE_ROLES)
  practice(@CurrentPracticeActor() actor: PracticeActor) {
    const practice = this.practices.practice(actor.practiceId);
    if (!practice) throw notFound('Practice (configure it first)');
    return practice;
  }

  @Query('staffMembers')
  @Roles(...PRACTICE_ROLES)
  staffMembers(@CurrentPracticeActor() actor: PracticeActor) {
    return this.practices.staffMembers(actor.practiceId);
  }

  @Mutation('configurePractice')
  @Roles('ADMIN')
  async configurePractice(@Args('input') input: ConfigurePracticeInput, @CurrentPracticeActor() actor: PracticeActor, @CorrelationId() correlationId?: string) {
    const { practiceId } = actor;
    const { commandId, name, timeZone, npi, taxId, placeOfService, apcmBehaviouralHealth, consentRenewalMonths } = input;
    // Settings added later enter the command only when given, so earlier commands keep their idempotency hash.
    const later = {
      ...(placeOfService ? { placeOfService } : {}),
      ...(apcmBehaviouralHealth ? { apcmBehaviouralHealth } : {}),
      ...(consentRenewalMonths ? { consentRenewalMonths } : {}),
    };
    await this.commands.execute('ConfigurePractice', {
      stream: practiceStream(practiceId),
      command: { data: { practiceId, name, timeZone, npi: npi ?? null, taxId: taxId ?? null, ...later } },
      caller: { actor, commandId, correlationId },
    });
    return this.practice(actor);
  }

  @Mutation('registerStaffMember')
  @Roles('ADMIN')
  async registerStaffMember(
    @Args('input') input: RegisterStaffMemberInput,
    @CurrentPracticeActor() actor: PracticeActor,
    @CorrelationId() correlationId?: string,
  ) {
    const { practiceId } = actor;
    const { commandId, staffId, name, credential, npi } = input;
    await this.commands.execute('RegisterStaffMember', {
      stream: practiceStream(practiceId),
      command: { data: { practiceId, staffId, name, credential, npi: npi ?? null } },
      caller: { actor, commandId, correlationId },
    });
    return this.practices.staffMember(practiceId, staffId);
  }

  @Mutation('deactivateStaffMember')
  @Roles('ADMIN')
  async deactivateStaffMember(
    @Args('input') input: DeactivateStaffMemberInput,
    @CurrentPracticeActor() actor: PracticeActor,
    @CorrelationId() correlationId?: string,
  ) {
    const { practiceId } = actor;
    const { commandId, staffId, reason } = input;
    await this.commands.execute('DeactivateStaffMember', {
      stream: practiceStream(practiceId),
      command: { data: { practiceId, staffId, reason } },
      caller: { actor, commandId, correlationId },
    });
    return this.practices.staffMember(practiceId, staffId);
  }
}
