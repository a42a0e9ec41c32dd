import { Injectable } from '@nestjs/common';
import type { ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext } from '../command-pipeline/command-pipeline';
import { ActorCommand, CommandService } from '../command-pipeline/command.service';
import type { PatientDecider, ValidTimeOf } from './patient-command';
import type { PatientEvent, PatientRecord } from './patient-record';
import { patientStream } from './patient.events';
import { PracticeContextLoader } from './practice-context';

/** Every care-record input names its patient (a client-chosen UUID) and carries a commandId. */
export interface PatientInput {
  commandId: string;
  patientId: string;
}

/** A write that must succeed before the decided events are appended (see StreamCommand.beforeAppend). */
export type BeforeAppend = (events: PatientEvent[], context: CommandContext) => Promise<void>;

/** The patient's record right after the command (for a retry: as it is now) and the stream's revision. */
export interface PatientCommandOutcome {
  record: PatientRecord;
  version: number;
}

/**
 * Runs a patient command: loads the practice context, then load → fold → decide → append on `patient-<uuid>`
 * with each new event's valid time as occurredAt, and waits for the read models (read-your-writes).
 */
@Injectable()
export class PatientCommandRunner {
  constructor(
    private readonly commands: CommandService,
    private readonly practices: PracticeContextLoader,
  ) {}

  async run(
    command: ActorCommand<PatientInput>,
    type: string,
    decider: PatientDecider<never>,
    validTime: ValidTimeOf,
    data: object,
    beforeAppend?: BeforeAppend,
  ): Promise<PatientCommandOutcome> {
    const practiceId = command.actor.practiceId!;
    const practice = await this.practices.load(practiceId);
    // UUIDs are case-insensitive; one spelling keeps one stream per patient.
    const patientId = command.input.patientId.toLowerCase();
    const context = this.commands.context(command);
    const result = await this.commands.execute({
      stream: patientStream(patientId),
      decider,
      command: { type, data: { ...data, patientId, practiceId }, practice } as never,
      context,
      occurredAt: (event) => validTime(event, practice.timeZone) ?? context.now,
      beforeAppend: beforeAppend && ((events: PatientEvent[]) => beforeAppend(events, context)),
    });
    return { record: result.state, version: Number(result.revision) };
  }
}

/**
 * The command handler of one patient command: which decider decides it and when its events happened. `data`
 * turns the validated input into the command's data (by default the input without its commandId).
 */
@Injectable()
export abstract class PatientCommandHandler<Input extends PatientInput> implements ICommandHandler<ActorCommand<Input>, PatientCommandOutcome> {
  protected abstract readonly type: string;
  protected abstract readonly decider: PatientDecider<never>;
  protected abstract readonly validTime: ValidTimeOf;
  protected readonly beforeAppend?: BeforeAppend;

  constructor(private readonly runner: PatientCommandRunner) {}

  protected data(input: Input): object {
    const { commandId: _commandId, ...data } = input;
    return data;
  }

  execute(command: ActorCommand<Input>): Promise<PatientCommandOutcome> {
    return this.runner.run(command, this.type, this.decider, this.validTime, this.data(command.input), this.beforeAppend);
  }
}
