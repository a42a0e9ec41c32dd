import { CommandHandler } from '@nestjs/cqrs';
import { ActorCommand } from '../command-pipeline/command.service';
import { BeneficiaryRegistryService } from './beneficiaries/beneficiary-registry.service';
import { PatientCommandHandler, PatientCommandRunner, type BeforeAppend } from './patient-command-runner';
import { patientDecider, patientFactValidTime } from './patient.decider';
import type {
  ChangeBillingPractitionerInput,
  EnrollPatientInput,
  RecordChronicConditionInput,
  RecordExternalServiceInput,
  RecordInitiatingVisitInput,
  ResolveChronicConditionInput,
} from './patient.inputs';

export class EnrollPatientCommand extends ActorCommand<EnrollPatientInput> {}
export class ChangeBillingPractitionerCommand extends ActorCommand<ChangeBillingPractitionerInput> {}
export class RecordChronicConditionCommand extends ActorCommand<RecordChronicConditionInput> {}
export class ResolveChronicConditionCommand extends ActorCommand<ResolveChronicConditionInput> {}
export class RecordInitiatingVisitCommand extends ActorCommand<RecordInitiatingVisitInput> {}
export class RecordExternalServiceCommand extends ActorCommand<RecordExternalServiceInput> {}

abstract class PatientFactHandler<Input extends { commandId: string; patientId: string }> extends PatientCommandHandler<Input> {
  protected readonly decider = patientDecider;
  protected readonly validTime = patientFactValidTime;
}

@CommandHandler(EnrollPatientCommand)
export class EnrollPatientHandler extends PatientFactHandler<EnrollPatientInput> {
  protected readonly type = 'EnrollPatient';
  /** One beneficiary, one record: the MBI is reserved on the practice's beneficiary stream first. */
  protected override readonly beforeAppend: BeforeAppend;

  constructor(runner: PatientCommandRunner, registry: BeneficiaryRegistryService) {
    super(runner);
    this.beforeAppend = (events, context) => registry.reserveFor(events, context);
  }
}

@CommandHandler(ChangeBillingPractitionerCommand)
export class ChangeBillingPractitionerHandler extends PatientFactHandler<ChangeBillingPractitionerInput> {
  protected readonly type = 'ChangeBillingPractitioner';
}

@CommandHandler(RecordChronicConditionCommand)
export class RecordChronicConditionHandler extends PatientFactHandler<RecordChronicConditionInput> {
  protected readonly type = 'RecordChronicCondition';
}

@CommandHandler(ResolveChronicConditionCommand)
export class ResolveChronicConditionHandler extends PatientFactHandler<ResolveChronicConditionInput> {
  protected readonly type = 'ResolveChronicCondition';
}

@CommandHandler(RecordInitiatingVisitCommand)
export class RecordInitiatingVisitHandler extends PatientFactHandler<RecordInitiatingVisitInput> {
  protected readonly type = 'RecordInitiatingVisit';
}

@CommandHandler(RecordExternalServiceCommand)
export class RecordExternalServiceHandler extends PatientFactHandler<RecordExternalServiceInput> {
  protected readonly type = 'RecordExternalService';
}

export const PATIENT_COMMAND_HANDLERS = [
  EnrollPatientHandler,
  ChangeBillingPractitionerHandler,
  RecordChronicConditionHandler,
  ResolveChronicConditionHandler,
  RecordInitiatingVisitHandler,
  RecordExternalServiceHandler,
];
