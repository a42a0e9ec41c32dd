import { Injectable } from '@nestjs/common';
import type { PracticeActor } from '../auth/actor';
import { COMMAND_TABLE, type CommandNamed, type PatientCommandType } from '../command-pipeline/command-table';
import { CommandService, type CommandRequest } from '../command-pipeline/command.service';
import type { Position } from '../event-store/event-store.port';
import { DomainError, notFound } from '../kernel/domain-error';
import { patientStream } from '../patients/patient.events';
import { PatientRepository } from '../patients/patient.repository';
import type { PatientEvent } from './patient-event';
import type { PatientRecord } from './patient-record';
import { PatientStreamKeys } from './patient-stream-key';
import { PracticeContextLoader } from './practice-context-loader';

/** A patient command's input: the command's data but the practice (always the caller's own), plus its commandId. */
export type PatientInputOf<Type extends PatientCommandType> = Omit<CommandNamed<Type>['data'], 'practiceId'> & { commandId: string };

/** State a command needs besides the practice, loaded by its resolver (beside `data`: not hashed, not part of a retry). */
export type LoadedFor<Type extends PatientCommandType> = Omit<CommandNamed<Type>, 'type' | 'metadata' | 'data' | 'practice'>;

export interface PatientCommandOptions<Type extends PatientCommandType> extends Pick<CommandRequest<Type>, 'beforeAppend' | 'waitForReadModels'> {
  /** What the command carries beside its data, loaded by the caller (an after-hours call's on-call schedule). */
  loaded?: LoadedFor<Type>;
}

/** The patient's record right after the command (for a retry: as it is now) and the stream's revision. */
export interface PatientCommandOutcome {
  record: PatientRecord;
  version: number;
  /** Types of the events the command appended now ([] when it decided nothing, or was a retry). */
  appended: string[];
  /** Position of the command's last event (undefined when it changed nothing), for a caller that waits itself. */
  position?: Position;
}

/**
 * Runs a patient command of the command table: loads the practice context, then load → fold → decide → append on
 * the practice's `patient-<key>` (see patientStreamKey) with each new event's valid time as occurredAt, and waits for
 * the read models (read-your-writes).
 */
/** Commands that may start a patient's record: every other one needs a record of the caller's practice. */
const RECORD_CREATING_COMMANDS: ReadonlySet<PatientCommandType> = new Set<PatientCommandType>(['EnrollPatient', 'RegisterPatient', 'ImportEhrPatient']);

@Injectable()
export class PatientCommands {
  constructor(
    private readonly commands: CommandService,
    private readonly practices: PracticeContextLoader,
    private readonly patients: PatientRepository,
    private readonly streamKeys: PatientStreamKeys,
  ) {}

  async execute<Type extends PatientCommandType>(
    type: Type,
    input: PatientInputOf<Type>,
    actor: PracticeActor,
    correlationId?: string,
    { beforeAppend, waitForReadModels = true, loaded }: PatientCommandOptions<Type> = {},
  ): Promise<PatientCommandOutcome> {
    const { practiceId } = actor;
    const practice = await this.practices.load(practiceId);
    const { commandId, ...data } = input;
    // UUIDs are case-insensitive; one spelling keeps one stream per patient.
    const patientId = input.patientId.toLowerCase();
    // Another practice's patient is answered as an unknown id by the same path: from the read model, before its
    // stream is read (so neither the answer nor its timing tells them apart; the decider checks again on the log).
    if (!RECORD_CREATING_COMMANDS.has(type) && !this.patients.isEnrolledIn(practiceId, patientId)) throw notFound('Patient');
    const { validTime } = COMMAND_TABLE[type];
    const run = async (key: string) =>
      this.commands.execute(type, {
        stream: patientStream(key),
        command: { ...loaded, data: { ...data, patientId, practiceId }, practice } as CommandRequest<Type>['command'],
        caller: { actor, commandId, correlationId },
        occurredAt: (event) => validTime(event as PatientEvent, practice.timeZone),
        beforeAppend,
        waitForReadModels,
      });
    const key = await this.streamKeys.resolve(practiceId, patientId);
    const result = await run(key).catch(async (error: unknown) => {
      // Another practice created `patient-<id>` between resolving and appending: the record goes to this practice's
      // own key, as it would have had the other one been first.
      if (!(error instanceof DomainError) || error.details?.reason !== 'PATIENT_ID_IN_USE' || key !== patientId) throw error;
      const resolved = await this.streamKeys.resolve(practiceId, patientId);
      if (resolved === key) throw error;
      return run(resolved);
    });
    return {
      record: result.state as PatientRecord,
      version: Number(result.revision),
      appended: result.replayed ? [] : result.events.map((event) => event.type),
      position: result.position,
    };
  }
}
