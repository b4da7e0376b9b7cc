import { InMemoryEventStore } from '../../libs/event-store/in-memory/in-memory-event-store';
import { START, StoredEvent } from '../../libs/event-store/port';
import { catchUpThenFollow } from './catch-up-then-follow';

const meta = { actor: 't', correlationId: 'c', causationId: 'c', command: 'T', schemaVersion: 1 };

describe('catchUpThenFollow', () => {
  it('reads full pages, then follows the tail: every event once, in order, the live ones too', async () => {
    const store = new InMemoryEventStore();
    for (let i = 0; i < 23; i++) await store.append(`s-${i}`, [{ type: 'Before', data: { i }, metadata: meta }], 'no_stream');
    const pages: number[] = [];
    const readAll = store.readAll.bind(store);
    jest.spyOn(store, 'readAll').mockImplementation(async (options) => {
      const page = await readAll(options);
      if (options?.limit === 10) pages.push(page.length);
      return page;
    });
    const stop = new AbortController();
    const seen: StoredEvent[] = [];
    const following = (async () => {
      for await (const event of catchUpThenFollow(store, { after: START, pageSize: 10, signal: stop.signal })) {
        seen.push(event);
        if (seen.length === 23) await store.append('s-live', [{ type: 'Live', data: {}, metadata: meta }], 'no_stream');
        if (seen.length === 24) stop.abort();
      }
    })();
    await following;
    // Two full pages and the short one that ends the catch-up; the rest came through the subscription.
    expect(pages).toEqual([10, 10, 3]);
    expect(seen.map((e) => e.position)).toEqual((await readAll({ limit: 100 })).map((e) => e.position));
    expect(seen.at(-1)?.type).toBe('Live');
  });

  it('starts strictly after the position it is given', async () => {
    const store = new InMemoryEventStore();
    const positions: string[] = [];
    for (let i = 0; i < 5; i++) positions.push((await store.append(`s-${i}`, [{ type: 'E', data: { i }, metadata: meta }], 'no_stream')).position);
    const stop = new AbortController();
    const seen: string[] = [];
    for await (const event of catchUpThenFollow(store, { after: positions[1], pageSize: 2, signal: stop.signal })) {
      seen.push(event.position);
      if (seen.length === 3) stop.abort();
    }
    expect(seen).toEqual(positions.slice(2));
  });
});
