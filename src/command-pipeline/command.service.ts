import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Actor } from '../auth/actor';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { LOGGER } from '../config/logger';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { CLOCK, type Clock } from '../kernel/clock';
import type { Command, DomainEvent } from '../kernel/decider';
import { ProjectionHost } from '../projections/projections.module';
import { CommandPipeline, type CommandContext, type StreamCommand, type StreamCommandResult } from './command-pipeline';

/** A GraphQL mutation turned into a CQRS command: the validated input plus who sent it. */
export abstract class ActorCommand<Input extends { commandId: string }> {
  constructor(
    readonly input: Input,
    readonly actor: Actor,
    readonly correlationId?: string,
  ) {}
}

/**
 * What every command handler uses: run the pipeline, then wait until the projections show the result
 * (read-your-writes, architecture decision 10), bounded by READ_YOUR_WRITES_TIMEOUT_MS.
 */
@Injectable()
export class CommandService {
  readonly pipeline: CommandPipeline;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly projections: ProjectionHost,
  ) {
    this.pipeline = new CommandPipeline(store);
  }

  context(command: ActorCommand<{ commandId: string }>): CommandContext {
    const { actor, input } = command;
    return {
      actorId: actor.id,
      actorRoles: actor.roles,
      practiceId: actor.practiceId ?? null,
      commandId: input.commandId,
      correlationId: command.correlationId ?? input.commandId,
      causationId: input.commandId,
      now: this.clock.now(),
    };
  }

  async execute<C extends Command, E extends DomainEvent, S>(request: StreamCommand<C, E, S>): Promise<StreamCommandResult<S>> {
    const result = await this.pipeline.execute(request);
    if (result.position !== undefined) {
      const reached = await this.projections.engine.waitFor(result.position, this.config.readYourWritesTimeoutMs);
      if (!reached) this.logger.warn({ stream: request.stream, commandId: request.context.commandId }, 'projections did not catch up in time');
    }
    return result;
  }
}
