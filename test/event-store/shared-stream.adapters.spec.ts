import { randomUUID } from 'node:crypto';
import { EventStoreDbEventStore } from '@ledgerline/event-store/eventstoredb/eventstoredb-event-store';
import { LiveFeed } from '@ledgerline/event-store/fan-out/live-feed';
import { EventStore, LogFilter, Position, comparePositions } from '@ledgerline/event-store/port';
import { PostgresEventStore } from '@ledgerline/event-store/postgres/postgres-event-store';
import { FeedSubscriber, logIds, seeded, testEvent as event, tick } from '../support/feed-subscriber';
import { createTestDatabase } from '../support/test-database';
import { startEsdbProtocolServer } from './esdb-protocol-server';

interface Subject {
  store: EventStore;
  dispose(): Promise<void>;
}

/** The shared feed needs nothing but the port: the same scenarios on the production adapters. */
const adapters: [string, () => Promise<Subject>][] = [
  [
    'postgres',
    async () => {
      const database = await createTestDatabase('fan_out');
      const store = PostgresEventStore.fromConnectionString(database.url, { max: 10 });
      await store.migrate();
      return { store, dispose: async () => (await store.close(), await database.drop()) };
    },
  ],
  [
    'eventstoredb (protocol test server)',
    async () => {
      const server = await startEsdbProtocolServer();
      const store = EventStoreDbEventStore.fromConnectionString(server.url);
      return { store, dispose: async () => (await store.close(), await server.stop()) };
    },
  ],
];

describe.each(adapters)('one follower fanned out to every stream: %s', (_label, open) => {
  let subject: Subject;
  let feed: LiveFeed;
  const subscribers: FeedSubscriber[] = [];
  beforeEach(async () => {
    subject = await open();
  });
  afterEach(async () => {
    await Promise.all(subscribers.splice(0).map((s) => s.end()));
    await feed.close();
    await subject.dispose();
  });

  it('gives streams that start while writers append every event after their start exactly once, in order', async () => {
    const { store } = subject;
    feed = new LiveFeed(store);
    const random = seeded(11);
    const base = await store.headPosition();
    const positions: Position[] = [base];
    const writing = Promise.all(
      ['order', 'customer', 'order'].map(async (kind) => {
        const stream = `${kind}-${randomUUID()}`;
        for (let i = 0; i < 12; i++) {
          positions.push((await store.append(stream, [event(i % 2 ? 'A' : 'B', { i }), event('A', { i })], i === 0 ? 'no_stream' : 2 * i - 1)).position);
        }
      }),
    );
    const filters: LogFilter[] = [{}, { types: ['B'] }, { streamPrefix: 'order-' }];
    const started: { subscriber: FeedSubscriber; after: Position; filter: LogFilter }[] = [];
    for (let s = 0; s < 12; s++) {
      const after = positions[Math.floor(random() * positions.length)];
      const filter = filters[s % filters.length];
      const subscriber = new FeedSubscriber(store, feed, { ...filter, after, pageSize: 2 + (s % 3) * 3 });
      subscribers.push(subscriber);
      started.push({ subscriber, after, filter });
      await tick(random() * 10);
    }
    await writing;
    const last = positions.reduce((a, b) => (comparePositions(a, b) >= 0 ? a : b));
    for (const { subscriber, after, filter } of started) {
      const wanted = await logIds(store, after, filter, last);
      await subscriber.until((events) => events.length >= wanted.length);
      expect(subscriber.events.map((e) => e.id)).toEqual(wanted);
    }
  });

  it('lets a slow stream fall back to reads and still get every event once, while a fast one keeps up', async () => {
    const { store } = subject;
    feed = new LiveFeed(store);
    const base = await store.headPosition();
    const fellBehind = jest.fn();
    const fast = new FeedSubscriber(store, feed, { after: base });
    const slow = new FeedSubscriber(store, feed, { after: base, pageSize: 2, queueLimit: 3, onFellBehind: fellBehind });
    subscribers.push(fast, slow);
    const stream = `order-${randomUUID()}`;
    await store.append(stream, [event('First')], 'no_stream');
    await slow.untilType('First');
    slow.stall();
    let last = base;
    for (let i = 1; i < 20; i++) last = (await store.append(stream, [event('Next', { i })], i - 1)).position;
    await fast.until((events) => events.length === 20);
    expect(slow.events).toHaveLength(2);
    slow.resume();
    await slow.until((events) => events.length >= 20);
    const all = await logIds(store, base, {}, last);
    expect(slow.events.map((e) => e.id)).toEqual(all);
    expect(fast.events.map((e) => e.id)).toEqual(all);
    expect(fellBehind).toHaveBeenCalled();
  });
});
