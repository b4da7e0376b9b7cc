import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { PostgresEventStore } from '@ledgerline/event-store/postgres/postgres-event-store';
import { START, StoredEvent } from '@ledgerline/event-store/port';
import { createTestDatabase } from '../support/test-database';
import { untilVisible } from '../support/until-readable';

const meta = { actor: 't', correlationId: 'c', causationId: 'c', command: 'T', schemaVersion: 1 };

/**
 * The pitfall of architecture.md: positions are handed out at insert but transactions commit out of order.
 * A transaction that took an earlier position and commits late must not be passed over by a reader.
 */
describe('PostgreSQL event store: gap safety', () => {
  let database: { url: string; drop: () => Promise<void> };
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createTestDatabase('es_gap');
    store = PostgresEventStore.fromConnectionString(database.url);
    await store.migrate();
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it('holds readers below a transaction still in flight, then delivers both events in log order', async () => {
    const slow = new Client({ connectionString: database.url });
    await slow.connect();
    try {
      // An append that took its position first but has not committed yet.
      await slow.query('BEGIN');
      await slow.query(`INSERT INTO es_streams VALUES ('order-slow', 0)`);
      await slow.query(
        `INSERT INTO es_events (event_id, stream_id, version, type, data, metadata) VALUES ($1, 'order-slow', 0, 'Slow', '{}', $2)`,
        [randomUUID(), JSON.stringify(meta)],
      );
      // A later append commits first.
      const fast = await store.append('order-fast', [{ type: 'Fast', data: {}, metadata: meta }], 'no_stream');

      const seen: StoredEvent[] = [];
      const controller = new AbortController();
      const following = (async () => {
        for await (const e of store.subscribe({ signal: controller.signal })) {
          seen.push(e);
          if (seen.length === 2) break;
        }
      })();
      // The committed event is not visible yet: showing it would let the reader pass over the slow one.
      expect(await store.readAll({ after: START })).toEqual([]);
      expect(await store.headPosition()).toBe(START);
      await new Promise((r) => setTimeout(r, 200));
      expect(seen).toEqual([]);

      await slow.query('COMMIT');
      await following;
      controller.abort();
      expect(seen.map((e) => e.type)).toEqual(['Slow', 'Fast']);
      expect(seen[1].position).toBe(fast.position);
      await untilVisible(store, fast.position); // other test files' transactions share the cluster's horizon
      expect(await store.headPosition()).toBe(fast.position);
    } finally {
      await slow.end();
    }
  });

  it('never shows an append that rolled back', async () => {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    const before = await store.headPosition();
    await client.query('BEGIN');
    await client.query(`INSERT INTO es_streams VALUES ('order-rolled', 0)`);
    await client.query(
      `INSERT INTO es_events (event_id, stream_id, version, type, data, metadata) VALUES ($1, 'order-rolled', 0, 'Gone', '{}', $2)`,
      [randomUUID(), JSON.stringify(meta)],
    );
    await client.query('ROLLBACK');
    await client.end();
    const after = await store.append('order-kept', [{ type: 'Kept', data: {}, metadata: meta }], 'no_stream');
    await untilVisible(store, after.position);
    const events = await store.readAll({ after: before });
    expect(events.map((e) => e.type)).toEqual(['Kept']);
    expect(events[0].position).toBe(after.position);
    expect(await store.readStream('order-rolled')).toEqual([]);
  });
});
