import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.guard';
import { CorrelationId } from '../graphql/request-context';
import { CLINICAL_AUTHORS } from '../patient-stream/care-record-roles';
import { patientOf } from '../patients/patient.resolver';
import { GiveConsentCommand, RevokeConsentCommand } from './consent.commands';
import { GiveConsentInput, RevokeConsentInput } from './consent.inputs';

@Resolver()
export class ConsentResolver {
  constructor(private readonly commandBus: CommandBus) {}

  @Mutation('giveConsent')
  @Roles(...CLINICAL_AUTHORS)
  async giveConsent(@Args('input') input: GiveConsentInput, @CurrentActor() actor: Actor, @CorrelationId() correlationId?: string) {
    return patientOf(await this.commandBus.execute(new GiveConsentCommand(input, actor, correlationId)));
  }

  @Mutation('revokeConsent')
  @Roles(...CLINICAL_AUTHORS)
  async revokeConsent(@Args('input') input: RevokeConsentInput, @CurrentActor() actor: Actor, @CorrelationId() correlationId?: string) {
    return patientOf(await this.commandBus.execute(new RevokeConsentCommand(input, actor, correlationId)));
  }
}
