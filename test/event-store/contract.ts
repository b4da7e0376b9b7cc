import { randomUUID } from 'node:crypto';
import {
  EventMetadata,
  EventStore,
  NewEvent,
  StoredEvent,
  VersionConflictError,
  comparePositions,
} from '@ledgerline/event-store/port';
import { untilVisible } from '../support/until-readable';
import { GENESIS_HASH, chainHashes, eventHash, verifyStoreChains } from '@ledgerline/event-store/hash-chain';

/**
 * The one contract every event-store adapter passes (in-memory, PostgreSQL, EventStoreDB). Each adapter's
 * spec calls this with a factory that gives a fresh, empty store.
 */
export interface ContractSubject {
  store: EventStore;
  /** Releases what the factory made (databases, servers). */
  dispose(): Promise<void>;
}

const metadata = (extra: Partial<EventMetadata> = {}): EventMetadata => ({
  actor: 'contract-test',
  correlationId: randomUUID(),
  causationId: randomUUID(),
  command: 'Test',
  schemaVersion: 1,
  ...extra,
});

const event = (type: string, data: Record<string, unknown> = {}): NewEvent => ({
  type,
  data: data as NewEvent['data'],
  metadata: metadata(),
});

async function collect(iterable: AsyncIterable<StoredEvent>, count: number, timeoutMs = 20000): Promise<StoredEvent[]> {
  const seen: StoredEvent[] = [];
  const timer = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`subscription saw ${seen.length} of ${count} events`)), timeoutMs).unref(),
  );
  const reading = (async () => {
    for await (const e of iterable) {
      seen.push(e);
      if (seen.length >= count) break;
    }
    return seen;
  })();
  return Promise.race([reading, timer]);
}


async function expectConflict(promise: Promise<unknown>): Promise<VersionConflictError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(VersionConflictError);
  return error as VersionConflictError;
}

export function eventStoreContract(name: string, makeSubject: () => Promise<ContractSubject>): void {
  describe(`EventStore contract: ${name}`, () => {
    let subject: ContractSubject;
    let store: EventStore;
    let stream: (kind?: string) => string;
    /** Unique to the test: stream ids are `<kind>-<run>-<uuid>`. */
    let run: string;
    /** The head before the test: a shared store (a real EventStoreDB) may hold other runs' events. */
    let base: string;

    beforeEach(async () => {
      subject = await makeSubject();
      store = subject.store;
      run = randomUUID().slice(0, 8);
      stream = (kind = 'order') => `${kind}-${run}-${randomUUID()}`;
      base = await store.headPosition();
    });
    afterEach(async () => {
      await subject.dispose();
    });

    describe('expected versions', () => {
      it('appends to a new stream with no_stream and numbers events from 0', async () => {
        const id = stream();
        const result = await store.append(id, [event('A'), event('B')], 'no_stream');
        expect(result.version).toBe(1);
        const events = await store.readStream(id);
        expect(events.map((e) => [e.version, e.type])).toEqual([
          [0, 'A'],
          [1, 'B'],
        ]);
        expect(result.position).toBe(events[1].position);
      });

      it('refuses no_stream on an existing stream and reports its version', async () => {
        const id = stream();
        await store.append(id, [event('A')], 'no_stream');
        const conflict = await expectConflict(store.append(id, [event('B')], 'no_stream'));
        expect(conflict.streamId).toBe(id);
        expect(conflict.expected).toBe('no_stream');
        expect(conflict.actual).toBe(0);
      });

      it('appends with the exact current version and refuses a stale or future one', async () => {
        const id = stream();
        await store.append(id, [event('A'), event('B')], 'no_stream');
        expect((await store.append(id, [event('C')], 1)).version).toBe(2);
        const stale = await expectConflict(store.append(id, [event('D')], 1));
        expect(stale.actual).toBe(2);
        await expectConflict(store.append(id, [event('D')], 7));
        expect((await store.readStream(id)).map((e) => e.type)).toEqual(['A', 'B', 'C']);
      });

      it('refuses an exact version on a stream that does not exist', async () => {
        const id = stream();
        const conflict = await expectConflict(store.append(id, [event('A')], 0));
        expect(conflict.actual).toBe(-1);
        expect(await store.readStream(id)).toEqual([]);
      });

      it('appends with any whether or not the stream exists', async () => {
        const id = stream();
        expect((await store.append(id, [event('A')], 'any')).version).toBe(0);
        expect((await store.append(id, [event('B'), event('C')], 'any')).version).toBe(2);
      });

      it('lets exactly one of many racing appends with the same expected version win', async () => {
        const id = stream();
        await store.append(id, [event('Created')], 'no_stream');
        const results = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) => store.append(id, [event('Raced', { writer: i })], 0)),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(rejected).toHaveLength(9);
        rejected.forEach((r) => expect(r.reason).toBeInstanceOf(VersionConflictError));
        expect((await store.readStream(id)).map((e) => e.version)).toEqual([0, 1]);
      });

      it('lets exactly one of racing no_stream appends create the stream', async () => {
        const id = stream();
        const results = await Promise.allSettled(Array.from({ length: 8 }, () => store.append(id, [event('Created')], 'no_stream')));
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        expect(await store.readStream(id)).toHaveLength(1);
      });
    });

    describe('reading', () => {
      it('returns what was appended: type, data, metadata, ids, timestamps', async () => {
        const id = stream();
        const data = { amount: '1234.50', lines: [{ sku: 'A-1', quantity: 2.5 }], note: null, nested: { ok: true } };
        const meta = metadata({ actor: 'key:sales', extra: 'kept' } as Partial<EventMetadata>);
        const eventId = randomUUID();
        await store.append(id, [{ id: eventId, type: 'Thing', data, metadata: meta }], 'no_stream');
        const [stored] = await store.readStream(id);
        expect(stored).toMatchObject({ id: eventId, streamId: id, version: 0, type: 'Thing', data, metadata: meta });
        expect(new Date(stored.occurredAt).toISOString()).toBe(stored.occurredAt);
        expect(Math.abs(Date.parse(stored.occurredAt) - Date.now())).toBeLessThan(60_000);
      });

      it('reads a missing stream as empty', async () => {
        expect(await store.readStream(stream())).toEqual([]);
      });

      it('reads a stream between two versions, inclusive', async () => {
        const id = stream();
        await store.append(id, ['A', 'B', 'C', 'D', 'E'].map((t) => event(t)), 'no_stream');
        expect((await store.readStream(id, { fromVersion: 1, toVersion: 3 })).map((e) => e.type)).toEqual(['B', 'C', 'D']);
        expect((await store.readStream(id, { fromVersion: 3 })).map((e) => e.type)).toEqual(['D', 'E']);
        expect((await store.readStream(id, { toVersion: 0 })).map((e) => e.type)).toEqual(['A']);
      });

      it('reads the global log in append order, strictly after a position, with a limit', async () => {
        const a = stream();
        const b = stream();
        await store.append(a, [event('A1')], 'no_stream');
        await store.append(b, [event('B1'), event('B2')], 'no_stream');
        await untilVisible(store, (await store.append(a, [event('A2')], 0)).position);
        const all = await store.readAll({ after: base });
        expect(all.map((e) => e.type)).toEqual(['A1', 'B1', 'B2', 'A2']);
        for (let i = 1; i < all.length; i++) expect(comparePositions(all[i - 1].position, all[i].position)).toBe(-1);
        expect((await store.readAll({ after: all[1].position })).map((e) => e.type)).toEqual(['B2', 'A2']);
        expect((await store.readAll({ after: all[0].position, limit: 2 })).map((e) => e.type)).toEqual(['B1', 'B2']);
        expect(await store.readAll({ after: all[3].position })).toEqual([]);
      });

      it('filters the global log by event type and by stream prefix', async () => {
        const order = stream('order');
        const customer = stream('customer');
        await store.append(order, [event('OrderDrafted'), event('OrderSent')], 'no_stream');
        await store.append(customer, [event('CustomerCreated')], 'no_stream');
        await untilVisible(store, (await store.append(order, [event('OrderConfirmed')], 1)).position);
        expect((await store.readAll({ after: base, types: ['OrderSent', 'CustomerCreated'] })).map((e) => e.type)).toEqual([
          'OrderSent',
          'CustomerCreated',
        ]);
        expect((await store.readAll({ after: base, streamPrefix: 'order-' })).map((e) => e.type)).toEqual([
          'OrderDrafted',
          'OrderSent',
          'OrderConfirmed',
        ]);
        expect((await store.readAll({ after: base, streamPrefix: 'customer-', types: ['OrderSent'] })).length).toBe(0);
      });

      it('reports the head position', async () => {
        expect(await store.headPosition()).toBe(base);
        await store.append(stream(), [event('A')], 'no_stream');
        const last = await store.append(stream(), [event('B'), event('C')], 'no_stream');
        await untilVisible(store, last.position);
        expect(await store.headPosition()).toBe(last.position);
        const [tail] = (await store.readAll({ after: base })).slice(-1);
        expect(tail.position).toBe(last.position);
      });

      it('reports the last committed position at once, before readers may see it', async () => {
        const last = await store.append(stream(), [event('A'), event('B')], 'no_stream');
        // Unlike the head, no wait: the append has committed, whatever else is still in flight.
        expect(await store.lastCommittedPosition()).toBe(last.position);
      });
    });

    describe('hash chain', () => {
      const content = (e: StoredEvent) => ({ streamId: e.streamId, version: e.version, type: e.type, data: e.data, metadata: e.metadata });

      it('gives every appended event a hex SHA-256 hash in its metadata, on every read', async () => {
        const id = stream();
        await store.append(id, [event('A'), event('B')], 'no_stream');
        const read = await store.readStream(id);
        for (const e of read) expect(e.metadata.hash).toMatch(/^[0-9a-f]{64}$/);
        await untilVisible(store, read[1].position);
        expect((await store.readAll({ after: base, streamPrefix: id })).map((e) => e.metadata.hash)).toEqual(read.map((e) => e.metadata.hash));
      });

      it('hashes what the pure function hashes: the same events get the same hashes in every store', async () => {
        const id = stream();
        const data = { amount: '12.50', lines: [{ sku: 'A-1', quantity: 2.5 }], note: null, z: { b: 1, a: [true, 'x'] } };
        const events: NewEvent[] = [
          { type: 'Thing', data, metadata: metadata({ extra: 'kept' } as Partial<EventMetadata>) },
          { type: 'Other', data: {}, metadata: { ...metadata(), hash: 'passed in, replaced' } },
        ];
        await store.append(id, events, 'no_stream');
        const expected = chainHashes(id, GENESIS_HASH, 0, events).map((e) => e.metadata.hash);
        const read = await store.readStream(id);
        expect(read.map((e) => e.metadata.hash)).toEqual(expected);
        expect(read[0].metadata.hash).toBe(eventHash(GENESIS_HASH, content(read[0])));
      });

      it('chains hashes across appends, whatever the expected version', async () => {
        const id = stream();
        await store.append(id, [event('A')], 'no_stream');
        await store.append(id, [event('B'), event('C')], 0);
        await store.append(id, [event('D')], 'any');
        await store.append(stream(), [event('Elsewhere')], 'any');
        await store.append(id, [event('E')], 3);
        const read = await store.readStream(id);
        expect(read.map((e) => e.type)).toEqual(['A', 'B', 'C', 'D', 'E']);
        read.forEach((e, i) => expect(e.metadata.hash).toBe(eventHash(i === 0 ? GENESIS_HASH : read[i - 1].metadata.hash!, content(e))));
      });

      it('keeps the chain whole when appends with any race on one stream', async () => {
        const id = stream('chain');
        await store.append(id, [event('Created')], 'no_stream');
        const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => store.append(id, [event('Raced', { writer: i })], 'any')));
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(8);
        const read = await store.readStream(id);
        expect(read.map((e) => e.version)).toEqual(Array.from({ length: 9 }, (_, i) => i));
        read.forEach((e, i) => expect(e.metadata.hash).toBe(eventHash(i === 0 ? GENESIS_HASH : read[i - 1].metadata.hash!, content(e))));
      });

      it('verifies an untouched store with no findings, reporting progress', async () => {
        const a = stream('chain');
        const b = stream('chain');
        await store.append(a, [event('A1'), event('A2')], 'no_stream');
        await store.append(b, [event('B1')], 'no_stream');
        await store.append(a, [event('A3')], 1);
        await untilVisible(store, (await store.append(b, [event('B2')], 'any')).position);
        const progress: number[] = [];
        const report = await verifyStoreChains(store, { streamPrefix: `chain-${run}-`, pageSize: 3, onProgress: (checked) => progress.push(checked) });
        expect(report).toEqual({ eventsChecked: 5, streamsChecked: 2, findings: [] });
        expect(progress).toEqual([3, 5]);
      });
    });

    describe('subscriptions', () => {
      it('catches up from the start, then follows live appends', async () => {
        const id = stream();
        await store.append(id, [event('Before1'), event('Before2')], 'no_stream');
        const controller = new AbortController();
        const seen = collect(store.subscribe({ after: base, signal: controller.signal }), 4);
        await new Promise((r) => setTimeout(r, 50));
        await store.append(id, [event('Live1')], 1);
        await store.append(id, [event('Live2')], 2);
        expect((await seen).map((e) => e.type)).toEqual(['Before1', 'Before2', 'Live1', 'Live2']);
        controller.abort();
      });

      it('starts strictly after the given position and honours filters', async () => {
        const order = stream('order');
        const first = await store.append(order, [event('OrderDrafted')], 'no_stream');
        await store.append(stream('customer'), [event('CustomerCreated')], 'no_stream');
        const controller = new AbortController();
        const seen = collect(store.subscribe({ after: first.position, streamPrefix: 'order-', signal: controller.signal }), 2);
        await store.append(order, [event('OrderSent')], 0);
        await store.append(stream('customer'), [event('CustomerCreated')], 'no_stream');
        await store.append(order, [event('OrderConfirmed')], 1);
        expect((await seen).map((e) => e.type)).toEqual(['OrderSent', 'OrderConfirmed']);
        controller.abort();
      });

      it('ends when aborted', async () => {
        const controller = new AbortController();
        const iterating = (async () => {
          const seen: StoredEvent[] = [];
          for await (const e of store.subscribe({ after: base, signal: controller.signal })) seen.push(e);
          return seen;
        })();
        await store.append(stream(), [event('A')], 'no_stream');
        await new Promise((r) => setTimeout(r, 100));
        controller.abort();
        await expect(iterating).resolves.toBeInstanceOf(Array);
      });

      it('sees every event exactly once, in position order, while 50 writers append 100 events each', async () => {
        const writers = 50;
        const perWriter = 100;
        const total = writers * perWriter;
        const controller = new AbortController();
        const seen = collect(store.subscribe({ after: base, signal: controller.signal }), total, 120_000);
        await Promise.all(
          Array.from({ length: writers }, async (_, w) => {
            const id = stream();
            for (let i = 0; i < perWriter; i++) {
              await store.append(id, [event('Raced', { writer: w, i })], i === 0 ? 'no_stream' : i - 1);
            }
          }),
        );
        const events = await seen;
        controller.abort();
        expect(events).toHaveLength(total);
        expect(new Set(events.map((e) => e.id)).size).toBe(total);
        for (let i = 1; i < events.length; i++) {
          expect(comparePositions(events[i - 1].position, events[i].position)).toBe(-1);
        }
        // Per writer, the log order is the append order.
        const byWriter = new Map<number, number[]>();
        for (const e of events) {
          const { writer, i } = e.data as { writer: number; i: number };
          byWriter.set(writer, [...(byWriter.get(writer) ?? []), i]);
        }
        for (const sequence of byWriter.values()) expect(sequence).toEqual(Array.from({ length: perWriter }, (_, i) => i));
        // And a fresh read of the log agrees with what the live subscriber saw.
        const reread: StoredEvent[] = [];
        let after = base;
        for (;;) {
          const page = await store.readAll({ after, limit: 1000 });
          if (page.length === 0) break;
          reread.push(...page);
          after = page[page.length - 1].position;
        }
        expect(reread.map((e) => e.id)).toEqual(events.map((e) => e.id));
      }, 180_000);
    });
  });
}
