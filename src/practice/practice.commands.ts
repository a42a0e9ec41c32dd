import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ActorCommand, CommandService } from '../command-pipeline/command.service';
import { practiceDecider } from './practice.decider';
import { practiceStream } from './practice.events';
import type { ConfigurePracticeInput, DeactivateStaffMemberInput, RegisterStaffMemberInput } from './practice.inputs';

export class ConfigurePracticeCommand extends ActorCommand<ConfigurePracticeInput> {}
export class RegisterStaffMemberCommand extends ActorCommand<RegisterStaffMemberInput> {}
export class DeactivateStaffMemberCommand extends ActorCommand<DeactivateStaffMemberInput> {}

/** The caller's own practice: an ADMIN configures the practice its token is for, never another. */
const practiceOf = (command: ActorCommand<{ commandId: string }>) => command.actor.practiceId!;

@CommandHandler(ConfigurePracticeCommand)
export class ConfigurePracticeHandler implements ICommandHandler<ConfigurePracticeCommand> {
  constructor(private readonly commands: CommandService) {}

  async execute(command: ConfigurePracticeCommand) {
    const practiceId = practiceOf(command);
    const { name, timeZone, npi, taxId } = command.input;
    await this.commands.execute({
      stream: practiceStream(practiceId),
      decider: practiceDecider,
      command: { type: 'ConfigurePractice', data: { practiceId, name, timeZone, npi: npi ?? null, taxId: taxId ?? null } },
      context: this.commands.context(command),
    });
    return practiceId;
  }
}

@CommandHandler(RegisterStaffMemberCommand)
export class RegisterStaffMemberHandler implements ICommandHandler<RegisterStaffMemberCommand> {
  constructor(private readonly commands: CommandService) {}

  async execute(command: RegisterStaffMemberCommand) {
    const practiceId = practiceOf(command);
    const { staffId, name, credential, npi } = command.input;
    await this.commands.execute({
      stream: practiceStream(practiceId),
      decider: practiceDecider,
      command: { type: 'RegisterStaffMember', data: { practiceId, staffId, name, credential, npi: npi ?? null } },
      context: this.commands.context(command),
    });
    return staffId;
  }
}

@CommandHandler(DeactivateStaffMemberCommand)
export class DeactivateStaffMemberHandler implements ICommandHandler<DeactivateStaffMemberCommand> {
  constructor(private readonly commands: CommandService) {}

  async execute(command: DeactivateStaffMemberCommand) {
    const practiceId = practiceOf(command);
    const { staffId, reason } = command.input;
    await this.commands.execute({
      stream: practiceStream(practiceId),
      decider: practiceDecider,
      command: { type: 'DeactivateStaffMember', data: { practiceId, staffId, reason } },
      context: this.commands.context(command),
    });
    return staffId;
  }
}
