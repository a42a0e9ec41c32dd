import { Injectable } from '@nestjs/common';
import { CommandService } from '../command-pipeline/command.service';
import { preconditionFailed } from '../kernel/domain-error';
import { practiceDecider } from '../practice/practice.decider';
import { practiceStream } from '../practice/practice.events';
import type { PracticeContext } from './practice-context';

/** Loads the practice context from the practice stream (kept apart from the pure rules that deciders import). */
@Injectable()
export class PracticeContextLoader {
  constructor(private readonly commands: CommandService) {}

  async load(practiceId: string): Promise<PracticeContext> {
    const { state } = await this.commands.pipeline.load(practiceStream(practiceId), practiceDecider);
    if (!state.settings) throw preconditionFailed('PRACTICE_NOT_CONFIGURED', 'Configure the practice (its time zone) before recording patient care');
    return { practiceId, timeZone: state.settings.timeZone, staff: state.staff };
  }
}
