import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { AggregateStore } from '@ledgerline/application/shared/aggregate-store';
import { CommandContext } from '@ledgerline/application/shared/command-context';
import { invoiceFacts, IssuedInvoice } from '@ledgerline/application/invoices/issued-invoices';
import { customerAccountDecider } from '@ledgerline/domain/customer-account/customer-account';
import { customerAccountStream } from '@ledgerline/domain/customer-account/events';
import { CustomerFacts, ProductFacts } from '@ledgerline/domain/sales-order/commands';
import { OrderEvent, orderStream } from '@ledgerline/domain/sales-order/events';
import { DecimalMath, roundMoney } from '@ledgerline/domain/shared/money';
import { orderDecider } from '@ledgerline/domain/sales-order/sales-order';
import { DomainError } from '@ledgerline/domain/shared/domain-error';
import { stockReceiptDecider, stockReceiptStream } from '@ledgerline/domain/stock-receipt/stock-receipt';
import { PostgresEventStore } from '@ledgerline/event-store/postgres/postgres-event-store';
import { ALL_PROJECTIONS } from '@ledgerline/projections/all-projections';
import { generationSchema, openGeneration } from '@ledgerline/projections/runtime/generation';
import { ProjectionRunner } from '@ledgerline/projections/runtime/projection-runner';
import { checkLedgerInvariants } from '@ledgerline/projections/verify/ledger-invariants';
import { lastAppendedPosition } from '../support/log-size';
import { createTestDatabase } from '../support/test-database';

/**
 * domain.md's invariants, after random valid sequences of receipts, orders (in EUR, the base currency, and
 * in USD at several rates), confirmations, shipments, returns, deliveries, invoices, cancellations,
 * payments (allocated, partly allocated, at another rate than the invoice), advances, applied credit and
 * credit notes (reopening billing or not), driven through the real deciders (refused commands are simply
 * refused): every journal entry balances; account 1200 = Σ stock value (on hand × moving average, per
 * entry rounding); account 1100 = Σ open receivables and 2200 = Σ unapplied credit, in the base currency;
 * 0 ≤ shipped, invoiced ≤ ordered per line.
 */
const SKUS = ['P-0', 'P-1', 'P-2'];
const product = (sku: string): ProductFacts => ({ sku, kind: 'stocked', currency: 'EUR', unitPrice: '12.35', taxRate: '0.19', active: true });
const service: ProductFacts = { sku: 'S-0', kind: 'service', currency: 'EUR', unitPrice: '40.00', taxRate: '0.19', active: true };
const customer: CustomerFacts = { customerId: randomUUID(), exists: true, blocked: false, invoicePolicy: 'ordered', paymentTermsDays: 30 };
/** A second customer, billed in USD: its orders, invoices and payments carry rates to EUR. */
const dollarCustomer: CustomerFacts = { ...customer, customerId: randomUUID() };
const RATES = ['0.9137', '1.0825', '0.8'];
const amountOf = (cents: number) => (cents / 100).toFixed(2);
const context: CommandContext = { actor: 'property', correlationId: 'p', causationId: 'p', receivedAt: new Date() };

const quantity = fc.integer({ min: 1, max: 9000 }).map((milli) => milli / 1000);
// Weighted so that histories reach invoices, payments and credit notes: most steps need an earlier one.
const step = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('receive' as const), sku: fc.nat(2), quantity, cost: fc.integer({ min: 1, max: 99999 }).map((c) => (c / 100).toFixed(2)) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('order' as const), skus: fc.array(fc.nat(3), { minLength: 1, maxLength: 3 }), quantity, usd: fc.boolean(), rate: fc.nat(2) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('confirm' as const), order: fc.nat(20) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('ship' as const), order: fc.nat(20), line: fc.nat(2), quantity }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deliver' as const), order: fc.nat(20), shipment: fc.nat(3) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('return' as const), order: fc.nat(20), shipment: fc.nat(3), quantity }) },
  // An invoice takes a share of what the line has left to invoice (refusals of too much are tested elsewhere).
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('invoice' as const), order: fc.nat(20), line: fc.nat(2), percent: fc.integer({ min: 1, max: 100 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), order: fc.nat(20) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('pay' as const), invoice: fc.nat(30), percent: fc.integer({ min: 1, max: 110 }), extraCents: fc.constantFrom(0, 0, 501), rate: fc.nat(2) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), usd: fc.boolean(), cents: fc.integer({ min: 1, max: 50000 }), rate: fc.nat(2) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('apply' as const), invoice: fc.nat(30), percent: fc.integer({ min: 1, max: 60 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('credit' as const), invoice: fc.nat(30), line: fc.nat(2), percent: fc.integer({ min: 1, max: 100 }), reopen: fc.boolean() }) },
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

  const buyerOf = (order: { orderId: string }) => (dollarOrders.has(order.orderId) ? dollarCustomer : customer);
  const accountOf = (customerId: string) => ({ customerId, exists: true, currency: customerId === dollarCustomer.customerId ? 'USD' : 'EUR' });
  const issuedIn = (events: readonly { type: string; data: unknown }[]) => events.find((e) => e.type === 'InvoiceIssued')?.data as IssuedInvoice;
  const dollarOrders = new Set<string>();

  async function play(steps: Step[]): Promise<void> {
    const aggregates = new AggregateStore(store);
    const onAccount = (customerId: string, command: Parameters<typeof customerAccountDecider.decide>[0]) =>
      aggregates.execute(customerAccountDecider, customerAccountStream(customerId), command, context);
    const orders: { orderId: string; lineIds: string[]; shipmentIds: string[] }[] = [];
    const invoices: IssuedInvoice[] = [];
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
          // USD lines need their own price: the products are priced in EUR.
          const lines = s.skus.map((i) => ({ lineId: randomUUID(), sku: i === 3 ? 'S-0' : SKUS[i], product: i === 3 ? service : product(SKUS[i]), quantity: s.quantity, ...(s.usd ? { unitPrice: '13.57' } : {}) }));
          const [who, currency, exchangeRate] = s.usd ? [dollarCustomer, 'USD', RATES[s.rate]] : [customer, 'EUR', null];
          await aggregates.execute(orderDecider, orderStream(orderId), { type: 'DraftOrder', data: { orderId, customer: who, orderType: 'standard', currency, requestedDeliveryDate: null, customerReference: null, channel: 'manual', billingAddress: null, shippingAddress: null, invoicePolicy: null, quoteId: null, exchangeRate, lines } }, context);
          orders.push({ orderId, lineIds: lines.map((l) => l.lineId), shipmentIds: [] });
          if (s.usd) dollarOrders.add(orderId);
          break;
        }
        case 'confirm':
          if (order) await attempt(() => aggregates.execute(orderDecider, orderStream(order.orderId), { type: 'ConfirmOrder', data: { orderId: order.orderId, customer: buyerOf(order), baseCurrency: 'EUR', credit: null } }, context));
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
          const { state } = await aggregates.load(orderDecider, orderStream(order.orderId));
          const line = state.status === 'none' ? undefined : state.lines.find((l) => l.lineId === lineId);
          if (!line) break;
          const left = Math.round((line.quantity - line.invoicedQuantity) * 1000);
          const share = Math.max(1, Math.round((left * s.percent) / 100)) / 1000;
          await attempt(async () => {
            const invoiced = await aggregates.execute(orderDecider, orderStream(order.orderId), { type: 'InvoiceLines', data: { orderId: order.orderId, invoiceId: randomUUID(), lines: [{ lineId, quantity: share }], invoiceDate: '2026-11-23', customer: buyerOf(order), baseCurrency: 'EUR' } }, context);
            invoices.push(issuedIn(invoiced.appended));
          });
          break;
        }
        case 'pay': {
          const invoice = invoices[s.invoice % Math.max(invoices.length, 1)];
          if (!invoice) break;
          const allocation = roundMoney(new DecimalMath(invoice.totals.gross).times(s.percent).div(100), invoice.currency);
          const amount = roundMoney(new DecimalMath(allocation).plus(amountOf(s.extraCents)), invoice.currency);
          if (new DecimalMath(amount).lte(0)) break;
          await attempt(() => onAccount(invoice.customerId, {
            type: 'ReceivePayment',
            data: {
              paymentId: randomUUID(), customer: accountOf(invoice.customerId), amount, currency: invoice.currency, receivedOn: '2026-11-24',
              exchangeRate: invoice.currency === 'EUR' ? null : RATES[s.rate], baseCurrency: 'EUR',
              allocations: new DecimalMath(allocation).gt(0) ? [{ invoiceId: invoice.invoiceId, amount: allocation }] : [],
              invoices: new Map([[invoice.invoiceId, invoiceFacts(invoice, null)]]),
            },
          }));
          break;
        }
        case 'advance': {
          const who = s.usd ? dollarCustomer : customer;
          await onAccount(who.customerId, {
            type: 'ReceivePayment',
            data: { paymentId: randomUUID(), customer: accountOf(who.customerId), amount: amountOf(s.cents), currency: s.usd ? 'USD' : 'EUR', receivedOn: '2026-11-24', exchangeRate: s.usd ? RATES[s.rate] : null, baseCurrency: 'EUR', allocations: [], invoices: new Map() },
          });
          break;
        }
        case 'apply': {
          const invoice = invoices[s.invoice % Math.max(invoices.length, 1)];
          if (!invoice) break;
          await attempt(() => onAccount(invoice.customerId, {
            type: 'ApplyCredit',
            data: { applicationId: randomUUID(), customer: accountOf(invoice.customerId), invoice: invoiceFacts(invoice, null), amount: roundMoney(new DecimalMath(invoice.totals.gross).times(s.percent).div(100), invoice.currency), appliedOn: '2026-11-25' },
          }));
          break;
        }
        case 'credit': {
          const invoice = invoices[s.invoice % Math.max(invoices.length, 1)];
          if (!invoice) break;
          const { lineId, quantity: invoiced } = invoice.lines[s.line % invoice.lines.length];
          const share = Math.max(1, Math.round((invoiced * 1000 * s.percent) / 100)) / 1000;
          await attempt(async () => {
            const issued = await aggregates.execute(orderDecider, orderStream(invoice.orderId), {
              type: 'IssueCreditNote',
              data: { orderId: invoice.orderId, invoiceId: invoice.invoiceId, creditNoteId: randomUUID(), lines: [{ lineId, quantity: share }], reason: 'property', reopenBilling: s.reopen, creditDate: '2026-11-26' },
            }, context);
            const note = (issued.appended.find((e) => e.type === 'CreditNoteIssued') as Extract<OrderEvent, { type: 'CreditNoteIssued' }>).data;
            await onAccount(invoice.customerId, {
              type: 'PostCreditNote',
              data: { creditNoteId: note.creditNoteId, customerId: note.customerId, invoice: invoiceFacts(invoice, null), creditDate: note.creditDate, totals: note.totals, baseTotals: note.baseTotals },
            });
          });
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


  it('keeps every invariant', async () => {
    /** What the random histories exercised across all runs: the test must not pass by never paying. */
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 20, maxLength: 60, size: 'max' }), async (steps) => {
        await pool.query('TRUNCATE es_events, es_streams');
        dollarOrders.clear();
        await play(steps);
        const kinds = await pool.query(
          `SELECT CASE WHEN type = 'InvoiceIssued' AND data->>'currency' = 'USD' THEN 'InvoiceIssued/USD' ELSE type END AS kind, count(*)::int AS n FROM es_events GROUP BY 1`,
        );
        for (const { kind, n } of kinds.rows) seen.set(kind, (seen.get(kind) ?? 0) + n);
        const s = await project();
        const results = await checkLedgerInvariants(pool, { journals: s.journals, receivables: s.receivables, stock: s.stock, orders: s.orders });
        expect(results.filter((r) => !r.holds)).toEqual([]);
        const unpaidButSettled = await pool.query(`SELECT invoice_id FROM ${s.receivables}.open_items WHERE outstanding = 0 AND outstanding_base <> 0`);
        expect(unpaidButSettled.rows).toEqual([]);
      }),
      { numRuns: 20, endOnFailure: true },
    );
    for (const kind of ['InvoiceIssued', 'InvoiceIssued/USD', 'LinesShipped', 'PaymentReceived', 'CreditApplied', 'CreditNotePosted']) {
      expect({ kind, seen: (seen.get(kind) ?? 0) > 0 }).toEqual({ kind, seen: true });
    }
  }, 240_000);
});
