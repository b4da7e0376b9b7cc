import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { InvoiceNumbering } from '@ledgerline/application/invoices/invoice-numbering';
import { AggregateStore } from '@ledgerline/application/shared/aggregate-store';
import { CommandContext } from '@ledgerline/application/shared/command-context';
import { customerDecider, customerStream } from '@ledgerline/domain/customer/customer';
import { productDecider, productStream } from '@ledgerline/domain/product/product';
import { CustomerFacts, ProductFacts } from '@ledgerline/domain/sales-order/commands';
import { addDays } from '@ledgerline/domain/sales-order/decide';
import { OrderEvent, orderStream } from '@ledgerline/domain/sales-order/events';
import { orderDecider } from '@ledgerline/domain/sales-order/sales-order';
import { PostgresEventStore } from '@ledgerline/event-store/postgres/postgres-event-store';
import { START, StoredEvent } from '@ledgerline/event-store/port';
import { agingBucketOf } from '@ledgerline/projections/receivables/aging-buckets';
import { receivablesProjection } from '@ledgerline/projections/receivables/receivables.projection';
import { aging, customerReceivables } from '@ledgerline/projections/receivables/receivables.queries';
import { generationSchema, openGeneration, readCheckpoint } from '@ledgerline/projections/runtime/generation';
import { ProjectionRunner } from '@ledgerline/projections/runtime/projection-runner';
import { lastAppendedPosition } from '../support/log-size';
import { createTestDatabase } from '../support/test-database';
import { generationTables, statementsPerBatch } from './generation-tables';

const context = (): CommandContext => ({ actor: 'tester', correlationId: 'corr', causationId: 'cause', receivedAt: new Date() });
const meta = { actor: 't', correlationId: 'c', causationId: 'c', command: 'T', schemaVersion: 1 };

type IssuedInvoice = Extract<OrderEvent, { type: 'InvoiceIssued' }>['data'];

interface Invoiced {
  invoiceId: string;
  orderId: string;
  /** Position of InvoiceIssued. */
  position: string;
  number: string | null;
  invoice: IssuedInvoice;
}

/**
 * Customers, orders and invoices through the real deciders, the real numbering service (ADR 0005) and
 * the PostgreSQL store, so the events have exactly the shapes production writes.
 */
class Invoicing {
  private readonly numbering: InvoiceNumbering;
  private readonly products = new Map<string, ProductFacts>();

  constructor(
    private readonly store: PostgresEventStore,
    private readonly aggregates: AggregateStore,
  ) {
    this.numbering = new InvoiceNumbering(store);
  }

  async customer(paymentTermsDays = 30, currency = 'EUR'): Promise<CustomerFacts> {
    const customerId = randomUUID();
    const data = { customerId, name: `Customer ${customerId.slice(0, 8)}`, currency, creditLimit: null, paymentTermsDays, invoicePolicy: 'ordered' as const, email: null, billingAddress: null, shippingAddress: null };
    await this.aggregates.execute(customerDecider, customerStream(customerId), { type: 'CreateCustomer', data }, context());
    return { customerId, exists: true, blocked: false, invoicePolicy: 'ordered', paymentTermsDays };
  }

  async product(sku: string, unitPrice: string, taxRate: string): Promise<void> {
    const data = { sku, name: sku, kind: 'service' as const, currency: 'EUR', unitPrice, taxRate, unitCost: null };
    await this.aggregates.execute(productDecider, productStream(sku), { type: 'CreateProduct', data }, context());
    this.products.set(sku, { sku, kind: 'service', currency: 'EUR', unitPrice, taxRate });
  }

  /** A confirmed order of one line; in another currency than EUR the price is given in it. */
  async order(customer: CustomerFacts, sku: string, quantity: number, currency = 'EUR', unitPrice?: string): Promise<{ orderId: string; lineId: string }> {
    const orderId = randomUUID();
    const lineId = randomUUID();
    const product = this.products.get(sku) ?? null;
    await this.onOrder(orderId, {
      type: 'DraftOrder',
      data: {
        orderId,
        customer,
        orderType: 'service',
        currency,
        requestedDeliveryDate: null,
        customerReference: null,
        shippingAddress: null,
        invoicePolicy: null,
        quoteId: null,
        lines: [{ lineId, sku, quantity, product, unitPrice }],
      },
    });
    await this.onOrder(orderId, { type: 'ConfirmOrder', data: { orderId, customer } });
    return { orderId, lineId };
  }

  /**
   * Issues an invoice of `quantity` of the order's line, then numbers it as the issuing request does;
   * `numberFirst` numbers it before it is issued (the other arrival order), `numbered: false` not at all.
   */
  async invoice(
    customer: CustomerFacts,
    order: { orderId: string; lineId: string },
    quantity: number,
    invoiceDate: string,
    options: { numbered?: boolean; numberFirst?: boolean } = {},
  ): Promise<Invoiced> {
    const invoiceId = randomUUID();
    let number: string | null = null;
    if (options.numberFirst) number = await this.number(invoiceId, order.orderId, invoiceDate);
    const result = await this.onOrder(order.orderId, {
      type: 'InvoiceLines',
      data: { orderId: order.orderId, invoiceId, lines: [{ lineId: order.lineId, quantity }], invoiceDate, customer },
    });
    const invoice = result.appended.find((e) => e.type === 'InvoiceIssued')?.data as IssuedInvoice;
    if (options.numbered !== false && !options.numberFirst) number = await this.number(invoiceId, order.orderId, invoiceDate);
    return { invoiceId, orderId: order.orderId, position: result.position, number, invoice };
  }

  async number(invoiceId: string, orderId: string, invoiceDate: string): Promise<string> {
    return (await this.numbering.assign({ invoiceId, orderId, invoiceDate }, context())).number;
  }

  /** Position of the invoice's InvoiceNumbered. */
  async numberedPosition(invoiceId: string): Promise<string> {
    const [event] = await this.store.readStream(`invoice-${invoiceId}`);
    return event.position;
  }

  private onOrder(orderId: string, command: Parameters<typeof orderDecider.decide>[0]) {
    return this.aggregates.execute(orderDecider, orderStream(orderId), command, context());
  }
}

describe('receivables projection on PostgreSQL', () => {
  let database: { url: string; drop: () => Promise<void> };
  let store: PostgresEventStore;
  let sales: Invoicing;
  let live: DataSource;
  let runner: ProjectionRunner;
  let running: Promise<void>;
  const stop = new AbortController();
  const liveSchema = generationSchema('receivables', 1);

  beforeAll(async () => {
    database = await createTestDatabase('proj_receivables');
    store = PostgresEventStore.fromConnectionString(database.url);
    await store.migrate();
    sales = new Invoicing(store, new AggregateStore(store));
    // 10.00 + 20 % tax = 12.00 gross per unit; 2.50 + 10 % = 2.75.
    await sales.product('CONSULTING', '10.00', '0.20');
    await sales.product('SUPPORT', '2.50', '0.10');
    live = await openGeneration(database.url, receivablesProjection, liveSchema);
    // Small batches: the live generation sees the log cut differently from the rebuild compared below.
    runner = new ProjectionRunner(store, live, receivablesProjection, liveSchema, { batchSize: 7, batchWaitMs: 2 });
    running = runner.run(stop.signal);
  });

  afterAll(async () => {
    stop.abort();
    await running;
    await live.destroy();
    await store.close();
    await database.drop();
  });

  const settled = async (position: string) => {
    expect(await runner.waitFor(position, 15_000)).toBe(true);
  };
  const settledAll = async () => settled(await lastAppendedPosition(database.url));
  const openItem = async (invoiceId: string) => {
    const [row] = await live.query(
      `SELECT invoice_id, number, customer_id, order_id, currency, to_char(invoice_date, 'YYYY-MM-DD') AS invoice_date,
              to_char(due_date, 'YYYY-MM-DD') AS due_date, gross, paid, credited, outstanding, status, issued_position, updated_position
       FROM open_items WHERE invoice_id = $1`,
      [invoiceId],
    );
    return row;
  };
  const pendingNumbers = async (invoiceId: string) => live.query('SELECT invoice_id, number FROM pending_invoice_numbers WHERE invoice_id = $1', [invoiceId]);

  it('keeps an open item per invoice with its number, whether the number is applied in a later batch or was there first', async () => {
    const customer = await sales.customer(30);
    const order = await sales.order(customer, 'CONSULTING', 10);

    // Issued and applied before it has a number.
    const first = await sales.invoice(customer, order, 3, '2026-03-01', { numbered: false });
    await settled(first.position);
    expect(await openItem(first.invoiceId)).toEqual({
      invoice_id: first.invoiceId,
      number: null,
      customer_id: customer.customerId,
      order_id: order.orderId,
      currency: 'EUR',
      invoice_date: '2026-03-01',
      due_date: '2026-03-31',
      gross: '36.00',
      paid: '0.00',
      credited: '0.00',
      outstanding: '36.00',
      status: 'open',
      issued_position: first.position,
      updated_position: first.position,
    });
    // Then numbered, in a batch of its own.
    const number = await sales.number(first.invoiceId, order.orderId, '2026-03-01');
    const numberedAt = await sales.numberedPosition(first.invoiceId);
    await settled(numberedAt);
    expect(await openItem(first.invoiceId)).toMatchObject({ number, outstanding: '36.00', issued_position: first.position, updated_position: numberedAt });
    expect(number).toMatch(/^INV-2026-\d{6}$/);

    // Numbered before it is issued (the number waits in pending_invoice_numbers), issued in a later batch.
    const early = randomUUID();
    const earlyNumber = await sales.number(early, order.orderId, '2026-03-02');
    await settled(await sales.numberedPosition(early));
    expect(await pendingNumbers(early)).toEqual([{ invoice_id: early, number: earlyNumber }]);
    expect(await openItem(early)).toBeUndefined();
    const issued = await issueWithId(early, customer, order, 2, '2026-03-02');
    await settled(issued);
    expect(await openItem(early)).toMatchObject({ number: earlyNumber, gross: '24.00', outstanding: '24.00', status: 'open', due_date: '2026-04-01' });
    expect(await pendingNumbers(early)).toEqual([]);

    // Both orders again, each within one batch.
    const together = await sales.invoice(customer, order, 1, '2026-03-03');
    const numberedFirst = await sales.invoice(customer, order, 1, '2026-03-03', { numberFirst: true });
    await settledAll();
    expect(await openItem(together.invoiceId)).toMatchObject({ number: together.number, gross: '12.00' });
    expect(await openItem(numberedFirst.invoiceId)).toMatchObject({ number: numberedFirst.number, gross: '12.00' });
    const [{ count }] = await live.query('SELECT count(*)::int AS count FROM pending_invoice_numbers');
    expect(count).toBe(0);
  });

  /** Issues an invoice with a chosen id (numbered beforehand by the caller). */
  async function issueWithId(invoiceId: string, customer: CustomerFacts, order: { orderId: string; lineId: string }, quantity: number, invoiceDate: string): Promise<string> {
    const aggregates = new AggregateStore(store);
    const result = await aggregates.execute(
      orderDecider,
      orderStream(order.orderId),
      { type: 'InvoiceLines', data: { orderId: order.orderId, invoiceId, lines: [{ lineId: order.lineId, quantity }], invoiceDate, customer } },
      context(),
    );
    return result.position;
  }

  it('keeps each customer’s balance per currency, equal to the sum of its open items', async () => {
    const anna = await sales.customer(14);
    const bert = await sales.customer(30);
    const annaEur = await sales.order(anna, 'CONSULTING', 10);
    const annaSupport = await sales.order(anna, 'SUPPORT', 3);
    const annaUsd = await sales.order(anna, 'CONSULTING', 5, 'USD', '20.00');
    const bertEur = await sales.order(bert, 'CONSULTING', 10);
    const a1 = await sales.invoice(anna, annaEur, 2, '2026-05-01'); // 24.00, due 2026-05-15
    const a2 = await sales.invoice(anna, annaSupport, 3, '2026-04-01'); // 7.50 + 0.75 = 8.25, due 2026-04-15
    const a3 = await sales.invoice(anna, annaUsd, 1, '2026-05-10'); // USD 20.00 + 4.00 = 24.00, due 2026-05-24
    const b1 = await sales.invoice(bert, bertEur, 10, '2026-05-01'); // 120.00, due 2026-05-31
    await settledAll();

    const balances = await live.query(
      'SELECT customer_id, currency, balance, unapplied_credit, invoice_count, open_invoice_count FROM customer_balances WHERE customer_id = ANY($1) ORDER BY balance DESC',
      [[anna.customerId, bert.customerId]],
    );
    expect(balances).toEqual([
      { customer_id: bert.customerId, currency: 'EUR', balance: '120.00', unapplied_credit: '0.00', invoice_count: 1, open_invoice_count: 1 },
      { customer_id: anna.customerId, currency: 'EUR', balance: '32.25', unapplied_credit: '0.00', invoice_count: 2, open_invoice_count: 2 },
      { customer_id: anna.customerId, currency: 'USD', balance: '24.00', unapplied_credit: '0.00', invoice_count: 1, open_invoice_count: 1 },
    ]);

    // Anna on 2026-05-20: the support invoice is 35 days overdue, the EUR consulting one 5, the USD one not due.
    const read = await customerReceivables(live, anna.customerId, '2026-05-20', 'EUR');
    expect(read).toEqual({
      customerId: anna.customerId,
      currency: 'EUR',
      balance: '32.25',
      unappliedCredit: '0.00',
      openInvoices: [
        expect.objectContaining({ invoiceId: a2.invoiceId, number: a2.number, currency: 'EUR', dueDate: '2026-04-15', outstanding: '8.25', status: 'open', daysOverdue: 35 }),
        expect.objectContaining({ invoiceId: a1.invoiceId, number: a1.number, currency: 'EUR', dueDate: '2026-05-15', outstanding: '24.00', daysOverdue: 5 }),
        expect.objectContaining({ invoiceId: a3.invoiceId, number: a3.number, currency: 'USD', dueDate: '2026-05-24', outstanding: '24.00', daysOverdue: 0 }),
      ],
      balances: [
        { currency: 'EUR', balance: '32.25', unappliedCredit: '0.00', invoiceCount: 2, openInvoiceCount: 2 },
        { currency: 'USD', balance: '24.00', unappliedCredit: '0.00', invoiceCount: 1, openInvoiceCount: 1 },
      ],
    });
    expect(read?.openInvoices[0]).toEqual({
      invoiceId: a2.invoiceId,
      number: a2.number,
      orderId: annaSupport.orderId,
      currency: 'EUR',
      invoiceDate: '2026-04-01',
      dueDate: '2026-04-15',
      gross: '8.25',
      paid: '0.00',
      credited: '0.00',
      outstanding: '8.25',
      status: 'open',
      daysOverdue: 35,
    });
    // On the due date itself nothing is overdue yet.
    expect((await customerReceivables(live, anna.customerId, '2026-04-15'))?.openInvoices[0].daysOverdue).toBe(0);
    // The main currency: the one named, else the one with most invoices; a named one never invoiced owes 0.
    expect(await customerReceivables(live, anna.customerId, '2026-05-20', 'USD')).toMatchObject({ currency: 'USD', balance: '24.00' });
    expect(await customerReceivables(live, anna.customerId, '2026-05-20')).toMatchObject({ currency: 'EUR', balance: '32.25' });
    expect(await customerReceivables(live, anna.customerId, '2026-05-20', 'JPY')).toMatchObject({ currency: 'JPY', balance: '0', unappliedCredit: '0' });
    expect(await customerReceivables(live, bert.customerId, '2026-05-20')).toMatchObject({ balance: '120.00', openInvoices: [expect.objectContaining({ invoiceId: b1.invoiceId })] });
    // Never invoiced, or not an id at all: nothing here (the caller asks whether the customer exists).
    expect(await customerReceivables(live, randomUUID(), '2026-05-20')).toBeNull();
    expect(await customerReceivables(live, 'not-an-id', '2026-05-20')).toBeNull();

    // Ledger invariant 1100 = Σ open receivables: every balance equals the sum of its customer's open items.
    const mismatches = await live.query(
      `SELECT b.customer_id, b.currency FROM customer_balances b
       LEFT JOIN (SELECT customer_id, currency, sum(outstanding) AS outstanding, count(*) AS invoices, count(*) FILTER (WHERE outstanding > 0) AS open
                  FROM open_items GROUP BY customer_id, currency) i USING (customer_id, currency)
       WHERE b.balance <> coalesce(i.outstanding, 0) OR b.invoice_count <> coalesce(i.invoices, 0) OR b.open_invoice_count <> coalesce(i.open, 0)`,
    );
    expect(mismatches).toEqual([]);
  });

  it('ages what was open at a date in buckets of days past due, at every boundary', async () => {
    const customer = await sales.customer(30);
    const order = await sales.order(customer, 'CONSULTING', 100);
    const { invoice } = await sales.invoice(customer, order, 1, '2025-01-01'); // 12.00, due 2025-01-31
    expect(invoice.dueDate).toBe('2025-01-31');
    await settledAll();
    const rowAt = async (asOf: string) => (await aging(live, asOf)).rows.find((r) => r.customerId === customer.customerId);

    // Dated after asOf: not in the report yet.
    expect(await rowAt('2024-12-31')).toBeUndefined();
    const cases: [days: number, bucket: string][] = [
      [-30, 'current'],
      [-1, 'current'],
      [0, 'current'],
      [1, 'd1_30'],
      [30, 'd1_30'],
      [31, 'd31_60'],
      [60, 'd31_60'],
      [61, 'd61_90'],
      [90, 'd61_90'],
      [91, 'd90_plus'],
      [400, 'd90_plus'],
    ];
    for (const [days, bucket] of cases) {
      const zero = { current: '0.00', d1_30: '0.00', d31_60: '0.00', d61_90: '0.00', d90_plus: '0.00' };
      expect([days, await rowAt(addDays('2025-01-31', days))]).toEqual([days, { customerId: customer.customerId, currency: 'EUR', ...zero, [bucket]: '12.00', total: '12.00' }]);
      expect(agingBucketOf(days)).toBe(bucket);
    }
  });

  it('adds invoices of one customer across buckets, one row per currency, and totals per currency', async () => {
    const customer = await sales.customer(0); // due on the invoice date
    const eur = await sales.order(customer, 'CONSULTING', 100);
    const usd = await sales.order(customer, 'CONSULTING', 100, 'USD', '5.00');
    const asOf = '2025-06-30';
    // 5, 45, 75 and 120 days past due, a second one of 45, one not yet due at asOf; and one dated after asOf.
    for (const [days, quantity] of [
      [5, 1],
      [45, 2],
      [45, 1],
      [75, 3],
      [120, 4],
    ]) {
      await sales.invoice(customer, eur, quantity, addDays(asOf, -days));
    }
    await sales.invoice(customer, eur, 5, asOf);
    await sales.invoice(customer, eur, 7, addDays(asOf, 1));
    await sales.invoice(customer, usd, 2, addDays(asOf, -31)); // USD 12.00, 31 days
    await settledAll();

    const report = await aging(live, asOf);
    expect(report.asOf).toBe(asOf);
    expect(report.rows.filter((r) => r.customerId === customer.customerId)).toEqual([
      { customerId: customer.customerId, currency: 'EUR', current: '60.00', d1_30: '12.00', d31_60: '36.00', d61_90: '36.00', d90_plus: '48.00', total: '192.00' },
      { customerId: customer.customerId, currency: 'USD', current: '0.00', d1_30: '0.00', d31_60: '12.00', d61_90: '0.00', d90_plus: '0.00', total: '12.00' },
    ]);
    // Rows by customer then currency; totals are the column sums per currency, and agree with the items.
    const keys = report.rows.map((r) => `${r.customerId}/${r.currency}`);
    expect(keys).toEqual([...keys].sort());
    for (const total of report.totals) {
      const rows = report.rows.filter((r) => r.currency === total.currency);
      for (const column of ['current', 'd1_30', 'd31_60', 'd61_90', 'd90_plus', 'total'] as const) {
        expect(total[column]).toBe(sumCents(rows.map((r) => r[column])));
      }
    }
    const [{ eurOpen }] = await live.query(`SELECT sum(outstanding)::text AS "eurOpen" FROM open_items WHERE currency = 'EUR' AND invoice_date <= $1`, [asOf]);
    expect(report.totals.find((t) => t.currency === 'EUR')?.total).toBe(eurOpen);
    expect(report.totals.map((t) => t.currency)).toEqual(['EUR', 'USD']);
  });

  it('ignores every other event type, even ones naming an invoice or a customer', async () => {
    await settledAll();
    const counts = await tableCounts(live);
    const customer = await sales.customer();
    const order = await sales.order(customer, 'CONSULTING', 1);
    await store.append(`invoiceNumbers-2099`, [{ type: 'InvoiceNumberAssigned', data: { year: 2099, sequence: 1, number: 'INV-2099-000001', invoiceId: randomUUID(), orderId: order.orderId }, metadata: meta }], 'any');
    await store.append(`payment-${randomUUID()}`, [{ type: 'PaymentReceived', data: { customerId: customer.customerId, amount: '10.00', invoiceId: randomUUID() }, metadata: meta }], 'no_stream');
    await store.append(`thing-${randomUUID()}`, [{ type: 'Whatever', data: {}, metadata: meta }], 'no_stream');
    await settledAll();
    expect(runner.current.state).toBe('running');
    expect(await tableCounts(live)).toEqual(counts);
  });

  it('refuses events the deciders could never have written, so the runtime stops naming them', async () => {
    const schema = generationSchema('receivables', 90);
    const ds = await openGeneration(database.url, receivablesProjection, schema);
    const apply = (events: StoredEvent[]) => ds.transaction((manager) => receivablesProjection.apply(events, manager));
    const { issued, numbered } = syntheticInvoice();
    await apply([issued]);
    await expect(apply([issued])).rejects.toThrow(/issued twice/);
    await apply([numbered('INV-2026-000007')]);
    await expect(apply([numbered('INV-2026-000008')])).rejects.toThrow(/numbered INV-2026-000008, but it was numbered INV-2026-000007/);
    await expect(apply([numbered('INV-2026-000007', randomUUID())])).rejects.toThrow(/names order/);
    // A number parked for an invoice that then arrives from another order.
    const other = syntheticInvoice();
    await apply([other.numbered('INV-2026-000009', randomUUID())]);
    await expect(apply([other.issued])).rejects.toThrow(/named order/);
    await ds.destroy();
  });

  it('folds a batch with the number before or after its invoice to the same rows', async () => {
    const orders = [
      ['issued, numbered', (i: ReturnType<typeof syntheticInvoice>) => [[i.issued, i.numbered('N-1')]]],
      ['numbered, issued', (i: ReturnType<typeof syntheticInvoice>) => [[i.numbered('N-1'), i.issued]]],
      ['numbered | issued', (i: ReturnType<typeof syntheticInvoice>) => [[i.numbered('N-1')], [i.issued]]],
      ['issued | numbered', (i: ReturnType<typeof syntheticInvoice>) => [[i.issued], [i.numbered('N-1')]]],
    ] as const;
    const invoice = syntheticInvoice();
    const results: unknown[] = [];
    for (const [i, [, batchesOf]] of orders.entries()) {
      const schema = generationSchema('receivables', 80 + i);
      const ds = await openGeneration(database.url, receivablesProjection, schema);
      for (const batch of batchesOf(invoice)) await ds.transaction((manager) => receivablesProjection.apply(batch, manager));
      const [item] = await ds.query('SELECT invoice_id, number, gross, outstanding, status FROM open_items');
      const balances = await ds.query('SELECT currency, balance, invoice_count, open_invoice_count FROM customer_balances');
      const pending = await ds.query('SELECT * FROM pending_invoice_numbers');
      results.push({ item, balances, pending });
      await ds.destroy();
    }
    expect(results[0]).toEqual({
      item: { invoice_id: invoice.invoiceId, number: 'N-1', gross: '1.005', outstanding: '1.005', status: 'open' },
      balances: [{ currency: 'KWD', balance: '1.005', invoice_count: 1, open_invoice_count: 1 }],
      pending: [],
    });
    for (const result of results) expect(result).toEqual(results[0]);
  });

  it('rebuilds from zero to exactly the rows of the live generation, which took its events while they were being written', async () => {
    const customers = await Promise.all([7, 14, 30].map((terms) => sales.customer(terms)));
    await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const customer = customers[i % 3];
        const order = i % 5 === 0 ? await sales.order(customer, 'CONSULTING', 20, 'JPY', '1500') : await sales.order(customer, i % 2 ? 'SUPPORT' : 'CONSULTING', 20);
        await sales.invoice(customer, order, 1 + (i % 4), addDays('2026-01-01', i), { numberFirst: i % 3 === 0 });
        await sales.invoice(customer, order, 2.5, addDays('2026-02-01', i), { numbered: i % 7 !== 0 });
      }),
    );
    await settledAll();

    const schema = generationSchema('receivables', 2);
    const fresh = await openGeneration(database.url, receivablesProjection, schema);
    const rebuildStop = new AbortController();
    const rebuild = new ProjectionRunner(store, fresh, receivablesProjection, schema, { batchSize: 500, batchWaitMs: 20 });
    const rebuilding = rebuild.run(rebuildStop.signal);
    const head = await lastAppendedPosition(database.url);
    expect(await rebuild.waitFor(head, 30_000)).toBe(true);
    rebuildStop.abort();
    await rebuilding;

    const [liveTables, freshTables] = [await generationTables(live, liveSchema), await generationTables(fresh, schema)];
    expect(Object.keys(liveTables)).toEqual(['customer_balances', 'open_items', 'pending_invoice_numbers']);
    expect(liveTables.open_items.length).toBeGreaterThan(60);
    expect(liveTables.customer_balances.length).toBeGreaterThan(5);
    expect(freshTables).toEqual(liveTables);
    expect(await readCheckpoint(fresh, schema)).toEqual(await readCheckpoint(live, liveSchema));
    await fresh.destroy();
  });

  it('reads and writes each batch in two statements, however many events it holds', async () => {
    await settledAll();
    const schema = generationSchema('receivables', 91);
    const ds = await openGeneration(database.url, receivablesProjection, schema);
    const log = await store.readAll({ after: START, limit: 100_000 });
    const statements = await statementsPerBatch(receivablesProjection, ds, log, 150);
    expect(log.length).toBeGreaterThan(300);
    // One read (items, parked numbers and balances of what the batch names) and one write.
    expect(Math.max(...statements)).toBe(2);
    expect(await generationTables(ds, schema)).toEqual(await generationTables(live, liveSchema));
    await ds.destroy();
  });
});

/** An invoice's two events as the log holds them, in KWD (3 minor digits), for batches built by hand. */
function syntheticInvoice() {
  const invoiceId = randomUUID();
  const orderId = randomUUID();
  let position = 0;
  const stored = (streamId: string, type: string, data: Record<string, unknown>): StoredEvent => ({
    id: randomUUID(),
    streamId,
    version: 0,
    position: `pg:${String(++position).padStart(20, '0')}`,
    type,
    data: data as StoredEvent['data'],
    metadata: meta,
    occurredAt: '2026-01-01T00:00:00.000Z',
  });
  const issued = stored(orderStream(orderId), 'InvoiceIssued', {
    orderId,
    invoiceId,
    customerId: randomUUID(),
    currency: 'KWD',
    invoiceDate: '2026-01-01',
    dueDate: '2026-01-31',
    lines: [],
    totals: { net: '1.000', tax: '0.005', gross: '1.005' },
  });
  const numbered = (number: string, forOrder = orderId) => stored(`invoice-${invoiceId}`, 'InvoiceNumbered', { invoiceId, orderId: forOrder, number, year: 2026 });
  return { invoiceId, issued, numbered };
}

const sumCents = (amounts: string[]): string => {
  const cents = amounts.reduce((sum, a) => sum + BigInt(a.replace('.', '')), 0n);
  const text = cents.toString().padStart(3, '0');
  return `${text.slice(0, -2)}.${text.slice(-2)}`;
};

async function tableCounts(ds: DataSource): Promise<number[]> {
  return Promise.all(
    ['open_items', 'customer_balances', 'pending_invoice_numbers'].map(async (t) => Number((await ds.query(`SELECT count(*)::int AS n FROM ${t}`))[0].n)),
  );
}
