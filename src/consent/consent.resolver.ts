import { Args, Mutation, Resolver } from '@nestjs/graphql';
import type { PracticeActor } from '../auth/actor';
import { CurrentPracticeActor, Roles } from '../auth/auth.guard';
import { CorrelationId } from '../graphql/request-context';
import { CLINICAL_AUTHORS } from '../patient-stream/care-record-roles';
import { patientOf } from '../patients/patient.resolver';
import { PatientCommands } from '../patient-stream/patient-commands';
import { GiveConsentInput, RevokeConsentInput } from './consent.inputs';

@Resolver()
export class ConsentResolver {
  constructor(private readonly patientCommands: PatientCommands) {}

  @Mutation('giveConsent')
  @Roles(...CLINICAL_AUTHORS)
  async giveConsent(@Args('input') input: GiveConsentInput, @CurrentPracticeActor() actor: PracticeActor, @CorrelationId() correlationId?: string) {
    return patientOf(await this.patientCommands.execute('GiveConsent', input, actor, correlationId));
  }

  @Mutation('revokeConsent')
  @Roles(...CLINICAL_AUTHORS)
  async revokeConsent(@Args('input') input: RevokeConsentInput, @CurrentPracticeActor() actor: PracticeActor, @CorrelationId() correlationId?: string) {
    return patientOf(await this.patientCommands.execute('RevokeConsent', input, actor, correlationId));
  }
}
