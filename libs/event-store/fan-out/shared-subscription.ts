import { EventStore, LogFilter, Position, START, StoredEvent, comparePositions } from '../port';
import { FELL_BEHIND } from './feed-attachment';
import type { LiveFeed } from './live-feed';

export interface SharedSubscriptionOptions extends LogFilter {
  /** Exclusive lower bound (default START). */
  after?: Position;
  /** Ends the subscription: the iterator returns. */
  signal: AbortSignal;
  /** Events per catch-up read (default 500). */
  pageSize?: number;
  /** Told each time the stream's queue overflowed and it goes back to reading the log. */
  onFellBehind?: () => void;
}

/**
 * What `EventStore.subscribe` promises (every event after `after` that matches, exactly once, in log order),
 * served from the process's one shared follower instead of a follower per subscriber.
 *
 * The hand-over from catch-up to live, and why it has neither a gap nor a repeat:
 * 1. Attach to the feed first. From then on every event the follower hands out, and the filter matches, is
 *    queued for this stream; `attach` resolves only once the follower's start position is fixed.
 * 2. Catch up by paged reads from the last position sent until a page comes back short: that read saw
 *    everything readable at the time. Reads never pass over an event still committing (the port's
 *    readAll), so what is readable is a prefix of the log, and it only grows.
 * 3. Drain the queue, skipping every position at or before the last one sent.
 * No gap: an event the last read of step 2 missed was not readable before that read, so the follower had
 *   not handed it out when the stream attached (it can only hand out what is readable): it is queued.
 * No repeat, right order: the queue is in log order and starts after the follower's position at attach
 *   time; whatever of it step 2 already sent is at or before the last position sent, and is skipped.
 * A stream that does not keep up overflows its bounded queue; it then detaches and goes back to step 1
 * from its last sent position, so a slow client costs reads of the log only for itself.
 */
export async function* subscribeShared(
  source: Pick<EventStore, 'readAll'>,
  feed: LiveFeed,
  options: SharedSubscriptionOptions,
): AsyncGenerator<StoredEvent> {
  const { signal, pageSize = 500 } = options;
  const filter: LogFilter = { types: options.types, streamPrefix: options.streamPrefix };
  let last = options.after ?? START;
  while (!signal.aborted) {
    const attachment = await feed.attach(filter, signal);
    if (!attachment) return;
    try {
      for (;;) {
        const page = await source.readAll({ ...filter, after: last, limit: pageSize });
        for (const event of page) {
          if (signal.aborted) return;
          last = event.position;
          yield event;
        }
        if (page.length < pageSize) break;
      }
      for (;;) {
        const next = await attachment.next();
        if (next === undefined) return;
        if (next === FELL_BEHIND) {
          options.onFellBehind?.();
          break;
        }
        if (comparePositions(next.position, last) <= 0) continue;
        last = next.position;
        yield next;
      }
    } finally {
      attachment.detach();
    }
  }
}
