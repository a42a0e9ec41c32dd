import { CommandHandler } from '@nestjs/cqrs';
import { ActorCommand } from '../command-pipeline/command.service';
import { PatientCommandHandler } from '../patient-stream/patient-command-runner';
import { careActivityDecider, careActivityValidTime } from './care-activity.decider';
import type { CorrectCallInput, LogCallInput, VoidCallInput } from './care-activity.inputs';

export class LogCallCommand extends ActorCommand<LogCallInput> {}
export class CorrectCallCommand extends ActorCommand<CorrectCallInput> {}
export class VoidCallCommand extends ActorCommand<VoidCallInput> {}

abstract class CareActivityHandler<Input extends { commandId: string; patientId: string; activityId: string }> extends PatientCommandHandler<Input> {
  protected readonly decider = careActivityDecider;
  protected readonly validTime = careActivityValidTime;

  /** UUIDs are case-insensitive; one spelling keeps activity ids unique per patient. */
  protected override data(input: Input): object {
    return { ...super.data(input), activityId: input.activityId.toLowerCase() };
  }
}

@CommandHandler(LogCallCommand)
export class LogCallHandler extends CareActivityHandler<LogCallInput> {
  protected readonly type = 'LogCall';
}

@CommandHandler(CorrectCallCommand)
export class CorrectCallHandler extends CareActivityHandler<CorrectCallInput> {
  protected readonly type = 'CorrectCall';
}

@CommandHandler(VoidCallCommand)
export class VoidCallHandler extends CareActivityHandler<VoidCallInput> {
  protected readonly type = 'VoidCall';
}
