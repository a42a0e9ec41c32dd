import { Args, Mutation, Resolver } from '@nestjs/graphql';
import type { PracticeActor } from '../auth/actor';
import { CurrentPracticeActor, Roles } from '../auth/auth.guard';
import { CorrelationId } from '../graphql/request-context';
import { CLINICAL_AUTHORS } from '../patient-stream/care-record-roles';
import { patientOf } from '../patients/patient.resolver';
import { PatientCommands } from '../patient-stream/patient-commands';
import { CreateCarePlanInput, ReviseCarePlanInput, ShareCarePlanInput } from './care-plan.inputs';

@Resolver()
export class CarePlanResolver {
  constructor(private readonly patientCommands: PatientCommands) {}

  @Mutation('createCarePlan')
  @Roles(...CLINICAL_AUTHORS)
  async createCarePlan(@Args('input') input: CreateCarePlanInput, @CurrentPracticeActor() actor: PracticeActor, @CorrelationId() correlationId?: string) {
    return patientOf(await this.patientCommands.execute('CreateCarePlan', input, actor, correlationId));
  }

  @Mutation('reviseCarePlan')
  @Roles(...CLINICAL_AUTHORS)
  async reviseCarePlan(@Args('input') input: ReviseCarePlanInput, @CurrentPracticeActor() actor: PracticeActor, @CorrelationId() correlationId?: string) {
    return patientOf(await this.patientCommands.execute('ReviseCarePlan', input, actor, correlationId));
  }

  @Mutation('shareCarePlanWithPatient')
  @Roles(...CLINICAL_AUTHORS)
  async shareCarePlanWithPatient(
    @Args('input') input: ShareCarePlanInput,
    @CurrentPracticeActor() actor: PracticeActor,
    @CorrelationId() correlationId?: string,
  ) {
    return patientOf(await this.patientCommands.execute('ShareCarePlan', input, actor, correlationId));
  }
}
