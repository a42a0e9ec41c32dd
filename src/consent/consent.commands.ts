import { CommandHandler } from '@nestjs/cqrs';
import { ActorCommand } from '../command-pipeline/command.service';
import { PatientCommandHandler } from '../patient-stream/patient-command-runner';
import { consentDecider, consentValidTime } from './consent.decider';
import type { GiveConsentInput, RevokeConsentInput } from './consent.inputs';

export class GiveConsentCommand extends ActorCommand<GiveConsentInput> {}
export class RevokeConsentCommand extends ActorCommand<RevokeConsentInput> {}

abstract class ConsentHandler<Input extends { commandId: string; patientId: string }> extends PatientCommandHandler<Input> {
  protected readonly decider = consentDecider;
  protected readonly validTime = consentValidTime;
}

@CommandHandler(GiveConsentCommand)
export class GiveConsentHandler extends ConsentHandler<GiveConsentInput> {
  protected readonly type = 'GiveConsent';
}

@CommandHandler(RevokeConsentCommand)
export class RevokeConsentHandler extends ConsentHandler<RevokeConsentInput> {
  protected readonly type = 'RevokeConsent';
}
