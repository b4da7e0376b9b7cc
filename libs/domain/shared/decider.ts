/**
 * The decider shape every aggregate follows: `decide` turns a command and the current state into new
 * events or throws a DomainError; `evolve` folds one event into the state and never throws.
 */
export interface Decider<State, Command, Event> {
  initialState: State;
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  /**
   * For a decider whose `evolve` extends the state's collections in place (a long stream would fold in
   * quadratic time otherwise): a copy that evolving cannot reach back into. Whoever keeps a state while
   * evolving it further (the command path's cache of states) evolves a copy.
   */
  copy?(state: State): State;
}

export function fold<State, Event>(decider: Pick<Decider<State, unknown, Event>, 'initialState' | 'evolve'>, events: readonly Event[]): State {
  return events.reduce(decider.evolve, decider.initialState);
}

/** Exhaustiveness check for switches over a discriminated union. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
