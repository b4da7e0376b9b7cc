import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { PostgresEventStore } from '@ledgerline/event-store/postgres/postgres-event-store';
import { ALL_PROJECTIONS } from '@ledgerline/projections/all-projections';
import { generationSchema, openGeneration, readCheckpoint } from '@ledgerline/projections/runtime/generation';
import { ProjectionRunner } from '@ledgerline/projections/runtime/projection-runner';
import { lastAppendedPosition } from '../support/log-size';
import { createTestDatabase } from '../support/test-database';
import { generationTables } from './generation-tables';

const meta = { actor: 't', correlationId: 'c', causationId: 'c', command: 'T', schemaVersion: 1 };
const root = path.resolve(__dirname, '../..');

/**
 * ADR 0006's promise under SIGKILL: a projector killed at any moment, mid-batch included, loses and
 * double-counts nothing once it restarts. The proof: after many kills while events keep arriving, the
 * tables equal a rebuild from zero, row by row.
 */
describe.each(['stock', 'orders'])('%s projection killed with SIGKILL', (name) => {
  let database: { url: string; drop: () => Promise<void> };
  let store: PostgresEventStore;
  const projection = ALL_PROJECTIONS.find((p) => p.name === name)!;

  beforeAll(async () => {
    database = await createTestDatabase(`crash_${name}`);
    store = PostgresEventStore.fromConnectionString(database.url);
    await store.migrate();
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  /** An order-to-cash story per call: receipts, an order, confirmation, two shipments, an invoice. */
  async function story(sku: string): Promise<void> {
    const orderId = randomUUID();
    const lineId = randomUUID();
    await store.append(`stockReceipt-${randomUUID()}`, [{ type: 'StockReceived', data: { receiptId: randomUUID(), sku, quantity: 10, unitCost: '3.10', currency: 'EUR' }, metadata: meta }], 'no_stream');
    const line = { lineId, sku, kind: 'stocked', quantity: 6, unitPrice: '9.99', discount: '0.00', taxRate: '0.20' };
    const order = `order-${orderId}`;
    const drafted = { orderId, customerId: randomUUID(), orderType: 'standard', currency: 'EUR', requestedDeliveryDate: null, customerReference: null, shippingAddress: null, invoicePolicy: null, quoteId: null, lines: [line] };
    await store.append(order, [{ type: 'OrderDrafted', data: drafted, metadata: meta }], 'no_stream');
    await store.append(order, [{ type: 'OrderConfirmed', data: { orderId, customerId: drafted.customerId, reservations: [{ lineId, sku, quantity: 6 }], totals: { net: '59.94', tax: '11.99', gross: '71.93' } }, metadata: meta }], 0);
    await store.append(order, [{ type: 'LinesShipped', data: { orderId, shipmentId: randomUUID(), lines: [{ lineId, sku, quantity: 2 }] }, metadata: meta }], 1);
    await store.append(order, [{ type: 'LinesShipped', data: { orderId, shipmentId: randomUUID(), lines: [{ lineId, sku, quantity: 4 }] }, metadata: meta }], 2);
    const invoiceLine = { lineId, sku, quantity: 6, unitPrice: '9.99', discount: '0.00', taxRate: '0.20', net: '59.94', tax: '11.99', gross: '71.93' };
    await store.append(order, [{ type: 'InvoiceIssued', data: { orderId, invoiceId: randomUUID(), customerId: drafted.customerId, currency: 'EUR', invoiceDate: '2026-11-23', dueDate: '2026-12-23', lines: [invoiceLine], totals: { net: '59.94', tax: '11.99', gross: '71.93' } }, metadata: meta }], 3);
  }

  function startProjector(): { child: ChildProcess; running: Promise<void> } {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'test/support/projector-child.ts'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: database.url, PROJECTION: name, BATCH_SIZE: '40' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const running = new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (chunk) => String(chunk).includes('running') && resolve());
      child.once('exit', (code) => reject(new Error(`projector exited early (${code})`)));
    });
    return { child, running };
  }
  it('loses and double-counts nothing across repeated kills', async () => {
    for (let i = 0; i < 40; i++) await story(`SKU-${i % 5}`);
    let kills = 0;
    let killedBehind = 0;
    const schema = generationSchema(name, 1);
    for (let round = 0; round < 5; round++) {
      const { child, running } = startProjector();
      await running;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      // Events keep arriving while it works; then it dies without warning.
      const writing = Promise.all(Array.from({ length: 8 }, (_, i) => story(`SKU-${(round + i) % 5}`)));
      await new Promise((resolve) => setTimeout(resolve, 100 + round * 60));
      child.kill('SIGKILL');
      await exited;
      await writing;
      // More arrives while it is down, so every restart has work to catch up on, whether or not the kill
      // itself landed mid-batch (on a fast machine the projector often keeps up with the writers).
      await story(`SKU-${round}`);
      kills++;
      const probe = await openGeneration(database.url, projection, schema, 1);
      if ((await readCheckpoint(probe, schema)).position < (await lastAppendedPosition(database.url))) killedBehind++;
      await probe.destroy();
    }
    expect(kills).toBe(5);
    expect(killedBehind).toBeGreaterThan(0);

    // Restarted once more, it catches up; a rebuild from zero must give the very same rows.
    const last = await lastAppendedPosition(database.url);
    const live = await openGeneration(database.url, projection, schema);
    const liveStop = new AbortController();
    const liveRunner = new ProjectionRunner(store, live, projection, schema);
    const liveRunning = liveRunner.run(liveStop.signal);
    expect(await liveRunner.waitFor(last, 30_000)).toBe(true);
    liveStop.abort();
    await liveRunning;

    const freshSchema = generationSchema(name, 9);
    const fresh = await openGeneration(database.url, projection, freshSchema);
    const freshStop = new AbortController();
    const freshRunner = new ProjectionRunner(store, fresh, projection, freshSchema, { batchSize: 500 });
    const freshRunning = freshRunner.run(freshStop.signal);
    expect(await freshRunner.waitFor(last, 30_000)).toBe(true);
    freshStop.abort();
    await freshRunning;

    expect(await generationTables(live, schema)).toEqual(await generationTables(fresh, freshSchema));
    expect((await readCheckpoint(live, schema)).eventsApplied).toBe((await readCheckpoint(fresh, freshSchema)).eventsApplied);
    await live.destroy();
    await fresh.destroy();
  }, 120_000);
});
