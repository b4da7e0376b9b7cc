import type { EventSink } from '../../libs/event-store/fan-out/shared-stream';
import type { StoredEvent } from '../../libs/event-store/port';

/**
 * The log read ahead of the runner: whoever reads it (`pump` over a subscription, or the host's shared
 * follower through `serveShared`) sends events into a bounded queue while the runner is still applying the
 * previous batch, and `take` hands over everything queued (up to a batch) as soon as there is anything. So a
 * batch never waits on a timer: at the tail of the log it is what arrived while the last batch committed
 * (one transaction however many appends), during a rebuild a full batch that was read while the last one
 * was written (reading and writing overlap on the two cores).
 */
export class ReadAhead implements EventSink {
  private queue: StoredEvent[] = [];
  private ended = false;
  private failure: { error: unknown } | undefined;
  /** Resolves the waiting `take` (one at a time: the runner takes one batch after the other). */
  private arrival?: () => void;
  /** Resolves the sender once the queue is below capacity again, or closed. */
  private space?: () => void;

  constructor(private readonly capacity: number) {}

  /** Queues one event; false once the queue is full (the sender waits for `drained`). */
  send(event: StoredEvent): boolean {
    if (this.ended) return true;
    this.queue.push(event);
    this.wakeTaker();
    return this.queue.length < this.capacity;
  }

  drained(): Promise<void> {
    if (this.ended || this.queue.length < this.capacity) return Promise.resolve();
    return new Promise((resolve) => (this.space = resolve));
  }

  /** No more events will come: `take` returns what is queued, then undefined (or throws `error`). */
  end(error?: unknown): void {
    if (error !== undefined && !this.failure) this.failure = { error };
    this.ended = true;
    this.wakeTaker();
    this.wakePump();
  }

  /** Feeds the queue from `source` until it ends or fails, or the queue is ended. */
  async pump(source: AsyncIterable<StoredEvent>): Promise<void> {
    try {
      for await (const event of source) {
        if (!this.send(event)) await this.drained();
        if (this.ended) break;
      }
      this.end();
    } catch (error) {
      this.end(error);
    }
  }

  /**
   * The next batch: up to `max` queued events, waiting only until the first one arrives (and, with
   * `fillWaitMs`, at most that long for the batch to fill). Undefined once the queue has ended and all was
   * taken; a reader that failed throws here, once what it delivered before has been taken.
   */
  async take(max: number, fillWaitMs = 0): Promise<StoredEvent[] | undefined> {
    if (this.queue.length === 0 && !this.ended) {
      await new Promise<void>((resolve) => (this.arrival = resolve));
      // A subscription hands out the page it read one event per microtask: one turn of the event loop
      // lets the rest of that page in, so a burst of appends becomes one batch rather than two.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (fillWaitMs > 0 && this.queue.length < max && !this.ended) await this.fill(max, fillWaitMs);
    if (this.queue.length === 0) {
      if (this.failure) throw this.failure.error;
      return undefined;
    }
    const batch = this.queue.length <= max ? this.queue : this.queue.slice(0, max);
    this.queue = this.queue.length <= max ? [] : this.queue.slice(max);
    this.wakePump();
    return batch;
  }

  private async fill(max: number, waitMs: number): Promise<void> {
    let waiting = true;
    const timer = setTimeout(() => {
      waiting = false;
      this.wakeTaker();
    }, waitMs);
    while (waiting && this.queue.length < max && !this.ended) await new Promise<void>((resolve) => (this.arrival = resolve));
    clearTimeout(timer);
  }

  private wakeTaker(): void {
    const wake = this.arrival;
    this.arrival = undefined;
    wake?.();
  }

  private wakePump(): void {
    const wake = this.space;
    this.space = undefined;
    wake?.();
  }
}
