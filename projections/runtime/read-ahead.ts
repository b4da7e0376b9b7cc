/**
 * Reads the log ahead of the runner: a pump moves events from the subscription into a bounded queue while
 * the runner is still applying the previous batch, and `take` hands over everything queued (up to a batch)
 * as soon as there is anything. So a batch never waits on a timer: at the tail of the log it is what arrived
 * while the last batch committed (one transaction, however many appends), during a rebuild it is a full
 * batch that was read while the last one was written (reading and writing overlap on the two cores).
 */
export class ReadAhead<T> {
  private queue: T[] = [];
  private ended = false;
  private failure: { error: unknown } | undefined;
  /** Resolves the waiting `take` (at most one at a time: the runner takes one batch after the other). */
  private arrival?: () => void;
  /** Resolves the pump once the queue is below capacity again. */
  private space?: () => void;
  private readonly pumping: Promise<void>;

  constructor(
    source: AsyncIterable<T>,
    private readonly capacity: number,
  ) {
    this.pumping = this.pump(source);
  }

  /**
   * The next batch: up to `max` queued items, waiting only until the first one arrives (and, with
   * `fillWaitMs`, at most that long for the batch to fill). Undefined once the source has ended and
   * everything was taken; a source that failed throws here, after what it delivered before was taken.
   */
  async take(max: number, fillWaitMs = 0): Promise<T[] | undefined> {
    if (this.queue.length === 0 && !this.ended) {
      await new Promise<void>((resolve) => (this.arrival = resolve));
      // The subscription hands out a page it has read one item per microtask: one turn of the event loop
      // lets the rest of that page in, so a burst of appends becomes one batch rather than two.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (fillWaitMs > 0 && this.queue.length < max && !this.ended) {
      let waiting = true;
      const timer = setTimeout(() => {
        waiting = false;
        this.wakeTaker();
      }, fillWaitMs);
      while (waiting && this.queue.length < max && !this.ended) await new Promise<void>((resolve) => (this.arrival = resolve));
      clearTimeout(timer);
      this.arrival = undefined;
    }
    if (this.queue.length === 0) {
      if (this.failure) throw this.failure.error;
      return undefined;
    }
    const batch = this.queue.length <= max ? this.queue : this.queue.slice(0, max);
    this.queue = this.queue.length <= max ? [] : this.queue.slice(max);
    this.wakePump();
    return batch;
  }

  /** Stops pulling from the source (it ends on its own signal) and waits for the pump to let go. */
  async close(): Promise<void> {
    this.ended = true;
    this.queue = [];
    this.wakePump();
    await this.pumping;
  }

  private async pump(source: AsyncIterable<T>): Promise<void> {
    try {
      for await (const item of source) {
        if (this.ended) break;
        this.queue.push(item);
        this.wakeTaker();
        if (this.queue.length >= this.capacity) await new Promise<void>((resolve) => (this.space = resolve));
        if (this.ended) break;
      }
    } catch (error) {
      this.failure = { error };
    } finally {
      this.ended = true;
      this.wakeTaker();
    }
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
