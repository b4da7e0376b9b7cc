import { Pool } from 'pg';
import { PostgresEventStore } from '@ledgerline/event-store/postgres/postgres-event-store';
import { journalsProjection } from '@ledgerline/projections/journals/journals.projection';
import { generationSchema, openGeneration } from '@ledgerline/projections/runtime/generation';
import { ProjectionRunner } from '@ledgerline/projections/runtime/projection-runner';
import { rebuildProjection } from '@ledgerline/projections/runtime/rebuild';
import { lastAppendedPosition } from '../support/log-size';
import { createTestDatabase } from '../support/test-database';
import { generationTables } from './generation-tables';
import { orderToCash } from './stock-fixtures';

/** Every index of a schema as the catalog defines it, the schema's name taken out so two generations compare. */
async function indexesOf(pool: Pool, schema: string): Promise<Record<string, string>> {
  const { rows } = await pool.query<{ indexname: string; indexdef: string }>('SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1', [schema]);
  return Object.fromEntries(rows.map((r) => [r.indexname, r.indexdef.replaceAll(`${schema}.`, '')]));
}

describe('a rebuild builds the read-only indexes once, at the end', () => {
  let database: { url: string; drop: () => Promise<void> };
  let store: PostgresEventStore;
  let pool: Pool;

  beforeAll(async () => {
    database = await createTestDatabase('rebuild_read_indexes');
    store = PostgresEventStore.fromConnectionString(database.url);
    await store.migrate();
    pool = new Pool({ connectionString: database.url, max: 4 });
    const o2c = orderToCash(store);
    const skus = [await o2c.product('WIDGET'), await o2c.product('GADGET')];
    for (const sku of skus) await o2c.receive(sku, 100, '2.50');
    for (let i = 0; i < 12; i++) {
      const order = await o2c.confirmed([
        { sku: skus[0], quantity: 1 + (i % 3) },
        { sku: skus[1], quantity: 2 },
      ]);
      await o2c.ship(order.orderId, [{ lineId: order.lineIds[0], quantity: 1 }]);
      await o2c.invoice(order.orderId, [{ lineId: order.lineIds[0], quantity: 1 }]);
    }
  });
  afterAll(async () => {
    await pool.end();
    await store.close();
    await database.drop();
  });

  it('swaps in a generation with the same rows and the same indexes as one kept up to date event by event', async () => {
    expect(journalsProjection.readIndexes?.length).toBeGreaterThan(0);
    // The reference: the migrations' indexes, applied to as the live runner does.
    const schema = generationSchema('journals', 1);
    const live = await openGeneration(database.url, journalsProjection, schema);
    const stop = new AbortController();
    const runner = new ProjectionRunner(store, live, journalsProjection, schema, { batchSize: 7 });
    const running = runner.run(stop.signal);
    let expected: Record<string, unknown[]>;
    try {
      expect(await runner.waitFor(await lastAppendedPosition(database.url), 10_000)).toBe(true);
      expected = await generationTables(live, schema);
    } finally {
      stop.abort();
      await running;
      await live.destroy();
    }

    const result = await rebuildProjection({ store, pool, databaseUrl: database.url, projection: journalsProjection, batchSize: 50, releaseTimeoutMs: 10_000 });
    expect(result).toMatchObject({ generation: 2, previousGeneration: 1 });
    const rebuilt = generationSchema('journals', 2);
    const reference = await openGeneration(database.url, journalsProjection, generationSchema('journals', 9));
    try {
      const indexes = await indexesOf(pool, rebuilt);
      expect(Object.keys(indexes)).toEqual(expect.arrayContaining([...(journalsProjection.readIndexes ?? [])]));
      expect(indexes).toEqual(await indexesOf(pool, generationSchema('journals', 9)));
      const rows = await generationTables(reference, rebuilt);
      expect(rows.journal_entries.length).toBeGreaterThan(20);
      expect(rows).toEqual(expected);
    } finally {
      await reference.destroy();
    }
  }, 60_000);

  it('refuses a declared index the generation does not have, or one that enforces uniqueness', async () => {
    const stale = { ...journalsProjection, name: 'journals_stale', readIndexes: ['journal_entries_by_nothing'] };
    await expect(rebuildProjection({ store, pool, databaseUrl: database.url, projection: stale, releaseTimeoutMs: 1000 })).rejects.toThrow('journal_entries_by_nothing');
    const unique = { ...journalsProjection, name: 'journals_unique', readIndexes: ['journal_entries_pkey'] };
    await expect(rebuildProjection({ store, pool, databaseUrl: database.url, projection: unique, releaseTimeoutMs: 1000 })).rejects.toThrow('unique indexes');
  });
});
