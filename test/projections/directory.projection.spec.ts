import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { customerView } from '@ledgerline/application/customers/customer-view';
import { productView } from '@ledgerline/application/products/product.handlers';
import { AggregateStore } from '@ledgerline/application/shared/aggregate-store';
import { CommandContext } from '@ledgerline/application/shared/command-context';
import { CustomerCommand, customerDecider, customerStream } from '@ledgerline/domain/customer/customer';
import { ProductCommand, productDecider, productStream } from '@ledgerline/domain/product/product';
import { PostgresEventStore } from '@ledgerline/event-store/postgres/postgres-event-store';
import { directoryProjection } from '@ledgerline/projections/directory/directory.projection';
import { listCustomers, listProducts } from '@ledgerline/projections/directory/directory.queries';
import { generationSchema, openGeneration, readCheckpoint } from '@ledgerline/projections/runtime/generation';
import { ProjectionRunner } from '@ledgerline/projections/runtime/projection-runner';
import { lastAppendedPosition } from '../support/log-size';
import { createTestDatabase } from '../support/test-database';
import { generationTables, statementsPerBatch } from './generation-tables';

const context = (): CommandContext => ({ actor: 'tester', correlationId: 'corr', causationId: 'cause', receivedAt: new Date() });

/** The directory read model against the real PostgreSQL: rows equal to the aggregates, and a rebuild equal to live. */
describe('directory projection on PostgreSQL', () => {
  let database: { url: string; drop: () => Promise<void> };
  let store: PostgresEventStore;
  let aggregates: AggregateStore;
  let live: DataSource;
  let runner: ProjectionRunner;
  let running: Promise<void>;
  const stop = new AbortController();
  const liveSchema = generationSchema('directory', 1);

  beforeAll(async () => {
    database = await createTestDatabase('proj_directory');
    store = PostgresEventStore.fromConnectionString(database.url);
    await store.migrate();
    aggregates = new AggregateStore(store);
    live = await openGeneration(database.url, directoryProjection, liveSchema);
    // Small batches: the live generation sees the log cut differently from the rebuild compared below.
    runner = new ProjectionRunner(store, live, directoryProjection, liveSchema, { batchSize: 5, batchWaitMs: 2 });
    running = runner.run(stop.signal);
  });

  afterAll(async () => {
    stop.abort();
    await running;
    await live.destroy();
    await store.close();
    await database.drop();
  });

  const customer = (customerId: string, command: CustomerCommand) => aggregates.execute(customerDecider, customerStream(customerId), command, context());
  const product = (sku: string, command: ProductCommand) => aggregates.execute(productDecider, productStream(sku), command, context());
  const settledAll = async () => expect(await runner.waitFor(await lastAppendedPosition(database.url), 15_000)).toBe(true);

  /** Customers and products worked through every event type at once, while the live runner applies batches. */
  async function history(): Promise<{ customerIds: string[]; skus: string[] }> {
    const customerIds = Array.from({ length: 24 }, () => randomUUID());
    const skus = Array.from({ length: 24 }, (_, i) => `DIR-${String(i).padStart(2, '0')}`);
    await Promise.all([
      ...customerIds.map(async (customerId, i) => {
        await customer(customerId, {
          type: 'CreateCustomer',
          data: { customerId, name: `Kunde ${i} Ökonom`, currency: i % 4 === 0 ? 'USD' : 'EUR', creditLimit: i % 3 === 0 ? '5000' : null, paymentTermsDays: 30, invoicePolicy: 'ordered', email: `k${i}@example.test`, billingAddress: null, shippingAddress: null, salespersonId: null },
        });
        await customer(customerId, { type: 'AddContact', data: { customerId, contact: { contactId: randomUUID(), name: `Kontakt ${i}`, email: null, phone: `+49 30 ${1000 + i}`, role: 'billing' } } });
        if (i % 2 === 0) await customer(customerId, { type: 'AddContact', data: { customerId, contact: { contactId: `c-${i}`, name: 'Second', email: 's@example.test', phone: null, role: 'other' } } });
        if (i % 4 === 0) await customer(customerId, { type: 'RemoveContact', data: { customerId, contactId: `c-${i}` } });
        await customer(customerId, { type: 'UpdateCustomer', data: { customerId, changes: { name: `Customer ${i}`, salespersonId: i % 3 === 1 ? '3f1e2d4c-5b6a-4978-8a9b-0c1d2e3f4a5b' : null }, blocked: i % 5 === 0 } });
        if (i % 10 === 0) await customer(customerId, { type: 'UpdateCustomer', data: { customerId, changes: { paymentTermsDays: 14 }, blocked: false } });
      }),
      ...skus.map(async (sku, i) => {
        await product(sku, { type: 'CreateProduct', data: { sku, name: `Part ${i}`, kind: i % 3 === 0 ? 'service' : 'stocked', currency: 'EUR', unitPrice: '9.99', taxRate: '0.19', unitCost: i % 3 === 0 ? null : '3.00' } });
        await product(sku, { type: 'UpdateProduct', data: { sku, changes: { unitPrice: `${10 + i}.00`, supplierId: i % 2 ? '8c3e1f4d-5a6b-4c7d-8e9f-0a1b2c3d4e5f' : null, purchasePrice: i % 2 ? '2.50' : null }, active: i % 4 !== 1 } });
        if (i % 8 === 1) await product(sku, { type: 'UpdateProduct', data: { sku, changes: { name: `Part ${i} (new)` }, active: true } });
      }),
    ]);
    await settledAll();
    return { customerIds, skus };
  }

  it('holds what the aggregates hold, and rebuilds from zero to exactly the live rows', async () => {
    const { customerIds, skus } = await history();
    const listed = new Map<string, unknown>();
    for (let cursor: string | undefined, page; (page = await listCustomers(live, { limit: 7, cursor })); ) {
      for (const c of page.customers) listed.set(c.id, c);
      if (page.next === null) break;
      cursor = page.next;
    }
    for (const customerId of customerIds) {
      const view = customerView(customerId, await aggregates.load(customerDecider, customerStream(customerId)));
      expect(listed.get(customerId)).toEqual({
        id: view.id,
        name: view.name,
        email: view.email,
        currency: view.currency,
        creditLimit: view.creditLimit,
        paymentTermsDays: view.paymentTermsDays,
        blocked: view.blocked,
        salespersonId: view.salespersonId,
        contacts: view.contacts,
        version: view.version,
      });
    }
    const products = (await listProducts(live, { q: 'dir-', limit: 500 })).products;
    expect(products.map((p) => p.sku)).toEqual(skus);
    for (const listedProduct of products) {
      const view = productView(listedProduct.sku, await aggregates.load(productDecider, productStream(listedProduct.sku)));
      const { position: _position, ...fields } = view;
      expect(listedProduct).toEqual(fields);
    }

    const schema = generationSchema('directory', 2);
    const fresh = await openGeneration(database.url, directoryProjection, schema);
    const rebuildStop = new AbortController();
    const rebuild = new ProjectionRunner(store, fresh, directoryProjection, schema, { batchSize: 500, batchWaitMs: 20 });
    const rebuilding = rebuild.run(rebuildStop.signal);
    expect(await rebuild.waitFor(await lastAppendedPosition(database.url), 30_000)).toBe(true);
    rebuildStop.abort();
    await rebuilding;
    const [liveTables, freshTables] = [await generationTables(live, liveSchema), await generationTables(fresh, schema)];
    expect(Object.keys(liveTables).sort()).toEqual(['customer_entries', 'product_entries']);
    for (const rows of Object.values(liveTables)) expect(rows.length).toBeGreaterThanOrEqual(24);
    expect(freshTables).toEqual(liveTables);
    expect(await readCheckpoint(fresh, schema)).toEqual(await readCheckpoint(live, liveSchema));
    await fresh.destroy();
  });

  it('reads and writes each batch in two statements, however many events it holds', async () => {
    const events = (await store.readAll({ limit: 1000 })).filter((e) => e.streamId.startsWith('customer-') || e.streamId.startsWith('product-'));
    const schema = generationSchema('directory', 3);
    const scratch = await openGeneration(database.url, directoryProjection, schema);
    const counts = await statementsPerBatch(directoryProjection, scratch, events, 40);
    expect(counts.length).toBeGreaterThan(2);
    expect(new Set(counts)).toEqual(new Set([2]));
    await scratch.destroy();
  });
});
