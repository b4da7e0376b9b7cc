import { randomUUID } from 'node:crypto';
import { EventStoreDBClient, binaryEvent, jsonEvent } from '@eventstore/db-client';
import {
  EventStoreDbEventStore,
  EventStoreDbEventStoreOptions,
  UnreadableEventError,
} from '@ledgerline/event-store/eventstoredb/eventstoredb-event-store';
import { GENESIS_HASH, eventHash, verifyChain } from '@ledgerline/event-store/hash-chain';
import { EventMetadata, NewEvent, StoredEvent, comparePositions } from '@ledgerline/event-store/port';
import { eventStoreDbPosition } from '@ledgerline/event-store/positions';
import { EsdbProtocolServer, startEsdbProtocolServer } from './esdb-protocol-server';
import { eventStoreContract } from './contract';

/**
 * Runs against the real EventStoreDB at EVENTSTORE_URL when set (e.g. esdb://localhost:2113?tls=false),
 * else against the in-process protocol test server: same client, same wire protocol.
 */
const realUrl = process.env.EVENTSTORE_URL;
const label = realUrl ? `eventstoredb (real server at ${realUrl})` : 'eventstoredb (protocol test server)';

interface Connection {
  url: string;
  store: EventStoreDbEventStore;
  /** Only with the protocol test server. */
  server?: EsdbProtocolServer;
  dispose(): Promise<void>;
}

async function connect(options?: EventStoreDbEventStoreOptions): Promise<Connection> {
  const server = realUrl ? undefined : await startEsdbProtocolServer();
  const url = realUrl ?? server!.url;
  const store = EventStoreDbEventStore.fromConnectionString(url, options);
  return {
    url,
    store,
    server,
    dispose: async () => {
      await store.close();
      await server?.stop();
    },
  };
}

eventStoreContract(label, async () => {
  const { store, dispose } = await connect();
  return { store, dispose };
});

const metadata = (): EventMetadata => ({
  actor: 'esdb-test',
  correlationId: randomUUID(),
  causationId: randomUUID(),
  command: 'Test',
  schemaVersion: 1,
});
const event = (type: string, data: NewEvent['data'] = {}): NewEvent => ({ type, data, metadata: metadata() });
const stream = (kind = 'order') => `${kind}-${randomUUID()}`;

async function take(iterable: AsyncIterable<StoredEvent>, count: number): Promise<StoredEvent[]> {
  const seen: StoredEvent[] = [];
  for await (const e of iterable) {
    seen.push(e);
    if (seen.length >= count) break;
  }
  return seen;
}

describe(`EventStoreDbEventStore specifics: ${label}`, () => {
  let connection: Connection;
  afterEach(() => connection?.dispose());

  it('hands out positions in the esdb codec that order like the log', async () => {
    connection = await connect();
    const { store } = connection;
    const base = await store.headPosition();
    const id = stream();
    await store.append(id, [event('A'), event('B')], 'no_stream');
    await store.append(stream(), [event('C')], 'no_stream');
    const all = await store.readAll({ after: base });
    const decoded = all.map((e) => eventStoreDbPosition.decode(e.position));
    for (let i = 1; i < decoded.length; i++) {
      const [previous, current] = [decoded[i - 1], decoded[i]];
      expect(current.commit > previous.commit || (current.commit === previous.commit && current.prepare > previous.prepare)).toBe(true);
      expect(comparePositions(all[i - 1].position, all[i].position)).toBe(-1);
    }
    expect((await store.readStream(id)).map((e) => e.position)).toEqual(all.slice(0, 2).map((e) => e.position));
  });

  it('leaves system streams and system event types out of reads, subscriptions and the head', async () => {
    connection = await connect();
    const { store, url } = connection;
    const raw = EventStoreDBClient.connectionString(url);
    try {
      const base = await store.headPosition();
      const mine = await store.append(stream(), [event('Mine')], 'no_stream');
      await raw.appendToStream(stream(), jsonEvent({ type: '$system-type', data: {} }));
      await raw.appendToStream(`$ledgerline-test-${randomUUID()}`, jsonEvent({ type: 'NotMine', data: {} }));
      expect((await store.readAll({ after: base })).map((e) => e.type)).toEqual(['Mine']);
      expect(await store.headPosition()).toBe(mine.position);
      const controller = new AbortController();
      const live = take(store.subscribe({ after: base, signal: controller.signal }), 2);
      await store.append(stream(), [event('Mine2')], 'no_stream');
      expect((await live).map((e) => e.type)).toEqual(['Mine', 'Mine2']);
      controller.abort();
    } finally {
      await raw.dispose();
    }
  });

  it('pages through $all until `limit` events match', async () => {
    connection = await connect({ pageSize: 2 });
    const { store } = connection;
    const base = await store.headPosition();
    const wanted = stream('wanted');
    await store.append(stream('other'), ['X1', 'X2', 'X3', 'X4', 'X5'].map((t) => event(t)), 'no_stream');
    await store.append(wanted, [event('W1'), event('W2'), event('W3')], 'no_stream');
    const page = await store.readAll({ after: base, streamPrefix: 'wanted-', limit: 2 });
    expect(page.map((e) => e.type)).toEqual(['W1', 'W2']);
    expect((await store.readAll({ after: page[1].position, types: ['W3', 'X1'] })).map((e) => e.type)).toEqual(['W3']);
    expect((await store.readAll({ after: base, limit: 6 })).map((e) => e.type)).toEqual(['X1', 'X2', 'X3', 'X4', 'X5', 'W1']);
  });

  (realUrl ? it.skip : it)('resubscribes after a dropped subscription: no event lost, none twice', async () => {
    connection = await connect({ maxResubscribeDelayMs: 50 });
    const { store, server } = connection;
    const base = await store.headPosition();
    const id = stream();
    const controller = new AbortController();
    const seen = take(store.subscribe({ after: base, signal: controller.signal }), 30);
    for (let i = 0; i < 30; i++) {
      await appendAcrossReconnect(() => store.append(id, [event('Counted', { i })], i === 0 ? 'no_stream' : i - 1));
      if (i % 7 === 3) server!.dropSubscriptions();
    }
    const events = await seen;
    controller.abort();
    expect(events.map((e) => (e.data as { i: number }).i)).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });

  // Not on a shared real server: the binary event would stay in its $all for good.
  (realUrl ? it.skip : it)('refuses a foreign non-JSON event instead of skipping it', async () => {
    connection = await connect();
    const { store, url } = connection;
    const raw = EventStoreDBClient.connectionString(url);
    try {
      await raw.appendToStream(stream(), binaryEvent({ type: 'Foreign', data: new Uint8Array([1, 2, 3]) }));
      await expect(store.readAll()).rejects.toBeInstanceOf(UnreadableEventError);
      await expect(take(store.subscribe(), 1)).rejects.toBeInstanceOf(UnreadableEventError);
    } finally {
      await raw.dispose();
    }
  });

  it('keeps the hash in the event metadata JSON and chains onto what another process or an older writer appended', async () => {
    connection = await connect();
    const { store, url } = connection;
    const other = EventStoreDbEventStore.fromConnectionString(url);
    const raw = EventStoreDBClient.connectionString(url);
    const id = stream();
    try {
      // Written before hashing existed: no hash.
      await raw.appendToStream(id, jsonEvent({ type: 'Old', data: {}, metadata: metadata() }));
      await store.append(id, [event('A')], 0);
      await other.append(id, [event('B')], 1);
      await store.append(id, [event('C')], 2);
      await other.append(id, [event('D')], 'any');
      const onWire: unknown[] = [];
      for await (const resolved of raw.readStream(id)) onWire.push(resolved.event?.metadata);
      expect(onWire[1]).toEqual(expect.objectContaining({ actor: 'esdb-test', hash: expect.stringMatching(/^[0-9a-f]{64}$/) }));
    } finally {
      await other.close();
      await raw.dispose();
    }
    const events = await store.readStream(id);
    expect(events.map((e) => e.type)).toEqual(['Old', 'A', 'B', 'C', 'D']);
    expect(events[1].metadata.hash).toBe(eventHash(GENESIS_HASH, events[1]));
    expect(verifyChain(events)).toEqual([expect.objectContaining({ streamId: id, version: 0, kind: 'unhashed' })]);
  });

  it('ends open subscriptions on close()', async () => {
    connection = await connect();
    const { store } = connection;
    const iterating = take(store.subscribe({ after: await store.headPosition() }), 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await store.close();
    await expect(iterating).resolves.toEqual([]);
  });
});

/**
 * The client reconnects its channel after an UNAVAILABLE, and a call made in that moment fails before it
 * starts ("Channel closed before call started"): it reached no server, so it is sent again, as a caller would.
 */
async function appendAcrossReconnect<T>(append: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await append();
    } catch (error) {
      if (attempt >= 5 || !/Channel closed before call started/.test((error as Error).message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}
