import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { PostgresEventStore } from '@ledgerline/event-store/postgres/postgres-event-store';
import { ProjectionHost } from '@ledgerline/projections/runtime/projection-host';
import { rebuildProjection } from '@ledgerline/projections/runtime/rebuild';
import { stockProjection } from '@ledgerline/projections/stock/stock.projection';
import { stockLevels } from '@ledgerline/projections/stock/stock.queries';
import { lastAppendedPosition } from '../support/log-size';
import { createTestDatabase } from '../support/test-database';

const meta = { actor: 't', correlationId: 'c', causationId: 'c', command: 'ReceiveStock', schemaVersion: 1 };

describe('rebuild beside, then swap', () => {
  let database: { url: string; drop: () => Promise<void> };
  let store: PostgresEventStore;
  let pool: Pool;
  let host: ProjectionHost;

  beforeAll(async () => {
    database = await createTestDatabase('rebuild');
    store = PostgresEventStore.fromConnectionString(database.url);
    await store.migrate();
    pool = new Pool({ connectionString: database.url, max: 4 });
    host = new ProjectionHost(store, pool, database.url, [stockProjection], { registryPollMs: 100 });
    await host.start();
  });
  afterAll(async () => {
    await host.close();
    await pool.end();
    await store.close();
    await database.drop();
  });

  const receive = (sku: string, quantity: number, unitCost: string) =>
    store.append(`stockReceipt-${randomUUID()}`, [{ type: 'StockReceived', data: { receiptId: randomUUID(), sku, quantity, unitCost, currency: 'EUR' }, metadata: meta }], 'no_stream');
  const levels = async () => stockLevels(host.dataSource('stock'));

  it('replays into a new generation while reads go on, swaps it in, and drops the old one', async () => {
    for (let i = 0; i < 300; i++) await receive(`SKU-${i % 7}`, 1 + (i % 3), `${1 + (i % 5)}.25`);
    expect(await host.waitFor('stock', await lastAppendedPosition(database.url), 10_000)).toBe(true);
    const before = await levels();
    expect(host.status('stock').schema).toBe('stock_g1');

    // Reads and writes continue during the rebuild.
    let reads = 0;
    let writing = true;
    const traffic = (async () => {
      while (writing) {
        await receive('SKU-LIVE', 1, '2.00');
        expect((await levels()).length).toBeGreaterThan(0);
        reads++;
      }
    })();
    const result = await rebuildProjection({ store, pool, databaseUrl: database.url, projection: stockProjection, batchSize: 50, releaseTimeoutMs: 10_000 });
    writing = false;
    await traffic;
    expect(reads).toBeGreaterThan(0);
    expect(result).toMatchObject({ projection: 'stock', generation: 2, previousGeneration: 1, droppedPrevious: true });

    // The host follows the swap and keeps applying new events to the new generation.
    await receive('SKU-AFTER', 5, '3.00');
    const last = await lastAppendedPosition(database.url);
    const deadline = Date.now() + 10_000;
    while (host.status('stock').schema !== 'stock_g2' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(host.status('stock').schema).toBe('stock_g2');
    expect(await host.waitFor('stock', last, 10_000)).toBe(true);
    const after = await levels();
    expect(after.filter((l) => l.sku.startsWith('SKU-') && !['SKU-LIVE', 'SKU-AFTER'].includes(l.sku))).toEqual(before.filter((l) => l.sku !== 'SKU-LIVE'));
    expect(after.find((l) => l.sku === 'SKU-AFTER')).toMatchObject({ onHand: 5, value: '15.00' });
    const { rows } = await pool.query(`SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'stock_g%' ORDER BY 1`);
    expect(rows.map((r) => r.schema_name)).toEqual(['stock_g2']);
    // Dashboards' stable names follow the swap.
    const { rows: viewed } = await pool.query(`SELECT sum(on_hand)::int AS on_hand FROM read.stock_levels WHERE sku = 'SKU-AFTER'`);
    expect(viewed).toEqual([{ on_hand: 5 }]);
    const { rows: definition } = await pool.query(`SELECT definition FROM pg_views WHERE schemaname = 'read' AND viewname = 'stock_levels'`);
    expect(definition[0].definition).toContain('stock_g2');
  }, 60_000);
});
