import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { PostgresEventStore } from '@ledgerline/event-store/postgres/postgres-event-store';
import { AppendResult, NewEvent, START, VersionConflictError, comparePositions } from '@ledgerline/event-store/port';
import { verifyStoreChains } from '@ledgerline/event-store/hash-chain';
import { createTestDatabase } from '../support/test-database';
import { untilVisible } from '../support/until-readable';

const meta = { actor: 't', correlationId: 'c', causationId: 'c', command: 'T', schemaVersion: 1 };
const event = (type: string, id?: string): NewEvent => ({ ...(id ? { id } : {}), type, data: { type }, metadata: meta });

/**
 * Group commit: appends that queue while a flush is committing are written together in one transaction,
 * each with its own expected-version check. To make the grouping certain, the first flush is held up on a
 * row lock another connection holds; everything appended meanwhile must then share the next flush.
 */
describe('PostgreSQL event store: group commit', () => {
  let database: { url: string; drop: () => Promise<void> };
  let store: PostgresEventStore;
  let admin: Pool;

  beforeAll(async () => {
    database = await createTestDatabase('es_group');
    store = PostgresEventStore.fromConnectionString(database.url);
    await store.migrate();
    admin = new Pool({ connectionString: database.url, max: 2 });
  });
  afterAll(async () => {
    await admin.end();
    await store.close();
    await database.drop();
  });

  /** Runs `appendAll` while a flush is held up behind a lock on `blocker`, then lets it go. */
  async function whileAFlushIsHeldUp<T>(appendAll: () => Promise<T>[]): Promise<{ held: Promise<AppendResult>; results: PromiseSettledResult<T>[] }> {
    const blocker = `order-blocker-${randomUUID()}`;
    await store.append(blocker, [event('Opened')], 'no_stream');
    const lock = new Client({ connectionString: database.url });
    await lock.connect();
    try {
      await lock.query('BEGIN');
      await lock.query('UPDATE es_streams SET version = version WHERE stream_id = $1', [blocker]);
      const held = store.append(blocker, [event('Held')], 0);
      await untilBlocked(blocker);
      const pending = appendAll();
      await lock.query('COMMIT');
      return { held, results: await Promise.allSettled(pending) };
    } finally {
      await lock.end();
    }
  }

  async function untilBlocked(streamId: string): Promise<void> {
    for (let i = 0; i < 500; i++) {
      const { rows } = await admin.query(
        `SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%es_streams%' AND datname = current_database()`,
      );
      if (rows.length > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`the append to ${streamId} never waited on the lock`);
  }

  /** The transactions that wrote these events. */
  const transactionsOf = async (eventIds: string[]) =>
    (await admin.query<{ transaction_id: string }>('SELECT DISTINCT transaction_id::text FROM es_events WHERE event_id = ANY($1::uuid[])', [eventIds])).rows;

  it('writes conflicting and non-conflicting appends of one flush together, failing only the conflicting ones', async () => {
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((kind) => `order-${kind}-${randomUUID()}`);
    await store.append(a, [event('Opened')], 'no_stream');
    await store.append(b, [event('Opened')], 'no_stream');
    await store.append(d, [event('Opened')], 'no_stream');
    // Another process moves b on: this store still knows b at version 0, so its append to b reaches the flush.
    const other = PostgresEventStore.fromConnectionString(database.url);
    await other.append(b, [event('Elsewhere')], 0);
    await other.close();

    const { held, results } = await whileAFlushIsHeldUp(() => [
      store.append(a, [event('Next'), event('Next')], 0), // holds
      store.append(b, [event('Next')], 0), // b is at 1 by now: conflict
      store.append(c, [event('New')], 'no_stream'), // a new stream: holds
      store.append(d, [event('New')], 'no_stream'), // d exists: conflict
      store.append(a, [event('Late')], 0), // a second append to a in the same queue: waits, then conflicts
    ]);
    expect((await held).version).toBe(1);

    const [aOk, bStale, cNew, dExists, aLate] = results;
    expect(aOk).toEqual({ status: 'fulfilled', value: expect.objectContaining({ version: 2 }) });
    expect(cNew).toEqual({ status: 'fulfilled', value: expect.objectContaining({ version: 0 }) });
    for (const [result, streamId, expected, actual] of [
      [bStale, b, 0, 1],
      [dExists, d, 'no_stream', 0],
      [aLate, a, 0, 2],
    ] as const) {
      expect(result.status).toBe('rejected');
      const error = (result as PromiseRejectedResult).reason as VersionConflictError;
      expect(error).toBeInstanceOf(VersionConflictError);
      expect([error.streamId, error.expected]).toEqual([streamId, expected]);
      expect(error.actual).toBe(actual);
    }

    // a's and c's appends went in one transaction; the conflicting ones wrote nothing.
    const [aEvents, bEvents, cEvents, dEvents] = await Promise.all([a, b, c, d].map((id) => store.readStream(id)));
    expect(aEvents.map((e) => e.type)).toEqual(['Opened', 'Next', 'Next']);
    expect(bEvents.map((e) => e.type)).toEqual(['Opened', 'Elsewhere']);
    expect(cEvents.map((e) => e.type)).toEqual(['New']);
    expect(dEvents.map((e) => e.type)).toEqual(['Opened']);
    expect(await transactionsOf([aEvents[1].id, aEvents[2].id, cEvents[0].id])).toHaveLength(1);
    const { rows: versions } = await admin.query<{ stream_id: string; version: string }>(
      'SELECT stream_id, version FROM es_streams WHERE stream_id = ANY($1::text[]) ORDER BY stream_id',
      [[a, b, c, d]],
    );
    expect(Object.fromEntries(versions.map((row) => [row.stream_id, Number(row.version)]))).toEqual({ [a]: 2, [b]: 1, [c]: 0, [d]: 0 });

    // Positions of one flush follow the order of its appends, and readers see every event once.
    expect(comparePositions(aEvents[2].position, cEvents[0].position)).toBe(-1);
    await untilVisible(store, cEvents[0].position);
    const ids = (await store.readAll({ after: START, limit: 10_000 })).map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect((await verifyStoreChains(store)).findings).toEqual([]);
  });

  it('fails only the append that breaks the statement, and writes the rest of its flush', async () => {
    const taken = randomUUID();
    const [a, b, c] = ['a', 'b', 'c'].map((kind) => `order-${kind}-${randomUUID()}`);
    await store.append(a, [event('Opened', taken)], 'no_stream');

    const { results } = await whileAFlushIsHeldUp(() => [
      store.append(b, [event('New')], 'no_stream'),
      store.append(c, [event('New', taken)], 'no_stream'), // an event id the log already holds
      store.append(a, [event('Next')], 0),
    ]);
    expect(results[0]).toEqual({ status: 'fulfilled', value: expect.objectContaining({ version: 0 }) });
    expect(results[1].status).toBe('rejected');
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/duplicate key/);
    expect(results[2]).toEqual({ status: 'fulfilled', value: expect.objectContaining({ version: 1 }) });
    expect(await store.readStream(c)).toEqual([]);
    expect((await store.readStream(b)).map((e) => e.type)).toEqual(['New']);
  });
});
