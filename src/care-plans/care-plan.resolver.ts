import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.guard';
import { CorrelationId } from '../graphql/request-context';
import { CLINICAL_AUTHORS } from '../patient-stream/care-record-roles';
import { patientOf } from '../patients/patient.resolver';
import { CreateCarePlanCommand, ReviseCarePlanCommand, ShareCarePlanCommand } from './care-plan.commands';
import { CreateCarePlanInput, ReviseCarePlanInput, ShareCarePlanInput } from './care-plan.inputs';

@Resolver()
export class CarePlanResolver {
  constructor(private readonly commandBus: CommandBus) {}

  @Mutation('createCarePlan')
  @Roles(...CLINICAL_AUTHORS)
  async createCarePlan(@Args('input') input: CreateCarePlanInput, @CurrentActor() actor: Actor, @CorrelationId() correlationId?: string) {
    return patientOf(await this.commandBus.execute(new CreateCarePlanCommand(input, actor, correlationId)));
  }

  @Mutation('reviseCarePlan')
  @Roles(...CLINICAL_AUTHORS)
  async reviseCarePlan(@Args('input') input: ReviseCarePlanInput, @CurrentActor() actor: Actor, @CorrelationId() correlationId?: string) {
    return patientOf(await this.commandBus.execute(new ReviseCarePlanCommand(input, actor, correlationId)));
  }

  @Mutation('shareCarePlanWithPatient')
  @Roles(...CLINICAL_AUTHORS)
  async shareCarePlanWithPatient(@Args('input') input: ShareCarePlanInput, @CurrentActor() actor: Actor, @CorrelationId() correlationId?: string) {
    return patientOf(await this.commandBus.execute(new ShareCarePlanCommand(input, actor, correlationId)));
  }
}
