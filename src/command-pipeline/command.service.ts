import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Actor } from '../auth/actor';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { LOGGER } from '../config/logger';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { CLOCK, type Clock } from '../kernel/clock';
import type { Decider, DomainEvent } from '../kernel/decider';
import { ReadYourWrites } from '../projections/projections.module';
import { CommandPipeline, type CommandContext, type StreamCommandResult } from './command-pipeline';
import { COMMAND_TABLE, SNAPSHOTTED_FOLDS, type CommandNamed, type CommandType, type EventOf, type StateAfter } from './command-table';
import { StreamSnapshots } from './stream-snapshots';

/** Who sends a command: the caller, the command's id (its idempotency key) and the user action it belongs to. */
export interface CommandCaller {
  actor: Actor;
  commandId: string;
  correlationId?: string;
}

/** One command of the table, on its stream. */
export interface CommandRequest<Type extends CommandType> {
  stream: string;
  /** The command but its type and metadata: `data` (hashed to recognise a retry) and what the caller loaded for it. */
  command: Omit<CommandNamed<Type>, 'type' | 'metadata'>;
  caller: CommandCaller;
  /** Valid time of each new event; null (or no function) means when the command was issued. */
  occurredAt?: (event: EventOf<Type>) => Date | null;
  /** A write that must succeed before the decided events are appended (see StreamCommand.beforeAppend). */
  beforeAppend?: (events: EventOf<Type>[], context: CommandContext) => Promise<void>;
  /** false: the caller waits for the read models itself, once for many commands (a batch import). Default true. */
  waitForReadModels?: boolean;
}

/**
 * What resolvers call to run a command: look its decider up in the command table, run the pipeline, then wait
 * until the projections show the result (read-your-writes, architecture decision 10), bounded by
 * READ_YOUR_WRITES_TIMEOUT_MS.
 */
@Injectable()
export class CommandService implements OnApplicationShutdown {
  readonly pipeline: CommandPipeline;
  private readonly snapshots: StreamSnapshots;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly readYourWrites: ReadYourWrites,
  ) {
    this.snapshots = StreamSnapshots.open(join(config.dataDir, 'stream-snapshots.db'), SNAPSHOTTED_FOLDS);
    this.pipeline = new CommandPipeline(store, this.snapshots);
  }

  onApplicationShutdown() {
    this.snapshots.close();
  }

  async execute<Type extends CommandType>(type: Type, request: CommandRequest<Type>): Promise<StreamCommandResult<StateAfter<Type>>> {
    // COMMAND_TABLE is checked to map each type to a decider of that type's command; TypeScript cannot carry the
    // correspondence through an indexed generic, hence the one cast.
    const decider = COMMAND_TABLE[type].decider as unknown as Decider<CommandNamed<Type>, DomainEvent, StateAfter<Type>>;
    const context = this.context(request.caller);
    const result = await this.pipeline.execute({
      stream: request.stream,
      decider,
      command: { type, ...request.command } as Omit<CommandNamed<Type>, 'metadata'>,
      context,
      occurredAt: request.occurredAt as ((event: DomainEvent) => Date | null) | undefined,
      beforeAppend: request.beforeAppend && ((events) => request.beforeAppend!(events as EventOf<Type>[], context)),
    });
    if (result.position !== undefined && request.waitForReadModels !== false) {
      // A write that landed is a success even if the read models lag; the client sees it on its next read.
      if (!(await this.readYourWrites.reached(result.position)))
        this.logger.warn({ stream: request.stream, commandId: context.commandId }, 'projections did not catch up in time');
    }
    return result;
  }

  private context({ actor, commandId, correlationId }: CommandCaller): CommandContext {
    return {
      actorId: actor.id,
      actorRoles: actor.roles,
      practiceId: actor.practiceId ?? null,
      commandId,
      correlationId: correlationId ?? commandId,
      causationId: commandId,
      now: this.clock.now(),
    };
  }
}
