import { Inject } from '@nestjs/common';
import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { PracticeActor } from '../auth/actor';
import { CurrentPracticeActor, Roles } from '../auth/auth.guard';
import type { CommandContext } from '../command-pipeline/command-pipeline';
import { pageWindow, toConnection } from '../graphql/pagination';
import { CorrelationId } from '../graphql/request-context';
import { ADMINISTRATIVE_AUTHORS, CARE_RECORD_READERS } from '../patient-stream/care-record-roles';
import { PatientCommands } from '../patient-stream/patient-commands';
import type { PatientEvent } from '../patient-stream/patient-event';
import { BeneficiaryRegistryService } from '../patients/beneficiaries/beneficiary-registry.service';
import { PatientRepository } from '../patients/patient.repository';
import { patientOf } from '../patients/patient.resolver';
import type { PatientView } from '../patients/patient.view';
import { CLOCK, type Clock } from '../kernel/clock';
import { assessRisk } from './risk/risk';
import { isUuid } from '../kernel/ids';
import { EhrLinksRepository } from './fhir-import/ehr-links.repository';
import { toFhirImportView } from './fhir-import/fhir-import.view';
import { PROGRAM_METRICS_READERS } from './metrics/program-metrics-roles';
import { ProgramMetricsService } from './metrics/program-metrics.service';
import { DeclineEnrollmentInput, RecordCoverageVerificationInput, RegisterPatientInput, UnenrollPatientInput } from './enrolment.inputs';

@Resolver()
export class EnrolmentResolver {
  constructor(
    private readonly patientCommands: PatientCommands,
    private readonly beneficiaries: BeneficiaryRegistryService,
    private readonly patients: PatientRepository,
    private readonly imports: EhrLinksRepository,
    private readonly metrics: ProgramMetricsService,
  ) {}

  @Query('enrollmentCandidates')
  @Roles(...CARE_RECORD_READERS)
  candidates(@CurrentPracticeActor() actor: PracticeActor, @Args('first') first?: number, @Args('after') after?: string) {
    const window = pageWindow(first, after);
    const { patients, totalCount } = this.patients.candidates(actor.practiceId, window);
    return toConnection(patients, window, totalCount);
  }

  /** null for an unknown id and, indistinguishably, for another practice's import. */
  @Query('fhirImport')
  @Roles('ADMIN')
  fhirImport(@Args('id') id: string, @CurrentPracticeActor() actor: PracticeActor) {
    if (!isUuid(id)) return null;
    const summary = this.imports.importById(actor.practiceId, id.toLowerCase());
    return summary ? toFhirImportView(summary) : null;
  }

  @Query('programMetrics')
  @Roles(...PROGRAM_METRICS_READERS)
  programMetrics(
    @CurrentPracticeActor() actor: PracticeActor,
    @Args('from') from: string,
    @Args('to') to: string,
    @Args('careManagerId') careManagerId?: string | null,
  ) {
    return { months: this.metrics.metrics(actor.practiceId, from, to, careManagerId) };
  }

  @Mutation('registerPatient')
  @Roles(...ADMINISTRATIVE_AUTHORS)
  async registerPatient(@Args('input') input: RegisterPatientInput, @CurrentPracticeActor() actor: PracticeActor, @CorrelationId() correlationId?: string) {
    // A registered patient holds its MBI like an enrolled one: one beneficiary, one record.
    const reserveBeneficiary = (events: PatientEvent[], context: CommandContext) => this.beneficiaries.reserveFor(events, context);
    return patientOf(await this.patientCommands.execute('RegisterPatient', input, actor, correlationId, { beforeAppend: reserveBeneficiary }));
  }

  @Mutation('recordCoverageVerification')
  @Roles(...ADMINISTRATIVE_AUTHORS)
  async recordCoverageVerification(
    @Args('input') input: RecordCoverageVerificationInput,
    @CurrentPracticeActor() actor: PracticeActor,
    @CorrelationId() correlationId?: string,
  ) {
    return patientOf(await this.patientCommands.execute('RecordCoverageVerification', input, actor, correlationId));
  }

  @Mutation('declineEnrollment')
  @Roles(...ADMINISTRATIVE_AUTHORS)
  async declineEnrollment(@Args('input') input: DeclineEnrollmentInput, @CurrentPracticeActor() actor: PracticeActor, @CorrelationId() correlationId?: string) {
    return patientOf(await this.patientCommands.execute('DeclineEnrollment', input, actor, correlationId));
  }

  @Mutation('unenrollPatient')
  @Roles(...ADMINISTRATIVE_AUTHORS)
  async unenrollPatient(@Args('input') input: UnenrollPatientInput, @CurrentPracticeActor() actor: PracticeActor, @CorrelationId() correlationId?: string) {
    return patientOf(await this.patientCommands.execute('UnenrollPatient', input, actor, correlationId));
  }
}

/** Patient.riskLevel and riskReasons: assessed when read, as the rules say (transitions and contacts age). */
@Resolver('Patient')
export class PatientRiskResolver {
  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  @ResolveField('riskLevel')
  riskLevel(@Parent() patient: PatientView) {
    return assessRisk(patient.record, this.clock.now()).level;
  }

  @ResolveField('riskReasons')
  riskReasons(@Parent() patient: PatientView) {
    return assessRisk(patient.record, this.clock.now()).reasons;
  }
}

/**
 * Patient.enrollment and registeredOn: `program` and `enrolledOn` are non-null in the contract, so a patient not
 * enrolled shows the program it is assessed for and its registration day there; these say which they are.
 */
@Resolver('Patient')
export class PatientEnrollmentResolver {
  @ResolveField('enrollment')
  enrollment(@Parent() { record }: PatientView) {
    return record.enrollment && { program: record.enrollment.program, enrolledOn: record.enrollment.enrolledOn };
  }

  @ResolveField('registeredOn')
  registeredOn(@Parent() { record }: PatientView) {
    return record.intake.registration?.registeredOn ?? null;
  }
}
