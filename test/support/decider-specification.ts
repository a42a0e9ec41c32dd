import type { Command, CommandMetadata, Decider, DomainEvent } from '../../src/kernel/decider';
import { DomainError } from '../../src/kernel/domain-error';

export const testMetadata = (overrides: Partial<CommandMetadata> = {}): CommandMetadata => ({
  now: new Date('2026-03-15T12:00:00Z'),
  actorId: 'staff-admin',
  actorRoles: ['ADMIN'],
  ...overrides,
});

/**
 * Given past events / When a command / Then new events (or a refusal). Pure: no store, no clock, no mocks.
 *   given(decider, [eventA]).when(command).then([eventB])
 */
export function given<C extends Command, E extends DomainEvent, S>(decider: Decider<C, E, S>, history: E[] = []) {
  const state = history.reduce(decider.evolve, decider.initialState());
  return {
    state,
    when(command: Omit<C, 'metadata'> & { metadata?: CommandMetadata }) {
      const run = () => decider.decide({ metadata: testMetadata(), ...command } as C, state);
      return {
        then(expected: E[]) {
          expect(run()).toEqual(expected);
        },
        thenNothingHappens() {
          expect(run()).toEqual([]);
        },
        thenThrows(code: DomainError['code'], message?: string | RegExp) {
          let thrown: unknown;
          try {
            run();
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(DomainError);
          expect((thrown as DomainError).code).toBe(code);
          if (message) expect((thrown as DomainError).message).toMatch(message);
        },
      };
    },
  };
}
