import { CommandHandler } from '@nestjs/cqrs';
import { ActorCommand } from '../command-pipeline/command.service';
import { PatientCommandHandler } from '../patient-stream/patient-command-runner';
import { carePlanDecider, carePlanValidTime } from './care-plan.decider';
import type { CreateCarePlanInput, ReviseCarePlanInput, ShareCarePlanInput } from './care-plan.inputs';

export class CreateCarePlanCommand extends ActorCommand<CreateCarePlanInput> {}
export class ReviseCarePlanCommand extends ActorCommand<ReviseCarePlanInput> {}
export class ShareCarePlanCommand extends ActorCommand<ShareCarePlanInput> {}

abstract class CarePlanHandler<Input extends { commandId: string; patientId: string }> extends PatientCommandHandler<Input> {
  protected readonly decider = carePlanDecider;
  protected readonly validTime = carePlanValidTime;
}

@CommandHandler(CreateCarePlanCommand)
export class CreateCarePlanHandler extends CarePlanHandler<CreateCarePlanInput> {
  protected readonly type = 'CreateCarePlan';
}

@CommandHandler(ReviseCarePlanCommand)
export class ReviseCarePlanHandler extends CarePlanHandler<ReviseCarePlanInput> {
  protected readonly type = 'ReviseCarePlan';
}

@CommandHandler(ShareCarePlanCommand)
export class ShareCarePlanHandler extends CarePlanHandler<ShareCarePlanInput> {
  protected readonly type = 'ShareCarePlan';
}
