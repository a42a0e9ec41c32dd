import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.guard';
import { CorrelationId } from '../graphql/request-context';
import { CLINICAL_AUTHORS } from '../patient-stream/care-record-roles';
import type { PatientCommandOutcome } from '../patient-stream/patient-command-runner';
import { CorrectCallCommand, LogCallCommand, VoidCallCommand } from './care-activity.commands';
import { CorrectCallInput, LogCallInput, VoidCallInput } from './care-activity.inputs';
import { findActivity } from './care-activity.state';
import { toCareActivityView, type CareActivityView } from './care-activity.view';

/** The activity as the command left it (for a retry: as it stands now). */
function activityOf(outcome: PatientCommandOutcome, activityId: string): CareActivityView {
  const { enrollment, activities } = outcome.record;
  const activity = findActivity(activities, activityId.toLowerCase());
  if (!enrollment || !activity) throw new Error('A care activity command succeeded without its activity');
  return toCareActivityView(enrollment.patientId, activity);
}

@Resolver()
export class CareActivityResolver {
  constructor(private readonly commandBus: CommandBus) {}

  @Mutation('logCall')
  @Roles(...CLINICAL_AUTHORS)
  async logCall(@Args('input') input: LogCallInput, @CurrentActor() actor: Actor, @CorrelationId() correlationId?: string) {
    return activityOf(await this.commandBus.execute(new LogCallCommand(input, actor, correlationId)), input.activityId);
  }

  @Mutation('correctCall')
  @Roles(...CLINICAL_AUTHORS)
  async correctCall(@Args('input') input: CorrectCallInput, @CurrentActor() actor: Actor, @CorrelationId() correlationId?: string) {
    return activityOf(await this.commandBus.execute(new CorrectCallCommand(input, actor, correlationId)), input.activityId);
  }

  @Mutation('voidCall')
  @Roles(...CLINICAL_AUTHORS)
  async voidCall(@Args('input') input: VoidCallInput, @CurrentActor() actor: Actor, @CorrelationId() correlationId?: string) {
    return activityOf(await this.commandBus.execute(new VoidCallCommand(input, actor, correlationId)), input.activityId);
  }
}
