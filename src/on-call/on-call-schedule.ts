import { Injectable } from '@nestjs/common';
import { CommandService } from '../command-pipeline/command.service';
import { programDecider, type OnCallShiftState } from './program.decider';
import { programStream } from './program.events';

/**
 * The practice's on-call shifts from its program stream (the write model, like the practice context: the read model
 * may lag behind a shift just scheduled on another instance), for commands that record who was on call.
 */
@Injectable()
export class OnCallSchedule {
  constructor(private readonly commands: CommandService) {}

  async load(practiceId: string): Promise<readonly OnCallShiftState[]> {
    const { state } = await this.commands.pipeline.load(programStream(practiceId), programDecider);
    return state.shifts;
  }
}
