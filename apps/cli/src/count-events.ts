import type { EventStore } from '@ledgerline/event-store/port';

/** The size of the log, for progress bars' totals (paged reads are cheap next to what the bars measure). */
export async function countEvents(store: EventStore): Promise<number> {
  let count = 0;
  let after = '';
  for (;;) {
    const page = await store.readAll({ after, limit: 10_000 });
    if (page.length === 0) return count;
    count += page.length;
    after = page[page.length - 1].position;
  }
}
