import type { JsonObject } from './json';

/** A domain event as deciders see it: a past-tense fact with self-contained data. */
export interface DomainEvent<Type extends string = string, Data extends JsonObject = JsonObject> {
  type: Type;
  data: Data;
}

/** What a command knows about when and by whom it is issued; decide() never reads a clock itself. */
export interface CommandMetadata {
  now: Date;
  actorId: string;
  actorRoles: readonly string[];
}

export interface Command<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
  metadata: CommandMetadata;
}

/**
 * The whole pattern (architecture decision 7): pure functions, no I/O. decide() throws DomainError to refuse.
 * A handler loads the stream, folds it with evolve from initialState, decides and appends.
 */
export interface Decider<C extends Command, E extends DomainEvent, S> {
  initialState: () => S;
  decide: (command: C, state: S) => E[];
  evolve: (state: S, event: E) => S;
}

export const fold = <E extends DomainEvent, S>(decider: Pick<Decider<never, E, S>, 'initialState' | 'evolve'>, events: Iterable<E>): S => {
  let state = decider.initialState();
  for (const event of events) state = decider.evolve(state, event);
  return state;
};
