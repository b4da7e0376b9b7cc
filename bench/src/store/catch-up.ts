import { comparePositions, EventStore, START } from '@ledgerline/event-store/port';
import { elapsedMs } from '../shared/latency';

export interface CatchUpMeasurement {
  events: number;
  durationMs: number;
  eventsPerSecond: number;
}

/**
 * Subscribes from the start, as a new projection does, and times reading `expected` events (the whole
 * log). Also checks the order: a subscription that skipped or reordered events would read faster and lie.
 */
export async function runCatchUp(
  store: EventStore,
  expected: number,
  options: { onRead?: (events: number) => void; signal?: AbortSignal } = {},
): Promise<CatchUpMeasurement> {
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let events = 0;
  let last = START;
  const started = process.hrtime.bigint();
  try {
    for await (const event of store.subscribe({ after: START, signal: stop.signal })) {
      if (comparePositions(event.position, last) <= 0) throw new Error(`subscription went back from ${last} to ${event.position}`);
      last = event.position;
      events++;
      // Progress in chunks: a callback per event would cost more than reading it.
      if (events % 500 === 0) options.onRead?.(500);
      if (events === expected) break;
    }
    const durationMs = elapsedMs(started);
    options.onRead?.(events % 500);
    return { events, durationMs, eventsPerSecond: (events * 1000) / durationMs };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    stop.abort();
  }
}
