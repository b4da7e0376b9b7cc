import { comparePositions, EventStore, Position } from '@ledgerline/event-store/port';
import { PostgresEventStore } from '@ledgerline/event-store/postgres/postgres-event-store';

/** Events remembered: far more than a live load appends while one probe's command is in flight. */
const HISTORY = 5_000;

interface Waiter {
  position: Position;
  resolve(at: number): void;
}

/**
 * A subscriber of its own (its own pool and LISTEN connection, as the projector process has), following the
 * log from the head, that says when a position became readable by subscribers: the event store's share of
 * the append → visible lag, before any projection applies it. Its wake-up is the NOTIFY, which the app's
 * in-process runners do not wait for (the store wakes them directly), so it errs on the late side by about
 * one round trip.
 */
export class LogWatcher {
  private readonly store: PostgresEventStore;
  private readonly stop = new AbortController();
  private waiters: Waiter[] = [];
  private last: Position = '';
  /** Recent events' positions and when they were read: a probe asks only after its command answered. */
  private positions: Position[] = [];
  private times: number[] = [];
  private following?: Promise<void>;

  constructor(databaseUrl: string) {
    this.store = PostgresEventStore.fromConnectionString(databaseUrl, { max: 2 });
  }

  async start(): Promise<void> {
    this.last = await this.store.headPosition();
    this.following = this.follow(this.store);
  }

  /** `performance.now()` of the moment a subscriber first read `position` (or an event past it). */
  seen(position: Position): Promise<number> {
    if (comparePositions(this.last, position) < 0) return new Promise((resolve) => this.waiters.push({ position, resolve }));
    // Already read: the first event at or past it, found by binary search (positions only go forward).
    let low = 0;
    let high = this.positions.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (comparePositions(this.positions[mid], position) >= 0) high = mid;
      else low = mid + 1;
    }
    return Promise.resolve(this.times[low] ?? performance.now());
  }

  async close(): Promise<void> {
    this.stop.abort();
    await this.following?.catch(() => undefined);
    // Probes still waiting get "now": they are not counted once the load has ended anyway.
    this.waiters.forEach((w) => w.resolve(performance.now()));
    await this.store.close();
  }

  private async follow(store: EventStore): Promise<void> {
    for await (const event of store.subscribe({ after: this.last, signal: this.stop.signal })) {
      const at = performance.now();
      this.last = event.position;
      this.positions.push(event.position);
      this.times.push(at);
      if (this.positions.length > HISTORY * 2) {
        this.positions = this.positions.slice(-HISTORY);
        this.times = this.times.slice(-HISTORY);
      }
      if (this.waiters.length === 0) continue;
      const still: Waiter[] = [];
      for (const waiter of this.waiters) {
        if (comparePositions(event.position, waiter.position) >= 0) waiter.resolve(at);
        else still.push(waiter);
      }
      this.waiters = still;
    }
  }
}
