import { Decider, fold } from '../../domain/shared/decider';
import type { Executed, Loaded } from './aggregate-store';

type DomainMessage = { type: string; data: unknown };

/**
 * What the command `commandId` did to this stream, if it ran before: the result as it was then, so a
 * retry answers as the first attempt did instead of deciding again (ADR 0011). The state is folded up to
 * the command's last event, version and position are that event's, `appended` is what it appended. Null
 * when the stream holds no event of the command.
 */
export function earlierRun<State, Event extends DomainMessage>(
  decider: Pick<Decider<State, unknown, Event>, 'initialState' | 'evolve'>,
  loaded: Loaded<State>,
  commandId: string | undefined,
): Executed<State> | null {
  if (commandId === undefined) return null;
  const { events } = loaded;
  const first = events.findIndex((e) => e.metadata.commandId === commandId);
  if (first === -1) return null;
  // One append per stream and command, and an append is atomic: the command's events follow each other.
  let last = first;
  while (last + 1 < events.length && events[last + 1].metadata.commandId === commandId) last++;
  const upTo = events.slice(0, last + 1).map((e) => ({ type: e.type, data: e.data }) as unknown as Event);
  return {
    state: fold(decider, upTo),
    version: events[last].version,
    position: events[last].position,
    appended: upTo.slice(first),
    ranAt: events[first].occurredAt,
  };
}
