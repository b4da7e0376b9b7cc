import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { PostgresEventStore } from '@ledgerline/event-store/postgres/postgres-event-store';
import { StoredEvent } from '@ledgerline/event-store/port';
import { generationSchema, openGeneration, readCheckpoint } from '@ledgerline/projections/runtime/generation';
import { ProjectionRunner, RunnerOptions } from '@ledgerline/projections/runtime/projection-runner';
import { stockProjection } from '@ledgerline/projections/stock/stock.projection';
import { stockLevel, stockLevels, stockMovements } from '@ledgerline/projections/stock/stock.queries';
import { lastAppendedPosition } from '../support/log-size';
import { createTestDatabase } from '../support/test-database';
import { orderToCash } from './stock-fixtures';

const meta = { actor: 't', correlationId: 'c', causationId: 'c', command: 'T', schemaVersion: 1 };

/** Every table of the read model with the columns that order its rows: all of them are natural keys. */
const TABLES: Record<string, string> = {
  stock_levels: 'sku',
  stock_movements: 'position, seq',
  stock_issues: 'shipment_id, line_id',
  stock_orders: 'order_id',
  stock_order_lines: 'order_id, line_id',
};

const dump = async (ds: DataSource, schema: string) =>
  Object.fromEntries(await Promise.all(Object.entries(TABLES).map(async ([table, order]) => [table, await ds.query(`SELECT * FROM ${schema}.${table} ORDER BY ${order}`)])));

/** A generation with its runner, running until stopped. */
async function startGeneration(url: string, store: PostgresEventStore, generation: number, options: RunnerOptions = {}) {
  const schema = generationSchema('stock', generation);
  const ds = await openGeneration(url, stockProjection, schema);
  const runner = new ProjectionRunner(store, ds, stockProjection, schema, options);
  const stop = new AbortController();
  const running = runner.run(stop.signal);
  return {
    schema,
    ds,
    runner,
    async catchUp() {
      const head = await lastAppendedPosition(url);
      expect(await runner.waitFor(head, 20_000)).toBe(true);
      expect(runner.current.state).toBe('running');
    },
    async close() {
      stop.abort();
      await running;
      await ds.destroy();
    },
  };
}

describe('stock projection on PostgreSQL', () => {
  let database: { url: string; drop: () => Promise<void> };
  let store: PostgresEventStore;
  let live: Awaited<ReturnType<typeof startGeneration>>;
  let o2c: ReturnType<typeof orderToCash>;

  beforeAll(async () => {
    database = await createTestDatabase('stock_projection');
    store = PostgresEventStore.fromConnectionString(database.url);
    await store.migrate();
    o2c = orderToCash(store);
    // Small batches: the live generation folds the log in many transactions while the tests append.
    live = await startGeneration(database.url, store, 1, { batchSize: 25 });
  });
  afterAll(async () => {
    await live.close();
    await store.close();
    await database.drop();
  });

  /** The log up to its head, once the gap-safe horizon has passed it. */
  const wholeLog = async () => {
    const head = await lastAppendedPosition(database.url);
    const events: StoredEvent[] = [];
    while (events.length === 0 || events[events.length - 1].position < head) {
      const page = await store.readAll({ after: events[events.length - 1]?.position ?? '', limit: 1000 });
      if (page.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      events.push(...page);
    }
    return events;
  };
  const sku = (name: string) => `${name}-${randomUUID().slice(0, 8)}`;
  const level = async (s: string) => {
    await live.catchUp();
    return stockLevel(live.ds, s);
  };

  /** The read model's own invariants, over every sku and order it holds. */
  afterEach(async () => {
    await live.catchUp();
    const broken = await live.ds.query(`
      SELECT l.sku FROM stock_levels l
      LEFT JOIN (SELECT sku, sum(amount) AS value, sum(quantity) AS on_hand FROM stock_movements GROUP BY sku) m USING (sku)
      LEFT JOIN (SELECT sku, sum(reserved) AS reserved FROM stock_order_lines GROUP BY sku) r USING (sku)
      LEFT JOIN LATERAL (SELECT value_after, on_hand_after, average_cost_after FROM stock_movements x WHERE x.sku = l.sku ORDER BY position DESC, seq DESC LIMIT 1) last ON true
      WHERE l.value <> coalesce(m.value, 0) OR l.on_hand <> coalesce(m.on_hand, 0) OR l.reserved <> coalesce(r.reserved, 0)
         OR l.available <> l.on_hand - l.reserved OR l.reserved < 0
         OR (last.value_after IS NOT NULL AND (last.value_after <> l.value OR last.on_hand_after <> l.on_hand OR last.average_cost_after <> l.average_cost))`);
    expect(broken).toEqual([]);
    const badLines = await live.ds.query(
      `SELECT order_id, line_id FROM stock_order_lines l JOIN stock_orders o USING (order_id)
       WHERE l.reserved <> CASE WHEN o.status = 'confirmed' AND l.kind = 'stocked' THEN greatest(0, l.ordered - l.shipped) ELSE 0 END`,
    );
    expect(badLines).toEqual([]);
  });

  it('re-averages on receipts and issues at the moving average of the moment in the log', async () => {
    const a = await o2c.product(sku('A'));
    await o2c.receive(a, 10, '2.00');
    await o2c.receive(a, 10, '3.00');
    expect(await level(a)).toEqual({ sku: a, onHand: 20, reserved: 0, available: 20, averageCost: '2.500000', value: '50.00' });

    const { orderId, lineIds } = await o2c.confirmed([{ sku: a, quantity: 5 }]);
    expect(await level(a)).toMatchObject({ onHand: 20, reserved: 5, available: 15 });
    const first = await o2c.ship(orderId, [{ lineId: lineIds[0], quantity: 4 }]);
    await o2c.receive(a, 4, '5.00'); // 16 × 2.50 + 20.00 = 60.00 for 20
    const second = await o2c.ship(orderId, [{ lineId: lineIds[0], quantity: 1 }]);
    expect(await level(a)).toEqual({ sku: a, onHand: 19, reserved: 0, available: 19, averageCost: '3.000000', value: '57.00' });

    const movements = await stockMovements(live.ds, a);
    expect(movements.map((m) => [m.kind, m.quantity, m.unitCost, m.amount, m.onHandAfter, m.valueAfter, m.averageCostAfter])).toEqual([
      ['receipt', 10, '2.000000', '20.00', 10, '20.00', '2.000000'],
      ['receipt', 10, '3.000000', '30.00', 20, '50.00', '2.500000'],
      ['shipment', -4, '2.500000', '-10.00', 16, '40.00', '2.500000'],
      ['receipt', 4, '5.000000', '20.00', 20, '60.00', '3.000000'],
      ['shipment', -1, '3.000000', '-3.00', 19, '57.00', '3.000000'],
    ]);
    expect(movements[2]).toMatchObject({ orderId, shipmentId: first, lineId: lineIds[0], receiptId: null });
    expect(movements[4].shipmentId).toBe(second);
    expect(movements.every((m, i) => i === 0 || m.position > movements[i - 1].position)).toBe(true);
  });

  it('brings returns back at their issue cost and re-opens the reservation of a confirmed order', async () => {
    const b = await o2c.product(sku('B'));
    await o2c.receive(b, 10, '1.00');
    const { orderId, lineIds } = await o2c.confirmed([{ sku: b, quantity: 6 }]);
    const shipmentId = await o2c.ship(orderId, [{ lineId: lineIds[0], quantity: 4 }]);
    await o2c.receive(b, 10, '4.00'); // 6 × 1.00 + 40.00 = 46.00 for 16
    expect(await level(b)).toEqual({ sku: b, onHand: 16, reserved: 2, available: 14, averageCost: '2.875000', value: '46.00' });

    await o2c.returnLines(orderId, shipmentId, [{ lineId: lineIds[0], quantity: 2 }]);
    expect(await level(b)).toEqual({ sku: b, onHand: 18, reserved: 4, available: 14, averageCost: '2.666667', value: '48.00' });
    await o2c.returnLines(orderId, shipmentId, [{ lineId: lineIds[0], quantity: 2 }]);
    expect(await level(b)).toMatchObject({ onHand: 20, reserved: 6, value: '50.00' });

    const [issue] = await live.ds.query('SELECT quantity, unit_cost, amount, returned_quantity, returned_amount FROM stock_issues WHERE shipment_id = $1', [shipmentId]);
    expect(issue).toEqual({ quantity: '4.000', unit_cost: '1.000000', amount: '4.00', returned_quantity: '4.000', returned_amount: '4.00' });
    const returns = (await stockMovements(live.ds, b)).filter((m) => m.kind === 'return');
    expect(returns.map((m) => [m.quantity, m.unitCost, m.amount])).toEqual([
      [2, '1.000000', '2.00'],
      [2, '1.000000', '2.00'],
    ]);
  });

  it('keeps reservations through line changes, additions and removals on a confirmed order, and releases them on cancel', async () => {
    const c = await o2c.product(sku('C'));
    const service = await o2c.product(sku('SVC'), 'service');
    await o2c.receive(c, 100, '1.00');
    const draft = await o2c.draft([
      { sku: c, quantity: 5 },
      { sku: service, quantity: 1 },
    ]);
    await o2c.send(draft.orderId);
    expect(await level(c)).toMatchObject({ reserved: 0 }); // drafts and sent orders reserve nothing
    await o2c.changeLine(draft.orderId, draft.lineIds[0], 7); // a sent order goes back to draft: still nothing
    expect(await level(c)).toMatchObject({ reserved: 0 });

    await o2c.confirm(draft.orderId);
    expect(await level(c)).toMatchObject({ reserved: 7, available: 93 });
    await o2c.changeLine(draft.orderId, draft.lineIds[0], 9);
    expect(await level(c)).toMatchObject({ reserved: 9 });
    const added = await o2c.addLine(draft.orderId, { sku: c, quantity: 3 });
    expect(await level(c)).toMatchObject({ reserved: 12 });
    await o2c.removeLine(draft.orderId, added);
    expect(await level(c)).toMatchObject({ reserved: 9 });
    const shipmentId = await o2c.ship(draft.orderId, [{ lineId: draft.lineIds[0], quantity: 4 }]);
    expect(await level(c)).toMatchObject({ onHand: 96, reserved: 5, available: 91 });
    await o2c.changeLine(draft.orderId, draft.lineIds[0], 4); // down to what was shipped
    expect(await level(c)).toMatchObject({ reserved: 0 });
    await o2c.changeLine(draft.orderId, draft.lineIds[0], 6);
    expect(await level(c)).toMatchObject({ reserved: 2 });

    await o2c.deliver(draft.orderId, shipmentId); // not an event the stock reads
    await o2c.cancel(draft.orderId);
    expect(await level(c)).toEqual({ sku: c, onHand: 96, reserved: 0, available: 96, averageCost: '1.000000', value: '96.00' });
    expect(await level(service)).toBeNull(); // services never touch stock
    const [order] = await live.ds.query('SELECT status FROM stock_orders WHERE order_id = $1', [draft.orderId]);
    expect(order.status).toBe('canceled');

    // A discarded draft never reserved anything.
    const discarded = await o2c.draft([{ sku: c, quantity: 50 }]);
    await o2c.discard(discarded.orderId);
    expect(await level(c)).toMatchObject({ reserved: 0 });
  });

  it('releases what is left when an order is locked, and a return to a locked order re-opens nothing', async () => {
    const d = await o2c.product(sku('D'));
    await o2c.receive(d, 20, '2.00');
    const blanket = await o2c.confirmed([{ sku: d, quantity: 10 }], 'blanket');
    const shipmentId = await o2c.ship(blanket.orderId, [{ lineId: blanket.lineIds[0], quantity: 4 }]);
    await o2c.deliver(blanket.orderId, shipmentId);
    expect(await level(d)).toMatchObject({ onHand: 16, reserved: 6 });
    await o2c.lock(blanket.orderId); // a frame agreement may close before every release went out
    expect(await level(d)).toMatchObject({ onHand: 16, reserved: 0, available: 16 });
    await o2c.returnLines(blanket.orderId, shipmentId, [{ lineId: blanket.lineIds[0], quantity: 1 }]);
    expect(await level(d)).toEqual({ sku: d, onHand: 17, reserved: 0, available: 17, averageCost: '2.000000', value: '34.00' });
  });

  it('lets stock go negative when shipping beyond what came in, and settles the value with later receipts', async () => {
    const e = await o2c.product(sku('E'));
    await o2c.receive(e, 5, '2.00');
    const { orderId, lineIds } = await o2c.confirmed([{ sku: e, quantity: 7 }]);
    await o2c.ship(orderId, [{ lineId: lineIds[0], quantity: 7 }]);
    expect(await level(e)).toEqual({ sku: e, onHand: -2, reserved: 0, available: -2, averageCost: '2.000000', value: '-4.00' });
    await o2c.receive(e, 6, '3.00');
    expect(await level(e)).toEqual({ sku: e, onHand: 4, reserved: 0, available: 4, averageCost: '3.500000', value: '14.00' });

    const never = await o2c.product(sku('NEVER'));
    const other = await o2c.confirmed([{ sku: never, quantity: 2 }]);
    await o2c.ship(other.orderId, [{ lineId: other.lineIds[0], quantity: 2 }]);
    expect(await level(never)).toEqual({ sku: never, onHand: -2, reserved: 0, available: -2, averageCost: '0.000000', value: '0.00' });
  });

  it('ignores every other event type, while its checkpoint passes them', async () => {
    const f = await o2c.product(sku('F'));
    await o2c.receive(f, 3, '1.00');
    const { orderId, lineIds } = await o2c.confirmed([{ sku: f, quantity: 2 }]);
    await live.catchUp();
    const before = await dump(live.ds, live.schema);
    const applied = (await readCheckpoint(live.ds, live.schema)).eventsApplied;

    await o2c.invoice(orderId, [{ lineId: lineIds[0], quantity: 2 }]);
    await o2c.product(sku('G'));
    for (const type of ['ShipmentDelivered', 'QuoteDrafted', 'PaymentReceived', 'SomethingNobodyKnows']) {
      await store.append(`other-${randomUUID()}`, [{ type, data: { orderId, sku: f, quantity: 99 }, metadata: meta }], 'no_stream');
    }
    await live.catchUp();
    expect(await dump(live.ds, live.schema)).toEqual(before);
    expect((await readCheckpoint(live.ds, live.schema)).eventsApplied).toBe(applied + 6);
  });

  it('builds the same rows from zero as the live generation did while events kept arriving (replay equality)', async () => {
    // A burst of concurrent work across a few skus while the live runner folds it in small batches.
    const skus = await Promise.all(['H', 'I', 'J', 'K'].map((name) => o2c.product(sku(name))));
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const scripts = Array.from({ length: 24 }, (_, i) => async () => {
      const chosen = skus.filter((_, k) => (i + k) % 3 !== 0);
      await o2c.receive(chosen[0], 1 + random(20), `${1 + random(9)}.${random(100).toString().padStart(2, '0')}`);
      const order = await o2c.confirmed(chosen.map((s, k) => ({ sku: s, quantity: 1 + random(5) + (k === 0 ? 0.125 : 0) })));
      const lines = order.lineIds.map((lineId) => ({ lineId, quantity: 1 }));
      const shipmentId = await o2c.ship(order.orderId, lines);
      if (i % 4 === 1) await o2c.returnLines(order.orderId, shipmentId, [{ lineId: order.lineIds[0], quantity: 0.5 }]);
      if (i % 4 === 2) await o2c.changeLine(order.orderId, order.lineIds[1], 9);
      await o2c.receive(chosen[1], 0.333 + random(7), '2.35');
      if (i % 4 !== 3) await o2c.deliver(order.orderId, shipmentId);
      if (i % 4 === 0) await o2c.cancel(order.orderId);
      if (i % 4 === 2) await o2c.addLine(order.orderId, { sku: chosen[0], quantity: 2 });
    });
    await Promise.all(scripts.map((script) => script()));
    await live.catchUp();

    // The same log, from zero: in one batch size and in another.
    const rebuilt = [await startGeneration(database.url, store, 2, { batchSize: 500 }), await startGeneration(database.url, store, 3, { batchSize: 7 })];
    try {
      const expected = await dump(live.ds, live.schema);
      expect(expected.stock_movements.length).toBeGreaterThan(100);
      for (const generation of rebuilt) {
        await generation.catchUp();
        expect(await dump(generation.ds, generation.schema)).toEqual(expected);
        expect(await stockLevels(generation.ds)).toEqual(await stockLevels(live.ds));
      }
    } finally {
      await Promise.all(rebuilt.map((g) => g.close()));
    }
  });

  it('applies a batch with a handful of statements, however many events it holds', async () => {
    const events = await wholeLog();
    expect(events.length).toBeGreaterThan(200);
    const schema = generationSchema('stock', 9);
    const ds = await openGeneration(database.url, stockProjection, schema);
    const statements: string[] = [];
    try {
      await ds.transaction(async (manager) => {
        const counting = { query: (sql: string, params?: unknown[]) => (statements.push(sql), manager.query(sql, params)) } as EntityManager;
        await stockProjection.apply(events, counting);
      });
    } finally {
      await ds.destroy();
    }
    // 3 reads (orders with lines, issues, levels) and one write (levels, movements, issues, orders, lines, removed lines).
    expect(statements.length).toBeLessThanOrEqual(4);
  });
});

describe('stock projection facing an inconsistent log', () => {
  it('stops at an event it cannot place, naming it, and keeps what came before', async () => {
    const database = await createTestDatabase('stock_poison');
    const store = PostgresEventStore.fromConnectionString(database.url);
    await store.migrate();
    try {
      const good = (await store.append(`stockReceipt-${randomUUID()}`, [{ type: 'StockReceived', data: { receiptId: 'r1', sku: 'X', quantity: 2, unitCost: '1.50', currency: 'EUR' }, metadata: meta }], 'no_stream')).position;
      const orderId = randomUUID();
      const poison = (
        await store.append(`order-${orderId}`, [{ type: 'LinesShipped', data: { orderId, shipmentId: 's1', lines: [{ lineId: 'l1', sku: 'X', quantity: 1 }] }, metadata: meta }], 'no_stream')
      ).position;
      const schema = generationSchema('stock', 1);
      const ds = await openGeneration(database.url, stockProjection, schema);
      const runner = new ProjectionRunner(store, ds, stockProjection, schema, { batchWaitMs: 50 });
      await runner.run(new AbortController().signal); // returns by itself once failed
      expect(runner.current).toMatchObject({ state: 'failed', position: good, error: { position: poison, type: 'LinesShipped', message: `Order ${orderId} was never drafted` } });
      expect(await stockLevel(ds, 'X')).toEqual({ sku: 'X', onHand: 2, reserved: 0, available: 2, averageCost: '1.500000', value: '3.00' });
      await ds.destroy();
    } finally {
      await store.close();
      await database.drop();
    }
  });
});
