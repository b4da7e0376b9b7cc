import { Decider, fold } from './decider';
import { DomainError } from './domain-error';

/**
 * given(events).when(command).then(events) | .thenRefuses(code): the shape of every decider spec.
 * Test-only, but kept beside the decider type so each aggregate's spec reads the same way.
 */
export function deciderSpec<State, Command, Event>(decider: Decider<State, Command, Event>) {
  return {
    given: (history: Event[]) => ({
      when: (command: Command) => {
        const run = () => decider.decide(command, fold(decider, history));
        return {
          then: (expected: Event[]) => expect(run()).toEqual(expected),
          thenRefuses: (code: string, details?: Record<string, unknown>) => {
            let error: unknown;
            try {
              run();
            } catch (e) {
              error = e;
            }
            expect(error).toBeInstanceOf(DomainError);
            expect((error as DomainError).code).toBe(code);
            if (details) expect((error as DomainError).details).toMatchObject(details);
          },
        };
      },
    }),
  };
}
