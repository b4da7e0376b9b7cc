import { randomUUID } from 'node:crypto';
import { LiveFeed } from '@ledgerline/event-store/fan-out/live-feed';
import { serveShared } from '@ledgerline/event-store/fan-out/shared-stream';
import { untilVisible } from './until-readable';
import type { EventStore, LogFilter, NewEvent, Position, StoredEvent } from '@ledgerline/event-store/port';

export const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

export const testEvent = (type: string, data: Record<string, number | string> = {}): NewEvent => ({
  type,
  data,
  metadata: { actor: 'fan-out-test', correlationId: randomUUID(), causationId: randomUUID(), command: 'Test', schemaVersion: 1 },
});

/** A tiny seeded generator: interleavings vary inside a run, not between runs. */
export function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

export type FeedSubscriberOptions = LogFilter & { after?: Position; pageSize?: number; queueLimit?: number; onFellBehind?: () => void };

/** One stream on a shared LiveFeed (serveShared): what it received, and ways to wait or to be slow. */
export class FeedSubscriber {
  readonly events: StoredEvent[] = [];
  readonly stop = new AbortController();
  readonly done: Promise<void>;
  private full = false;
  private gate?: Promise<void>;
  private openGate?: () => void;

  constructor(store: Pick<EventStore, 'readAll'>, feed: LiveFeed, options: FeedSubscriberOptions = {}) {
    const sink = {
      send: (event: StoredEvent) => {
        this.events.push(event);
        return !this.full;
      },
      drained: () => this.gate ?? Promise.resolve(),
    };
    this.done = serveShared(store, feed, sink, { ...options, signal: this.stop.signal });
  }

  /** A client whose socket fills up: it takes one more event, then nothing until `resume`. */
  stall(): void {
    this.full = true;
    this.gate = new Promise((resolve) => (this.openGate = resolve));
  }

  resume(): void {
    this.full = false;
    this.gate = undefined;
    this.openGate?.();
  }

  async until(done: (events: StoredEvent[]) => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done(this.events)) {
      if (Date.now() > deadline) throw new Error(`timed out with ${this.events.length} events`);
      await tick(2);
    }
  }

  untilType(type: string): Promise<void> {
    return this.until((events) => events.some((e) => e.type === type));
  }

  async end(): Promise<void> {
    this.stop.abort();
    this.resume();
    await this.done;
  }
}

/** Everything after `after` that `filter` matches, read straight from the log. */
export async function logIds(store: Pick<EventStore, 'readAll' | 'headPosition'>, after: Position, filter: LogFilter, upTo?: Position): Promise<string[]> {
  // `upTo`, the last position written: PostgreSQL's readers stop short of any transaction still in flight
  // in the cluster (ADR 0001), other test files' included, so the last write is not readable at once.
  if (upTo !== undefined) await untilVisible(store, upTo);
  const ids: string[] = [];
  for (;;) {
    const page = await store.readAll({ ...filter, after, limit: 1000 });
    ids.push(...page.map((e) => e.id));
    if (page.length < 1000) return ids;
    after = page[page.length - 1].position;
  }
}
