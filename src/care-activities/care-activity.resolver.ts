import { Args, Mutation, Resolver } from '@nestjs/graphql';
import type { PracticeActor } from '../auth/actor';
import { CurrentPracticeActor, Roles } from '../auth/auth.guard';
import { CorrelationId } from '../graphql/request-context';
import { OnCallSchedule } from '../on-call/on-call-schedule';
import { CLINICAL_AUTHORS } from '../patient-stream/care-record-roles';
import { PatientCommands, type PatientCommandOutcome } from '../patient-stream/patient-commands';
import { AttestCareActivityInput, CorrectCallInput, LogCallInput, VoidCallInput } from './care-activity.inputs';
import { findActivity } from './care-activity.state';
import { toCareActivityView, type CareActivityView } from './care-activity.view';

/** UUIDs are case-insensitive; one spelling keeps activity ids unique per patient. */
const withCanonicalActivityId = <Input extends { activityId: string }>(input: Input): Input => ({ ...input, activityId: input.activityId.toLowerCase() });

/** The activity as the command left it (for a retry: as it stands now). */
function activityOf(outcome: PatientCommandOutcome, activityId: string): CareActivityView {
  const { enrollment, activities } = outcome.record;
  const activity = findActivity(activities, activityId.toLowerCase());
  if (!enrollment || !activity) throw new Error('A care activity command succeeded without its activity');
  return toCareActivityView(enrollment.patientId, activity);
}

@Resolver()
export class CareActivityResolver {
  constructor(
    private readonly patientCommands: PatientCommands,
    private readonly onCall: OnCallSchedule,
  ) {}

  /** An after-hours call is decided with the on-call schedule, to record who was on call when it started. */
  @Mutation('logCall')
  @Roles(...CLINICAL_AUTHORS)
  async logCall(@Args('input') input: LogCallInput, @CurrentPracticeActor() actor: PracticeActor, @CorrelationId() correlationId?: string) {
    const loaded = input.afterHours ? { onCallSchedule: await this.onCall.load(actor.practiceId) } : undefined;
    return activityOf(await this.patientCommands.execute('LogCall', withCanonicalActivityId(input), actor, correlationId, { loaded }), input.activityId);
  }

  @Mutation('correctCall')
  @Roles(...CLINICAL_AUTHORS)
  async correctCall(@Args('input') input: CorrectCallInput, @CurrentPracticeActor() actor: PracticeActor, @CorrelationId() correlationId?: string) {
    return activityOf(await this.patientCommands.execute('CorrectCall', withCanonicalActivityId(input), actor, correlationId), input.activityId);
  }

  @Mutation('voidCall')
  @Roles(...CLINICAL_AUTHORS)
  async voidCall(@Args('input') input: VoidCallInput, @CurrentPracticeActor() actor: PracticeActor, @CorrelationId() correlationId?: string) {
    return activityOf(await this.patientCommands.execute('VoidCall', withCanonicalActivityId(input), actor, correlationId), input.activityId);
  }

  /** The performer confirms time someone else documented or corrected for them; only then does it count. */
  @Mutation('attestCareActivity')
  @Roles(...CLINICAL_AUTHORS)
  async attestCareActivity(
    @Args('input') input: AttestCareActivityInput,
    @CurrentPracticeActor() actor: PracticeActor,
    @CorrelationId() correlationId?: string,
  ) {
    return activityOf(await this.patientCommands.execute('AttestCareActivity', withCanonicalActivityId(input), actor, correlationId), input.activityId);
  }
}
