import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { PracticeActor } from '../auth/actor';
import { CurrentPracticeActor, Roles } from '../auth/auth.guard';
import { activitiesOf } from '../care-activities/care-activity.view';
import { pageWindow, toConnection } from '../graphql/pagination';
import { CorrelationId } from '../graphql/request-context';
import { isUuid } from '../kernel/ids';
import { ADMINISTRATIVE_AUTHORS, CARE_RECORD_READERS, CLINICAL_AUTHORS } from '../patient-stream/care-record-roles';
import type { CommandContext } from '../command-pipeline/command-pipeline';
import { PatientCommands, type PatientCommandOutcome } from '../patient-stream/patient-commands';
import type { PatientEvent } from '../patient-stream/patient-event';
import { BeneficiaryRegistryService } from './beneficiaries/beneficiary-registry.service';
import {
  ChangeBillingPractitionerInput,
  EnrollPatientInput,
  RecordChronicConditionInput,
  RecordExternalServiceInput,
  RecordInitiatingVisitInput,
  ResolveChronicConditionInput,
} from './patient.inputs';
import { PatientRepository, type PatientFilter } from './patient.repository';
import { isKnownPatient, toPatientView, type PatientView } from './patient.view';

/** The patient as the command left it (for a retry: as it is now); the command refused anything not known here. */
export function patientOf(outcome: PatientCommandOutcome): PatientView {
  if (!isKnownPatient(outcome.record)) throw new Error('A patient command succeeded without a known patient');
  return toPatientView(outcome.record, outcome.version);
}

@Resolver()
export class PatientResolver {
  constructor(
    private readonly patientCommands: PatientCommands,
    private readonly beneficiaries: BeneficiaryRegistryService,
    private readonly patients: PatientRepository,
  ) {}

  /** null for an unknown id and, indistinguishably, for another practice's patient. */
  @Query('patient')
  @Roles(...CARE_RECORD_READERS)
  patient(@Args('id') id: string, @CurrentPracticeActor() actor: PracticeActor): PatientView | null {
    if (!isUuid(id)) return null;
    return this.patients.byId(actor.practiceId, id) ?? null;
  }

  @Query('patients')
  @Roles(...CARE_RECORD_READERS)
  list(@CurrentPracticeActor() actor: PracticeActor, @Args('first') first?: number, @Args('after') after?: string, @Args('filter') filter?: PatientFilter) {
    const window = pageWindow(first, after);
    const { patients, totalCount } = this.patients.search(actor.practiceId, filter ?? {}, window);
    return toConnection(patients, window, totalCount);
  }

  @Mutation('enrollPatient')
  @Roles(...ADMINISTRATIVE_AUTHORS)
  async enrollPatient(@Args('input') input: EnrollPatientInput, @CurrentPracticeActor() actor: PracticeActor, @CorrelationId() correlationId?: string) {
    // One beneficiary, one record: the MBI is reserved on the practice's beneficiary stream first.
    const reserveBeneficiary = (events: PatientEvent[], context: CommandContext) => this.beneficiaries.reserveFor(events, context);
    return patientOf(await this.patientCommands.execute('EnrollPatient', input, actor, correlationId, { beforeAppend: reserveBeneficiary }));
  }

  @Mutation('changeBillingPractitioner')
  @Roles(...ADMINISTRATIVE_AUTHORS)
  async changeBillingPractitioner(
    @Args('input') input: ChangeBillingPractitionerInput,
    @CurrentPracticeActor() actor: PracticeActor,
    @CorrelationId() correlationId?: string,
  ) {
    return patientOf(await this.patientCommands.execute('ChangeBillingPractitioner', input, actor, correlationId));
  }

  @Mutation('recordChronicCondition')
  @Roles(...CLINICAL_AUTHORS)
  async recordChronicCondition(
    @Args('input') input: RecordChronicConditionInput,
    @CurrentPracticeActor() actor: PracticeActor,
    @CorrelationId() correlationId?: string,
  ) {
    return patientOf(await this.patientCommands.execute('RecordChronicCondition', input, actor, correlationId));
  }

  @Mutation('resolveChronicCondition')
  @Roles(...CLINICAL_AUTHORS)
  async resolveChronicCondition(
    @Args('input') input: ResolveChronicConditionInput,
    @CurrentPracticeActor() actor: PracticeActor,
    @CorrelationId() correlationId?: string,
  ) {
    return patientOf(await this.patientCommands.execute('ResolveChronicCondition', input, actor, correlationId));
  }

  @Mutation('recordInitiatingVisit')
  @Roles(...ADMINISTRATIVE_AUTHORS)
  async recordInitiatingVisit(
    @Args('input') input: RecordInitiatingVisitInput,
    @CurrentPracticeActor() actor: PracticeActor,
    @CorrelationId() correlationId?: string,
  ) {
    return patientOf(await this.patientCommands.execute('RecordInitiatingVisit', input, actor, correlationId));
  }

  @Mutation('recordExternalService')
  @Roles(...ADMINISTRATIVE_AUTHORS)
  async recordExternalService(
    @Args('input') input: RecordExternalServiceInput,
    @CurrentPracticeActor() actor: PracticeActor,
    @CorrelationId() correlationId?: string,
  ) {
    return patientOf(await this.patientCommands.execute('RecordExternalService', input, actor, correlationId));
  }
}

/** Fields of `Patient` that take arguments; the rest are plain properties of the view. */
@Resolver('Patient')
export class PatientFieldsResolver {
  @ResolveField('activities')
  activities(@Parent() patient: PatientView, @Args('month') month?: string) {
    return activitiesOf(patient.id, patient.record.activities, month);
  }
}
