import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Injectable } from '@nestjs/common';
import { ActorCommand, CommandService } from '../command-pipeline/command.service';
import { practiceDecider, type PracticeCommand } from './practice.decider';
import { practiceStream } from './practice.events';
import type { ConfigurePracticeInput, DeactivateStaffMemberInput, RegisterStaffMemberInput } from './practice.inputs';

export class ConfigurePracticeCommand extends ActorCommand<ConfigurePracticeInput> {}
export class RegisterStaffMemberCommand extends ActorCommand<RegisterStaffMemberInput> {}
export class DeactivateStaffMemberCommand extends ActorCommand<DeactivateStaffMemberInput> {}

/**
 * Runs one practice command on `practice-<id>`. The practice is always the caller's own (from the token): an ADMIN
 * configures the practice it acts for, never another.
 */
@Injectable()
abstract class PracticeCommandHandler<Input extends { commandId: string }> implements ICommandHandler<ActorCommand<Input>> {
  constructor(private readonly commands: CommandService) {}

  protected abstract decision(input: Input, practiceId: string): Omit<PracticeCommand, 'metadata'>;

  async execute(command: ActorCommand<Input>) {
    const practiceId = command.actor.practiceId!;
    await this.commands.execute({
      stream: practiceStream(practiceId),
      decider: practiceDecider,
      command: this.decision(command.input, practiceId),
      context: this.commands.context(command),
    });
  }
}

@CommandHandler(ConfigurePracticeCommand)
export class ConfigurePracticeHandler extends PracticeCommandHandler<ConfigurePracticeInput> {
  protected decision({ name, timeZone, npi, taxId }: ConfigurePracticeInput, practiceId: string) {
    return { type: 'ConfigurePractice' as const, data: { practiceId, name, timeZone, npi: npi ?? null, taxId: taxId ?? null } };
  }
}

@CommandHandler(RegisterStaffMemberCommand)
export class RegisterStaffMemberHandler extends PracticeCommandHandler<RegisterStaffMemberInput> {
  protected decision({ staffId, name, credential, npi }: RegisterStaffMemberInput, practiceId: string) {
    return { type: 'RegisterStaffMember' as const, data: { practiceId, staffId, name, credential, npi: npi ?? null } };
  }
}

@CommandHandler(DeactivateStaffMemberCommand)
export class DeactivateStaffMemberHandler extends PracticeCommandHandler<DeactivateStaffMemberInput> {
  protected decision({ staffId, reason }: DeactivateStaffMemberInput, practiceId: string) {
    return { type: 'DeactivateStaffMember' as const, data: { practiceId, staffId, reason } };
  }
}
