import { randomUUID } from 'node:crypto';
import { FeedSubscriber, FeedSubscriberOptions, logIds, seeded, testEvent as event, tick } from '@ledgerline/test/support/feed-subscriber';
import { InMemoryEventStore } from '../in-memory/in-memory-event-store';
import { LogFilter, Position, START, SubscribeOptions } from '../port';
import { LiveFeed } from './live-feed';
import { serveShared } from './shared-stream';

describe('one follower fanned out to every stream (in-memory store)', () => {
  let store: InMemoryEventStore;
  let feed: LiveFeed;
  const subscribers: FeedSubscriber[] = [];
  const subscribe = (options: FeedSubscriberOptions = {}) => {
    const subscriber = new FeedSubscriber(store, feed, options);
    subscribers.push(subscriber);
    return subscriber;
  };

  beforeEach(() => {
    store = new InMemoryEventStore();
    feed = new LiveFeed(store, { restartDelayMs: 5 });
  });
  afterEach(async () => {
    await Promise.all(subscribers.splice(0).map((s) => s.end()));
    await feed.close();
    jest.restoreAllMocks();
  });

  it('gives every stream every event after its start exactly once, in order, while appends race the hand-over and clients stall', async () => {
    const random = seeded(7);
    // Every read of the log (the follower's and each catch-up's) takes a random while to start and to
    // answer, as over a network: appends land between a read's snapshot and its answer, and the catch-ups'
    // last reads overlap the live feed in ever different ways.
    const readAll = store.readAll.bind(store);
    jest.spyOn(store, 'readAll').mockImplementation(async (options) => {
      await tick(random() * 2);
      const page = await readAll(options);
      await tick(random() * 2);
      return page;
    });
    const filters: LogFilter[] = [{}, { types: ['B'] }, { streamPrefix: 'odd-' }, { types: ['A'], streamPrefix: 'even-' }];
    const writers = Array.from({ length: 4 }, (_, w) => `${w % 2 ? 'odd' : 'even'}-${randomUUID()}`);
    const positions: Position[] = [START];
    const writing = (async () => {
      for (let i = 0; i < 60; i++) {
        const stream = writers[i % writers.length];
        const result = await store.append(stream, [event(i % 3 ? 'A' : 'B', { i }), event('A', { i })], 'any');
        positions.push(result.position);
        await tick(random() * 2);
      }
    })();
    const started: { subscriber: FeedSubscriber; after: Position; filter: LogFilter }[] = [];
    for (let s = 0; s < 40; s++) {
      // From the start, from a position already passed, or from the newest one: catch-ups of every length.
      const after = s % 3 === 0 ? START : positions[Math.floor(random() * positions.length)];
      const filter = filters[s % filters.length];
      // Every fifth has a queue of three events only: it falls behind whenever it stalls for long.
      const subscriber = subscribe({ ...filter, after, pageSize: 1 + (s % 4), ...(s % 5 === 0 ? { queueLimit: 3 } : {}) });
      started.push({ subscriber, after, filter });
      await tick(random() * 4);
    }
    // Meanwhile a third of the clients fill their sockets now and then, for a few milliseconds.
    const stalling = (async () => {
      for (let round = 0; round < 60; round++) {
        const { subscriber } = started[3 * Math.floor((random() * started.length) / 3)];
        subscriber.stall();
        await tick(random() * 3);
        subscriber.resume();
      }
    })();
    await Promise.all([writing, stalling]);

    for (const { subscriber, after, filter } of started) {
      const wanted = await logIds(store, after, filter);
      // A repeat would make up the count early, and then fail the comparison.
      await subscriber.until((events) => events.length >= wanted.length);
      expect(subscriber.events.map((e) => e.id)).toEqual(wanted);
    }
  });

  it('hands over without a gap: an event the follower hands out between a catch-up read and its answer still reaches the stream', async () => {
    const stream = `order-${randomUUID()}`;
    await store.append(stream, [event('E1'), event('E2'), event('E3')], 'no_stream');
    const witness = subscribe({ after: (await store.readAll()).at(-1)!.position });
    await tick(5); // the witness is on the live feed
    const readAll = store.readAll.bind(store);
    let raced = false;
    jest.spyOn(store, 'readAll').mockImplementation(async (options) => {
      const page = await readAll(options);
      // The stream's last catch-up read (pages of 2, this one short) has taken its snapshot; before its
      // answer arrives, E4 is appended and the follower hands it out.
      if (options?.limit === 2 && page.length < 2 && !raced) {
        raced = true;
        await store.append(stream, [event('E4')], 2);
        await witness.untilType('E4');
      }
      return page;
    });
    const subscriber = subscribe({ pageSize: 2 });
    await subscriber.until((events) => events.length >= 4);
    expect(raced).toBe(true);
    expect(subscriber.events.map((e) => e.type)).toEqual(['E1', 'E2', 'E3', 'E4']);
  });

  it('holds what comes while the socket of a client is full and sends it once the socket drains, without reading the log again', async () => {
    const fellBehind = jest.fn();
    const slow = subscribe({ queueLimit: 5, onFellBehind: fellBehind });
    const witness = subscribe();
    const stream = `order-${randomUUID()}`;
    await store.append(stream, [event('First')], 'no_stream');
    await slow.untilType('First');
    slow.stall();
    for (let i = 1; i <= 4; i++) await store.append(stream, [event('Next', { i })], i - 1);
    await witness.until((events) => events.length === 5); // the follower has handed out all five
    expect(slow.events).toHaveLength(2); // the one that filled the socket; three more wait in the queue
    const reads = jest.spyOn(store, 'readAll');
    slow.resume();
    await slow.until((events) => events.length === 5);
    expect(reads).not.toHaveBeenCalled();
    expect(fellBehind).not.toHaveBeenCalled();
    expect(slow.events.map((e) => e.id)).toEqual(await logIds(store, START, {}));
  });

  it('lets a slow stream overflow its bounded queue, read the rest from the log, and still get every event once; the others never wait for it', async () => {
    const fellBehind = jest.fn();
    const fast = subscribe();
    const slow = subscribe({ pageSize: 4, queueLimit: 5, onFellBehind: fellBehind });
    const stream = `order-${randomUUID()}`;
    await store.append(stream, [event('First')], 'no_stream');
    await slow.untilType('First');
    await fast.untilType('First');
    slow.stall();

    for (let i = 1; i < 40; i++) await store.append(stream, [event('Next', { i })], i - 1);
    await fast.until((events) => events.length === 40);
    // The slow one took the event that filled its socket, then nothing; past five queued events it let go
    // of the feed.
    expect(slow.events).toHaveLength(2);
    expect(feed.size).toBe(1);

    slow.resume();
    await store.append(stream, [event('End')], 39);
    await slow.untilType('End');
    await fast.untilType('End');
    const all = await logIds(store, START, {});
    expect(slow.events.map((e) => e.id)).toEqual(all);
    expect(fast.events.map((e) => e.id)).toEqual(all);
    expect(fellBehind).toHaveBeenCalled();
    // Back on the live feed after catching up.
    expect(feed.size).toBe(2);
  });

  it('costs the log one read per append however many streams are idle on it', async () => {
    const reads = jest.spyOn(store, 'readAll');
    const readsForOneAppend = async (streams: number) => {
      const idle = Array.from({ length: streams }, () => subscribe({ after: START }));
      const stream = `customer-${randomUUID()}`;
      await store.append(stream, [event('Warm')], 'no_stream');
      for (const s of idle) await s.untilType('Warm');
      reads.mockClear();
      await store.append(stream, [event('Counted')], 0);
      for (const s of idle) await s.untilType('Counted');
      await tick(20);
      const count = reads.mock.calls.length;
      await Promise.all(idle.map((s) => s.end()));
      return count;
    };
    const withOne = await readsForOneAppend(1);
    const withFifty = await readsForOneAppend(50);
    expect(withOne).toBeLessThanOrEqual(2);
    expect(withFifty).toBe(withOne);
  });

  it('ends a stream whose client fails, with its error, and serves the others on', async () => {
    const failing = new Error('socket gone');
    const sink = {
      send: () => {
        throw failing;
      },
      drained: async () => undefined,
    };
    const broken = serveShared(store, feed, sink, { signal: new AbortController().signal });
    const other = subscribe();
    const stream = `order-${randomUUID()}`;
    await store.append(stream, [event('A')], 'no_stream');
    await expect(broken).rejects.toBe(failing);
    await store.append(stream, [event('B')], 0);
    await other.untilType('B');
    expect(other.events.map((e) => e.type)).toEqual(['A', 'B']);
    expect(feed.size).toBe(1);
  });

  it('resumes a failed follower right after the last event it handed out: no gap, no repeat', async () => {
    const errors: string[] = [];
    feed = new LiveFeed(store, { restartDelayMs: 5, onError: (error) => errors.push(error.message) });
    const subscribeThrough = store.subscribe.bind(store);
    let calls = 0;
    jest.spyOn(store, 'subscribe').mockImplementation((options?: SubscribeOptions) => {
      calls++;
      if (calls > 1) return subscribeThrough(options);
      // The first subscription hands out three events, then its connection "drops".
      return (async function* () {
        let handed = 0;
        for await (const e of subscribeThrough(options)) {
          yield e;
          if (++handed === 3) throw new Error('connection lost');
        }
      })();
    });
    const subscriber = subscribe();
    const stream = `order-${randomUUID()}`;
    for (let i = 0; i < 10; i++) {
      await store.append(stream, [event('Counted', { i })], i - 1 < 0 ? 'no_stream' : i - 1);
      await tick(1);
    }
    await store.append(stream, [event('End')], 9);
    await subscriber.untilType('End');
    expect(subscriber.events.map((e) => e.id)).toEqual(await logIds(store, START, {}));
    expect(errors).toEqual(['connection lost']);
    expect(calls).toBe(2);
  });

  it('ends every stream and its own subscription on close()', async () => {
    let following = false;
    const subscribeThrough = store.subscribe.bind(store);
    jest.spyOn(store, 'subscribe').mockImplementation((options?: SubscribeOptions) =>
      (async function* () {
        following = true;
        try {
          yield* subscribeThrough(options);
        } finally {
          following = false;
        }
      })(),
    );
    const a = subscribe();
    const b = subscribe({ types: ['Nothing'] });
    await store.append(`order-${randomUUID()}`, [event('A')], 'no_stream');
    await a.untilType('A');
    expect(following).toBe(true);

    await feed.close();
    await Promise.all([a.done, b.done]);
    expect(following).toBe(false);
    // A stream that comes after the close ends at once.
    await subscribe().done;
  });
});
