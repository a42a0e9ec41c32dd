import { Injectable } from '@nestjs/common';
import type { PracticeActor } from '../auth/actor';
import type { CommandNamed } from '../command-pipeline/command-table';
import { CommandService } from '../command-pipeline/command.service';
import { patientStream } from '../patients/patient.events';
import { evolvePatientRecord, initialPatientRecord } from '../patient-stream/patient-record';
import { PatientStreamKeys } from '../patient-stream/patient-stream-key';
import { PracticeContextLoader } from '../patient-stream/practice-context-loader';
import { taskStream } from './task.events';
import type { TaskState } from './task.state';

export type TaskCommandType = 'CreateTask' | 'AssignTask' | 'CompleteTask' | 'CancelTask';
type TaskInputOf<Type extends TaskCommandType> = Omit<CommandNamed<Type>['data'], 'practiceId'> & { commandId: string };

/**
 * Runs a task command on `tasks-<key>` (the key of the practice's `patient-<key>`, see patientStreamKey): the practice context and the patient's record are loaded from their
 * own streams (the write models) and handed to the pure decider beside the command.
 */
@Injectable()
export class TaskCommands {
  constructor(
    private readonly commands: CommandService,
    private readonly practices: PracticeContextLoader,
    private readonly streamKeys: PatientStreamKeys,
  ) {}

  async execute<Type extends TaskCommandType>(type: Type, input: TaskInputOf<Type>, actor: PracticeActor, correlationId?: string): Promise<TaskState[]> {
    const { practiceId } = actor;
    const { commandId, ...data } = input;
    const patientId = input.patientId.toLowerCase();
    const practice = await this.practices.load(practiceId);
    // The tasks of the practice's record of the id: another practice's patient with this id is another record.
    const streamKey = await this.streamKeys.resolve(practiceId, patientId);
    const { state: patient } = await this.commands.pipeline.load(patientStream(streamKey), { initialState: initialPatientRecord, evolve: evolvePatientRecord });
    const result = await this.commands.execute(type, {
      stream: taskStream(streamKey),
      command: { data: { ...data, patientId, practiceId }, practice, patient } as never,
      caller: { actor, commandId, correlationId },
    });
    return result.state as TaskState[];
  }
}
