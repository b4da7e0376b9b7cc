import { EventStore, LogFilter, Position, START, StoredEvent, comparePositions, matchesFilter } from '../port';
import type { FeedListener, LiveFeed } from './live-feed';

/** Where one stream's events go: a client's connection. */
export interface EventSink {
  /** Sends one event; false when the client cannot take more now (its socket is full). Should not throw. */
  send(event: StoredEvent): boolean;
  /** Resolves once the client can take more again, or the stream has stopped. */
  drained(): Promise<void>;
}

export interface SharedStreamOptions extends LogFilter {
  /** Exclusive lower bound (default START). */
  after?: Position;
  /** Ends the stream. */
  signal: AbortSignal;
  /** Events per catch-up read (default 500). */
  pageSize?: number;
  /** Events kept for a stream that cannot take them yet before it falls back to reads (default 500). */
  queueLimit?: number;
  /** Told each time the queue overflowed and the stream goes back to reading the log. */
  onFellBehind?: () => void;
}

/**
 * Sends every event after `after` that matches to `sink`, exactly once, in log order, until `signal` aborts
 * or the feed closes: what `EventStore.subscribe` promises, served from the process's one shared follower.
 *
 * The hand-over from catch-up to live, and why it has neither a gap nor a repeat:
 * 1. Attach to the feed first: from then on every event the follower hands out, and the filter matches, is
 *    queued for this stream. `attach` resolves only once the follower's start position is fixed.
 * 2. Catch up by paged reads from the last position sent until a page comes back short: that read saw
 *    everything readable at the time. Reads never pass over an event still committing (the port's
 *    readAll), so what is readable is a prefix of the log, and it only grows.
 * 3. Drain the queue, skipping every position at or before the last one sent; once it is empty (and the
 *    client can take more), the feed's next events go straight to the sink, without a queue.
 * No gap: an event the last read of step 2 missed was not readable before that read, so the follower had
 *   not handed it out when the stream attached (it can only hand out what is readable): it is queued.
 * No repeat, right order: the queue is in log order and starts after the follower's position at attach
 *   time; whatever of it step 2 already sent is at or before the last position sent, and is skipped.
 * A client whose socket is full gets nothing more until it drains; meanwhile its events queue. The queue
 * is bounded: on overflow it is dropped, the stream detaches and starts again at step 1 from its last sent
 * position, so a slow client never holds the feed up, never makes the process buffer without bound, and
 * costs reads of the log only for itself.
 */
export function serveShared(source: Pick<EventStore, 'readAll'>, feed: LiveFeed, sink: EventSink, options: SharedStreamOptions): Promise<void> {
  return new SharedStream(source, feed, sink, options).run();
}

/**
 * queueing: the feed's events are kept (during catch-up and the drain, or while the sink is full);
 * direct: they go straight to the sink; fell-behind: the queue overflowed; ended: feed closed or sink failed.
 */
type Mode = 'queueing' | 'direct' | 'fell-behind' | 'ended';

class SharedStream implements FeedListener {
  private readonly filter: LogFilter;
  private readonly pageSize: number;
  private readonly queueLimit: number;
  private last: Position;
  private mode: Mode = 'queueing';
  private queue: StoredEvent[] = [];
  private failure?: unknown;
  private wake?: () => void;
  private readonly onAbort = () => this.wake?.();

  constructor(
    private readonly source: Pick<EventStore, 'readAll'>,
    private readonly feed: LiveFeed,
    private readonly sink: EventSink,
    private readonly options: SharedStreamOptions,
  ) {
    this.filter = { types: options.types, streamPrefix: options.streamPrefix };
    this.pageSize = options.pageSize ?? 500;
    this.queueLimit = options.queueLimit ?? 500;
    this.last = options.after ?? START;
  }

  async run(): Promise<void> {
    const { signal } = this.options;
    signal.addEventListener('abort', this.onAbort, { once: true });
    try {
      while (!this.stopped()) {
        this.mode = 'queueing';
        this.queue = [];
        if (!(await this.feed.attach(this, signal))) return;
        try {
          await this.catchUp();
          await this.live();
        } finally {
          this.feed.detach(this);
        }
        if (this.is('fell-behind')) this.options.onFellBehind?.();
      }
    } finally {
      signal.removeEventListener('abort', this.onAbort);
    }
    if (this.failure !== undefined) throw this.failure;
  }

  /** Called by the feed, synchronously, for each event in log order. */
  offer(event: StoredEvent): void {
    if (!matchesFilter(event, this.filter)) return;
    if (this.mode === 'direct') {
      if (!this.deliver(event)) this.changeTo('queueing');
    } else if (this.mode === 'queueing') {
      if (this.queue.length < this.queueLimit) this.queue.push(event);
      else {
        this.queue = [];
        this.feed.detach(this);
        this.changeTo('fell-behind');
      }
    }
  }

  end(): void {
    this.queue = [];
    this.changeTo('ended');
  }

  /** Step 2: paged reads from the last position sent, until one comes back short. */
  private async catchUp(): Promise<void> {
    for (;;) {
      const page = await this.source.readAll({ ...this.filter, after: this.last, limit: this.pageSize });
      for (const event of page) {
        if (this.stopped()) return;
        if (!this.deliver(event)) await this.sink.drained();
      }
      if (page.length < this.pageSize) return;
    }
  }

  /** Step 3, and live from then on; returns when the stream fell behind or stopped. */
  private async live(): Promise<void> {
    for (;;) {
      while (this.is('queueing') && this.queue.length > 0 && !this.stopped()) {
        if (!this.deliver(this.queue.shift()!)) await this.sink.drained();
      }
      if (!this.is('queueing') || this.stopped()) return;
      // Nothing queued and the sink can take more; no await since the check, so no event came in between.
      this.mode = 'direct';
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
      if (!this.is('queueing') || this.stopped()) return;
      // The sink got full: what comes meanwhile queues, and is drained once the sink can take more.
      await this.sink.drained();
    }
  }

  /** Sends `event` unless it was sent already (the hand-over's overlap); false when the sink is full. */
  private deliver(event: StoredEvent): boolean {
    if (comparePositions(event.position, this.last) <= 0) return true;
    this.last = event.position;
    try {
      return this.sink.send(event);
    } catch (error) {
      // Called from the shared follower too: a failing sink ends its own stream, never the feed.
      this.failure = error;
      this.feed.detach(this);
      this.changeTo('ended');
      return true;
    }
  }

  private changeTo(mode: Mode): void {
    this.mode = mode;
    this.wake?.();
  }

  /** The mode as it is now: offers and ends change it while `run` awaits. */
  private is(mode: Mode): boolean {
    return this.mode === mode;
  }

  private stopped(): boolean {
    return this.mode === 'ended' || this.options.signal.aborted;
  }
}
