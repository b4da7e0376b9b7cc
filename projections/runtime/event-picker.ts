import type { StoredEvent } from '../../libs/event-store/port';

/** A stored event whose payload is typed as the projection's own event union; the envelope gives the position. */
export interface TypedEvent<E> {
  stored: StoredEvent;
  event: E;
}

/**
 * Picks, from the batch the runtime hands over (every event of the log), the types a projection reads,
 * typed as its event union. Every other type passes by.
 */
export function eventPicker<E extends { type: string }>(types: readonly E['type'][]): (events: readonly StoredEvent[]) => TypedEvent<E>[] {
  const wanted: ReadonlySet<string> = new Set(types);
  return (events) => events.filter((e) => wanted.has(e.type)).map((stored) => ({ stored, event: { type: stored.type, data: stored.data } as unknown as E }));
}
