import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { AggregateStore } from '@ledgerline/application/shared/aggregate-store';
import { CommandContext } from '@ledgerline/application/shared/command-context';
import { CustomerFacts, ProductFacts } from '@ledgerline/domain/sales-order/commands';
import { orderStream } from '@ledgerline/domain/sales-order/events';
import { orderDecider } from '@ledgerline/domain/sales-order/sales-order';
import { DomainError } from '@ledgerline/domain/shared/domain-error';
import { stockReceiptDecider, stockReceiptStream } from '@ledgerline/domain/stock-receipt/stock-receipt';
import { PostgresEventStore } from '@ledgerline/event-store/postgres/postgres-event-store';
import { ALL_PROJECTIONS } from '@ledgerline/projections/all-projections';
import { generationSchema, openGeneration } from '@ledgerline/projections/runtime/generation';
import { ProjectionRunner } from '@ledgerline/projections/runtime/projection-runner';
import { lastAppendedPosition } from '../support/log-size';
import { createTestDatabase } from '../support/test-database';

/**
 * domain.md's invariants, after random valid sequences of receipts, orders, confirmations, shipments,
 * returns, deliveries, invoices and cancellations (driven through the real deciders; refused commands are
 * simply refused): every journal entry balances; account 1200 = Σ stock value (on hand × moving average,
 * per entry rounding); account 1100 = Σ open receivables; 0 ≤ shipped, invoiced ≤ ordered per line.
 */
const SKUS = ['P-0', 'P-1', 'P-2'];
const product = (sku: string): ProductFacts => ({ sku, kind: 'stocked', currency: 'EUR', unitPrice: '12.35', taxRate: '0.19' });
const service: ProductFacts = { sku: 'S-0', kind: 'service', currency: 'EUR', unitPrice: '40.00', taxRate: '0.19' };
const customer: CustomerFacts = { customerId: randomUUID(), exists: true, blocked: false, invoicePolicy: 'ordered', paymentTermsDays: 30 };
const context: CommandContext = { actor: 'property', correlationId: 'p', causationId: 'p', receivedAt: new Date() };

const quantity = fc.integer({ min: 1, max: 9000 }).map((milli) => milli / 1000);
const step = fc.oneof(
  fc.record({ kind: fc.constant('receive' as const), sku: fc.nat(2), quantity, cost: fc.integer({ min: 1, max: 99999 }).map((c) => (c / 100).toFixed(2)) }),
  fc.record({ kind: fc.constant('order' as const), skus: fc.array(fc.nat(3), { minLength: 1, maxLength: 3 }), quantity }),
  fc.record({ kind: fc.constant('confirm' as const), order: fc.nat(20) }),
  fc.record({ kind: fc.constant('ship' as const), order: fc.nat(20), line: fc.nat(2), quantity }),
  fc.record({ kind: fc.constant('deliver' as const), order: fc.nat(20), shipment: fc.nat(3) }),
  fc.record({ kind: fc.constant('return' as const), order: fc.nat(20), shipment: fc.nat(3), quantity }),
  fc.record({ kind: fc.constant('invoice' as const), order: fc.nat(20), line: fc.nat(2), quantity }),
  fc.record({ kind: fc.constant('cancel' as const), order: fc.nat(20) }),
);
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

describe('ledger invariants over random order-to-cash histories', () => {
  let database: { url: string; drop: () => Promise<void> };
  let store: PostgresEventStore;
  let pool: Pool;
  let run = 0;

  beforeAll(async () => {
    database = await createTestDatabase('ledger_property');
    store = PostgresEventStore.fromConnectionString(database.url);
    await store.migrate();
    pool = new Pool({ connectionString: database.url, max: 4 });
  });
  afterAll(async () => {
    await pool.end();
    await store.close();
    await database.drop();
  });

  async function play(steps: Step[]): Promise<void> {
    const aggregates = new AggregateStore(store);
    const orders: { orderId: string; lineIds: string[]; shipmentIds: string[] }[] = [];
    const attempt = async (run: () => Promise<unknown>) => {
      try {
        await run();
      } catch (error) {
        if (!(error instanceof DomainError)) throw error; // the rules said no: a valid outcome
      }
    };
    for (const s of steps) {
      const order = 'order' in s && typeof s.order === 'number' ? orders[s.order % Math.max(orders.length, 1)] : undefined;
      switch (s.kind) {
        case 'receive': {
          const receiptId = randomUUID();
          await aggregates.execute(stockReceiptDecider, stockReceiptStream(receiptId), { type: 'ReceiveStock', data: { receiptId, sku: SKUS[s.sku], quantity: s.quantity, unitCost: s.cost, currency: 'EUR', product: { kind: 'stocked' } } }, context);
          break;
        }
        case 'order': {
          const orderId = randomUUID();
          const lines = s.skus.map((i) => ({ lineId: randomUUID(), sku: i === 3 ? 'S-0' : SKUS[i], product: i === 3 ? service : product(SKUS[i]), quantity: s.quantity }));
          await aggregates.execute(orderDecider, orderStream(orderId), { type: 'DraftOrder', data: { orderId, customer, orderType: 'standard', currency: 'EUR', requestedDeliveryDate: null, customerReference: null, shippingAddress: null, invoicePolicy: null, quoteId: null, lines } }, context);
          orders.push({ orderId, lineIds: lines.map((l) => l.lineId), shipmentIds: [] });
          break;
        }
        case 'confirm':
          if (order) await attempt(() => aggregates.execute(orderDecider, orderStream(order.orderId), { type: 'ConfirmOrder', data: { orderId: order.orderId, customer } }, context));
          break;
        case 'ship': {
          if (!order) break;
          const shipmentId = randomUUID();
          const lineId = order.lineIds[s.line % order.lineIds.length];
          await attempt(async () => {
            await aggregates.execute(orderDecider, orderStream(order.orderId), { type: 'ShipLines', data: { orderId: order.orderId, shipmentId, lines: [{ lineId, quantity: s.quantity }] } }, context);
            order.shipmentIds.push(shipmentId);
          });
          break;
        }
        case 'deliver':
        case 'return': {
          if (!order || order.shipmentIds.length === 0) break;
          const shipmentId = order.shipmentIds[s.shipment % order.shipmentIds.length];
          const { state } = await aggregates.load(orderDecider, orderStream(order.orderId));
          const shipped = state.status === 'none' ? undefined : state.shipments.find((x) => x.shipmentId === shipmentId);
          if (!shipped) break;
          const command =
            s.kind === 'deliver'
              ? ({ type: 'DeliverShipment', data: { orderId: order.orderId, shipmentId } } as const)
              : ({ type: 'ReturnShipmentLines', data: { orderId: order.orderId, shipmentId, lines: [{ lineId: shipped.lines[0].lineId, quantity: s.quantity }] } } as const);
          await attempt(() => aggregates.execute(orderDecider, orderStream(order.orderId), command, context));
          break;
        }
        case 'invoice': {
          if (!order) break;
          const lineId = order.lineIds[s.line % order.lineIds.length];
          await attempt(() =>
            aggregates.execute(orderDecider, orderStream(order.orderId), { type: 'InvoiceLines', data: { orderId: order.orderId, invoiceId: randomUUID(), lines: [{ lineId, quantity: s.quantity }], invoiceDate: '2026-11-23', customer } }, context),
          );
          break;
        }
        case 'cancel':
          if (order) await attempt(() => aggregates.execute(orderDecider, orderStream(order.orderId), { type: 'CancelOrder', data: { orderId: order.orderId } }, context));
          break;
      }
    }
  }

  /** Every projection, in fresh generation schemas of this run, applied up to the last event. */
  async function project(): Promise<Record<string, string>> {
    run++;
    const last = await lastAppendedPosition(database.url);
    const schemas: Record<string, string> = {};
    for (const projection of ALL_PROJECTIONS) {
      const schema = generationSchema(projection.name, run);
      const dataSource = await openGeneration(database.url, projection, schema, 2);
      const stop = new AbortController();
      const runner = new ProjectionRunner(store, dataSource, projection, schema, { batchSize: 200 });
      const running = runner.run(stop.signal);
      const reached = await runner.waitFor(last, 30_000);
      stop.abort();
      await running;
      await dataSource.destroy();
      if (!reached) throw new Error(`${projection.name} did not reach the head: ${JSON.stringify(runner.current)}`);
      schemas[projection.name] = schema;
    }
    return schemas;
  }

  const one = async (sql: string) => (await pool.query(sql)).rows[0];
  /** Exact decimal equality, whatever the number of trailing zeros. */
  const sameAmount = async (a: string, b: string) => (await pool.query('SELECT $1::numeric = $2::numeric AS same', [a, b])).rows[0].same as boolean;

  it('keeps every invariant', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 40 }), async (steps) => {
        await pool.query('TRUNCATE es_events, es_streams');
        await play(steps);
        const s = await project();
        const unbalanced = await pool.query(`SELECT entry_id FROM ${s.journals}.journal_lines GROUP BY entry_id HAVING sum(debit) <> sum(credit)`);
        expect(unbalanced.rows).toEqual([]);
        const account = (code: string) => `SELECT coalesce(sum(debit) - sum(credit), 0)::text AS balance FROM ${s.journals}.journal_lines WHERE account = '${code}'`;
        const inventory = await one(account('1200'));
        const stockValue = await one(`SELECT coalesce(sum(value), 0)::text AS value FROM ${s.stock}.stock_levels`);
        expect({ account1200: inventory.balance, stockValue: stockValue.value, same: await sameAmount(inventory.balance, stockValue.value) }).toMatchObject({ same: true });
        const receivable = await one(account('1100'));
        const open = await one(`SELECT coalesce(sum(outstanding), 0)::text AS outstanding FROM ${s.receivables}.open_items`);
        expect({ account1100: receivable.balance, openItems: open.outstanding, same: await sameAmount(receivable.balance, open.outstanding) }).toMatchObject({ same: true });
        const badLines = await pool.query(
          `SELECT order_id, line_id FROM ${s.orders}.order_summary_lines WHERE shipped < 0 OR shipped > quantity OR invoiced < 0 OR invoiced > quantity`,
        );
        expect(badLines.rows).toEqual([]);
      }),
      { numRuns: 10, endOnFailure: true },
    );
  }, 240_000);
});
