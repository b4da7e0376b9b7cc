import type { Position } from '../../event-store/port';

/** A stream's folded state as of one version: a fact that never goes stale, only old. */
export interface CachedState<State> {
  state: State;
  /** Version of the stream's last event folded in; -1 when the stream had none. */
  version: number;
  position: Position;
  /** The ids of the retryable commands whose events are folded in (ADR 0011): a retry of one needs the events. */
  commandIds: ReadonlySet<string>;
}

/**
 * Recently used streams' states, per decider, least recently used dropped first. Whoever reads it either
 * reads the stream's tail after the cached version (an exact read) or appends expecting that version (the
 * store refuses it when the stream moved on): a cached state is never taken for the current one unchecked.
 * States are immutable values (evolve returns new ones), so sharing them is safe.
 */
export class StreamStateCache {
  private readonly byDecider = new WeakMap<object, Map<string, CachedState<unknown>>>();

  constructor(private readonly capacityPerDecider = 10_000) {}

  get<State>(decider: object, streamId: string): CachedState<State> | undefined {
    const streams = this.byDecider.get(decider);
    const cached = streams?.get(streamId);
    if (streams && cached) {
      streams.delete(streamId);
      streams.set(streamId, cached);
    }
    return cached as CachedState<State> | undefined;
  }

  /** Keeps `cached` unless a later version of the stream is cached already. */
  put<State>(decider: object, streamId: string, cached: CachedState<State>): void {
    let streams = this.byDecider.get(decider);
    if (!streams) this.byDecider.set(decider, (streams = new Map()));
    const known = streams.get(streamId);
    if (known && known.version > cached.version) return;
    streams.delete(streamId);
    streams.set(streamId, cached);
    if (streams.size > this.capacityPerDecider) streams.delete(streams.keys().next().value as string);
  }
}
