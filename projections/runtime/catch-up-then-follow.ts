import type { EventStore, Position, StoredEvent } from '../../libs/event-store/port';

/**
 * Every event after `after`, in log order: read in pages of `pageSize` while there are full pages to read
 * (a rebuild, a runner that restarts far behind: one round trip per batch rather than one per 500 events,
 * the subscription's own page), then the store's subscription from the last event read, which follows the
 * tail and wakes on each append. The subscription starts strictly after that event: no gap, no repeat.
 */
export async function* catchUpThenFollow(
  store: Pick<EventStore, 'readAll' | 'subscribe'>,
  options: { after: Position; pageSize: number; signal: AbortSignal },
): AsyncGenerator<StoredEvent> {
  const { pageSize, signal } = options;
  let after = options.after;
  for (;;) {
    if (signal.aborted) return;
    const page = await store.readAll({ after, limit: pageSize });
    for (const event of page) {
      yield event;
      after = event.position;
    }
    if (page.length < pageSize) break;
  }
  yield* store.subscribe({ after, signal });
}
