import { LogFilter, StoredEvent, matchesFilter } from '../port';

/** What `next()` answers once the queue overflowed: the stream must catch up by reads before it re-attaches. */
export const FELL_BEHIND = 'fell-behind';

/**
 * One stream's place on the shared live feed. The feed offers every event, in log order; the attachment
 * keeps those that match the stream's filter until the stream takes them. The queue is bounded: a stream
 * that does not keep up (a slow client: its sends wait for the socket) never blocks the feed or the other
 * streams, and never makes the process buffer without bound. On overflow the attachment drops what it
 * held, detaches itself, and tells the stream it fell behind; the stream then reads the rest from the log.
 */
export class FeedAttachment {
  private queue: StoredEvent[] = [];
  private state: 'attached' | 'fell-behind' | 'ended' = 'attached';
  private wake?: () => void;

  /** One listener for the attachment's life, not one per wait: a live stream waits once per event. */
  private readonly onAbort = () => this.wake?.();

  constructor(
    private readonly filter: LogFilter,
    private readonly limit: number,
    private readonly signal: AbortSignal,
    private readonly leave: (attachment: FeedAttachment) => void,
  ) {
    signal.addEventListener('abort', this.onAbort, { once: true });
  }

  /** Called by the feed, synchronously, for each event in log order. */
  offer(event: StoredEvent): void {
    if (this.state !== 'attached' || !matchesFilter(event, this.filter)) return;
    if (this.queue.length >= this.limit) {
      this.state = 'fell-behind';
      this.queue = [];
      this.leave(this);
    } else {
      this.queue.push(event);
    }
    this.wake?.();
  }

  /** The next event; FELL_BEHIND after an overflow; undefined once the feed closed or the stream's signal aborted. */
  async next(): Promise<StoredEvent | typeof FELL_BEHIND | undefined> {
    while (this.queue.length === 0) {
      if (this.state === 'fell-behind') return FELL_BEHIND;
      if (this.state === 'ended' || this.signal.aborted) return undefined;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
    return this.queue.shift();
  }

  /** The feed is closing: the stream ends. */
  end(): void {
    this.state = 'ended';
    this.queue = [];
    this.signal.removeEventListener('abort', this.onAbort);
    this.wake?.();
  }

  /** The stream no longer listens (it ended, or it re-attaches afresh). */
  detach(): void {
    if (this.state === 'attached') this.state = 'ended';
    this.queue = [];
    this.signal.removeEventListener('abort', this.onAbort);
    this.leave(this);
  }
}
