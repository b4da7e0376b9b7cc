import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CreditNoteNumbering, InvoiceNumbering } from '@ledgerline/application/invoices/document-numbering';
import { invoiceFacts } from '@ledgerline/application/invoices/issued-invoices';
import { AggregateStore } from '@ledgerline/application/shared/aggregate-store';
import { CommandContext } from '@ledgerline/application/shared/command-context';
import { upcast } from '@ledgerline/contracts/upcasters';
import { CustomerAccountCommand } from '@ledgerline/domain/customer-account/commands';
import { customerAccountDecider } from '@ledgerline/domain/customer-account/customer-account';
import { CustomerAccountEvent, customerAccountStream } from '@ledgerline/domain/customer-account/events';
import { customerDecider, customerStream } from '@ledgerline/domain/customer/customer';
import { productDecider, productStream } from '@ledgerline/domain/product/product';
import { CustomerFacts, ProductFacts } from '@ledgerline/domain/sales-order/commands';
import { addDays } from '@ledgerline/domain/sales-order/decide';
import { OrderEvent, orderStream } from '@ledgerline/domain/sales-order/events';
import { orderDecider } from '@ledgerline/domain/sales-order/sales-order';
import { PostgresEventStore } from '@ledgerline/event-store/postgres/postgres-event-store';
import { START, StoredEvent } from '@ledgerline/event-store/port';
import { agingBucketOf } from '@ledgerline/projections/receivables/aging-buckets';
import { CreateReceivables1767398400000 } from '@ledgerline/projections/receivables/migrations/1767398400000-create-receivables';
import { receivablesProjection } from '@ledgerline/projections/receivables/receivables.projection';
import { aging, customerReceivables, openReceivablesBase } from '@ledgerline/projections/receivables/receivables.queries';
import { generationSchema, openGeneration, readCheckpoint } from '@ledgerline/projections/runtime/generation';
import { ProjectionRunner } from '@ledgerline/projections/runtime/projection-runner';
import { lastAppendedPosition } from '../support/log-size';
import { createTestDatabase } from '../support/test-database';
import { generationTables, statementsPerBatch } from './generation-tables';

const context = (): CommandContext => ({ actor: 'tester', correlationId: 'corr', causationId: 'cause', receivedAt: new Date() });
const meta = { actor: 't', correlationId: 'c', causationId: 'c', command: 'T', schemaVersion: 1 };

/** The ledger's base currency here, and the rate each other currency's orders carry to it. */
const BASE = 'EUR';
const RATES: Record<string, string> = { USD: '0.9', JPY: '0.0062' };

type IssuedInvoice = Extract<OrderEvent, { type: 'InvoiceIssued' }>['data'];
type Posted<T extends CustomerAccountEvent['type']> = Extract<CustomerAccountEvent, { type: T }>['data'] & { position: string };

interface Invoiced {
  invoiceId: string;
  orderId: string;
  /** Position of InvoiceIssued. */
  position: string;
  number: string | null;
  invoice: IssuedInvoice;
}

/**
 * Customers, orders, invoices, payments, applied credit and credit notes through the real deciders, the
 * real numbering services (ADR 0005) and the PostgreSQL store, so the events have exactly the shapes
 * production writes.
 */
class Invoicing {
  private readonly numbering: InvoiceNumbering;
  private readonly creditNoteNumbering: CreditNoteNumbering;
  private readonly products = new Map<string, ProductFacts>();

  constructor(
    private readonly store: PostgresEventStore,
    private readonly aggregates: AggregateStore,
  ) {
    this.numbering = new InvoiceNumbering(store);
    this.creditNoteNumbering = new CreditNoteNumbering(store);
  }

  async customer(paymentTermsDays = 30, currency = 'EUR'): Promise<CustomerFacts> {
    const customerId = randomUUID();
    const data = { customerId, name: `Customer ${customerId.slice(0, 8)}`, currency, creditLimit: null, paymentTermsDays, invoicePolicy: 'ordered' as const, email: null, billingAddress: null, shippingAddress: null, salespersonId: null };
    await this.aggregates.execute(customerDecider, customerStream(customerId), { type: 'CreateCustomer', data }, context());
    return { customerId, exists: true, blocked: false, invoicePolicy: 'ordered', paymentTermsDays };
  }

  async product(sku: string, unitPrice: string, taxRate: string): Promise<void> {
    const data = { sku, name: sku, kind: 'service' as const, currency: 'EUR', unitPrice, taxRate, unitCost: null };
    await this.aggregates.execute(productDecider, productStream(sku), { type: 'CreateProduct', data }, context());
    this.products.set(sku, { sku, kind: 'service', currency: 'EUR', unitPrice, taxRate, active: true });
  }

  /** A confirmed order of one line; in another currency than EUR the price is given in it, at RATES' rate unless told. */
  async order(customer: CustomerFacts, sku: string, quantity: number, currency = 'EUR', unitPrice?: string, exchangeRate?: string): Promise<{ orderId: string; lineId: string }> {
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
        channel: 'manual',
        billingAddress: null,
        shippingAddress: null,
        invoicePolicy: null,
        quoteId: null,
        exchangeRate: exchangeRate ?? RATES[currency] ?? null,
        lines: [{ lineId, sku, quantity, product, unitPrice }],
      },
    });
    await this.onOrder(orderId, { type: 'ConfirmOrder', data: { orderId, customer, baseCurrency: BASE, credit: null } });
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
      data: { orderId: order.orderId, invoiceId, lines: [{ lineId: order.lineId, quantity }], invoiceDate, customer, baseCurrency: BASE },
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

  /** A payment by the customer in `currency` (at `exchangeRate` outside EUR), allocated as given. */
  async pay(
    customer: CustomerFacts,
    payment: { amount: string; currency?: string; receivedOn: string; exchangeRate?: string; allocations?: [Invoiced, string][] },
  ): Promise<Posted<'PaymentReceived'>> {
    const { currency = BASE, allocations = [] } = payment;
    const result = await this.onAccount(customer.customerId, {
      type: 'ReceivePayment',
      data: {
        paymentId: randomUUID(),
        customer: { customerId: customer.customerId, exists: true, currency: BASE },
        amount: payment.amount,
        currency,
        receivedOn: payment.receivedOn,
        exchangeRate: payment.exchangeRate ?? null,
        baseCurrency: BASE,
        allocations: allocations.map(([invoiced, amount]) => ({ invoiceId: invoiced.invoiceId, amount })),
        invoices: new Map(allocations.map(([invoiced]) => [invoiced.invoiceId, invoiceFacts(invoiced.invoice, invoiced.number)])),
      },
    });
    return posted(result, 'PaymentReceived');
  }

  /** The customer's unapplied credit in the invoice's currency moved onto the invoice. */
  async applyCredit(invoiced: Invoiced, amount: string, appliedOn: string): Promise<Posted<'CreditApplied'>> {
    const { customerId } = invoiced.invoice;
    const result = await this.onAccount(customerId, {
      type: 'ApplyCredit',
      data: { applicationId: randomUUID(), customer: { customerId, exists: true, currency: BASE }, invoice: invoiceFacts(invoiced.invoice, invoiced.number), amount, appliedOn },
    });
    return posted(result, 'CreditApplied');
  }

  /**
   * A credit note of `quantity` of the invoice's line, as the credit-note flow records it (ADR 0007):
   * issued on the order, numbered, posted on the account. `numberFirst: false` numbers it after the
   * posting, `numbered: false` not at all.
   */
  async creditNote(invoiced: Invoiced, quantity: number, creditDate: string, options: { numbered?: boolean; numberFirst?: boolean } = {}) {
    const { invoiceId, orderId, invoice } = invoiced;
    const creditNoteId = randomUUID();
    const issued = await this.onOrder(orderId, {
      type: 'IssueCreditNote',
      data: { orderId, invoiceId, creditNoteId, lines: [{ lineId: invoice.lines[0].lineId, quantity }], reason: 'test', reopenBilling: false, creditDate },
    });
    const note = (issued.appended.find((e) => e.type === 'CreditNoteIssued') as Extract<OrderEvent, { type: 'CreditNoteIssued' }>).data;
    const numberIt = async () => (await this.creditNoteNumbering.assign({ creditNoteId, invoiceId, orderId, creditDate }, context())).number;
    const numbered = options.numbered !== false;
    const numberFirst = numbered && options.numberFirst !== false;
    const first = numberFirst ? await numberIt() : null;
    const result = await this.onAccount(invoice.customerId, {
      type: 'PostCreditNote',
      data: { creditNoteId, customerId: invoice.customerId, invoice: invoiceFacts(invoice, invoiced.number), creditDate, totals: note.totals, baseTotals: note.baseTotals },
    });
    const number = numbered && !numberFirst ? await numberIt() : first;
    return { ...posted(result, 'CreditNotePosted'), number };
  }

  private onOrder(orderId: string, command: Parameters<typeof orderDecider.decide>[0]) {
    return this.aggregates.execute(orderDecider, orderStream(orderId), command, context());
  }

  private onAccount(customerId: string, command: CustomerAccountCommand) {
    return this.aggregates.execute(customerAccountDecider, customerAccountStream(customerId), command, context());
  }
}

function posted<T extends CustomerAccountEvent['type']>(result: { appended: { type: string; data: unknown }[]; position: string }, type: T): Posted<T> {
  const event = result.appended.find((e) => e.type === type);
  if (!event) throw new Error(`No ${type} was appended`);
  return { ...(event.data as object), position: result.position } as Posted<T>;
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
              to_char(due_date, 'YYYY-MM-DD') AS due_date, gross, paid, credited, outstanding, base_currency, exchange_rate, gross_base,
              paid_base, credited_base, outstanding_base, status, issued_position, updated_position
       FROM open_items WHERE invoice_id = $1`,
      [invoiceId],
    );
    return row;
  };
  const pendingNumbers = async (invoiceId: string) => live.query('SELECT invoice_id, number FROM pending_invoice_numbers WHERE invoice_id = $1', [invoiceId]);
  const balanceOf = async (customerId: string, currency = 'EUR') => {
    const [row] = await live.query(
      `SELECT balance, unapplied_credit, base_currency, balance_base, unapplied_credit_base, invoice_count, open_invoice_count
       FROM customer_balances WHERE customer_id = $1 AND currency = $2`,
      [customerId, currency],
    );
    return row;
  };
  const settlementsOf = async (invoiceId: string) =>
    live.query(
      `SELECT source_type, source_id, amount, base_amount, to_char(settled_on, 'YYYY-MM-DD') AS settled_on FROM settlements WHERE invoice_id = $1 ORDER BY position`,
      [invoiceId],
    );

  /**
   * After every test, over everything the live generation holds: each balance row is the sum of its
   * customer's items in that currency (in the invoice currency and in base: account 1100 = Σ open
   * receivables), each item's paid and credited are the sums of its settlements, each payment's allocated
   * part is the sum of its settlements, and each unapplied credit is what payments left unallocated plus
   * what credit notes gave, less what was applied.
   */
  afterEach(async () => {
    await settledAll();
    expect(runner.current.state).toBe('running');
    const balances = await live.query(
      `SELECT b.customer_id, b.currency FROM customer_balances b
       LEFT JOIN (SELECT customer_id, currency, sum(outstanding) AS outstanding, sum(outstanding_base) AS outstanding_base, count(*) AS invoices,
                         count(*) FILTER (WHERE outstanding > 0) AS open
                  FROM open_items GROUP BY customer_id, currency) i USING (customer_id, currency)
       WHERE b.balance <> coalesce(i.outstanding, 0) OR b.balance_base <> coalesce(i.outstanding_base, 0)
          OR b.invoice_count <> coalesce(i.invoices, 0) OR b.open_invoice_count <> coalesce(i.open, 0)`,
    );
    expect(balances).toEqual([]);
    const items = await live.query(
      `SELECT i.invoice_id FROM open_items i
       LEFT JOIN (SELECT invoice_id, sum(amount) FILTER (WHERE source_type <> 'credit_note') AS paid, sum(amount) FILTER (WHERE source_type = 'credit_note') AS credited,
                         sum(base_amount) FILTER (WHERE source_type <> 'credit_note') AS paid_base, sum(base_amount) FILTER (WHERE source_type = 'credit_note') AS credited_base
                  FROM settlements GROUP BY invoice_id) s USING (invoice_id)
       WHERE i.paid <> coalesce(s.paid, 0) OR i.credited <> coalesce(s.credited, 0)
          OR i.paid_base <> coalesce(s.paid_base, 0) OR i.credited_base <> coalesce(s.credited_base, 0)
          OR i.status <> CASE WHEN i.outstanding = 0 THEN 'paid' WHEN i.paid > 0 THEN 'partially_paid' ELSE 'open' END`,
    );
    expect(items).toEqual([]);
    const payments = await live.query(
      `SELECT p.payment_id FROM payments p LEFT JOIN (SELECT source_id, sum(amount) AS amount, sum(base_amount) AS base FROM settlements WHERE source_type = 'payment' GROUP BY source_id) s
         ON s.source_id = p.payment_id
       WHERE p.allocated <> coalesce(s.amount, 0) OR p.allocated_base <> coalesce(s.base, 0)`,
    );
    expect(payments).toEqual([]);
    const credit = await live.query(
      `WITH moves AS (
         SELECT customer_id, currency, unallocated AS amount FROM payments
         UNION ALL SELECT customer_id, currency, to_credit FROM credit_notes
         UNION ALL SELECT i.customer_id, i.currency, -s.amount FROM settlements s JOIN open_items i USING (invoice_id) WHERE s.source_type = 'credit_application')
       SELECT b.customer_id, b.currency FROM customer_balances b
       LEFT JOIN (SELECT customer_id, currency, sum(amount) AS amount FROM moves GROUP BY customer_id, currency) m USING (customer_id, currency)
       WHERE b.unapplied_credit <> coalesce(m.amount, 0)`,
    );
    expect(credit).toEqual([]);
  });

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
      base_currency: 'EUR',
      exchange_rate: '1',
      gross_base: '36.00',
      paid_base: '0.00',
      credited_base: '0.00',
      outstanding_base: '36.00',
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
      { type: 'InvoiceLines', data: { orderId: order.orderId, invoiceId, lines: [{ lineId: order.lineId, quantity }], invoiceDate, customer, baseCurrency: BASE } },
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
    const a3 = await sales.invoice(anna, annaUsd, 1, '2026-05-10'); // USD 20.00 + 4.00 = 24.00 (EUR 18.00 + 3.60 = 21.60 at 0.9), due 2026-05-24
    const b1 = await sales.invoice(bert, bertEur, 10, '2026-05-01'); // 120.00, due 2026-05-31
    await settledAll();

    const balances = await live.query(
      `SELECT customer_id, currency, balance, unapplied_credit, invoice_count, open_invoice_count, base_currency, balance_base, unapplied_credit_base
       FROM customer_balances WHERE customer_id = ANY($1) ORDER BY balance DESC`,
      [[anna.customerId, bert.customerId]],
    );
    const none = { unapplied_credit: '0.00', base_currency: 'EUR', unapplied_credit_base: '0.00' };
    expect(balances).toEqual([
      { customer_id: bert.customerId, currency: 'EUR', balance: '120.00', balance_base: '120.00', invoice_count: 1, open_invoice_count: 1, ...none },
      { customer_id: anna.customerId, currency: 'EUR', balance: '32.25', balance_base: '32.25', invoice_count: 2, open_invoice_count: 2, ...none },
      { customer_id: anna.customerId, currency: 'USD', balance: '24.00', balance_base: '21.60', invoice_count: 1, open_invoice_count: 1, ...none },
    ]);
    expect(await openItem(a3.invoiceId)).toMatchObject({ gross: '24.00', exchange_rate: '0.9', base_currency: 'EUR', gross_base: '21.60', outstanding_base: '21.60' });

    // Anna on 2026-05-20: the support invoice is 35 days overdue, the EUR consulting one 5, the USD one not due.
    const read = await customerReceivables(live, anna.customerId, '2026-05-20', 'EUR');
    expect(read).toEqual({
      customerId: anna.customerId,
      currency: 'EUR',
      balance: '32.25',
      unappliedCredit: '0.00',
      // Every currency at the ledger's value: 32.25 + 21.60.
      baseCurrency: 'EUR',
      balanceBase: '53.85',
      unappliedCreditBase: '0.00',
      openInvoices: [
        expect.objectContaining({ invoiceId: a2.invoiceId, number: a2.number, currency: 'EUR', dueDate: '2026-04-15', outstanding: '8.25', status: 'open', daysOverdue: 35 }),
        expect.objectContaining({ invoiceId: a1.invoiceId, number: a1.number, currency: 'EUR', dueDate: '2026-05-15', outstanding: '24.00', daysOverdue: 5 }),
        expect.objectContaining({ invoiceId: a3.invoiceId, number: a3.number, currency: 'USD', dueDate: '2026-05-24', outstanding: '24.00', daysOverdue: 0, outstandingBase: '21.60' }),
      ],
      balances: [
        { currency: 'EUR', balance: '32.25', unappliedCredit: '0.00', invoiceCount: 2, openInvoiceCount: 2, baseCurrency: 'EUR', balanceBase: '32.25', unappliedCreditBase: '0.00' },
        { currency: 'USD', balance: '24.00', unappliedCredit: '0.00', invoiceCount: 1, openInvoiceCount: 1, baseCurrency: 'EUR', balanceBase: '21.60', unappliedCreditBase: '0.00' },
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
      baseCurrency: 'EUR',
      exchangeRate: '1',
      grossBase: '8.25',
      outstandingBase: '8.25',
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

  it('settles invoices with payments allocated in part, in full or not at all; what is not allocated is unapplied credit', async () => {
    const customer = await sales.customer(30);
    const order = await sales.order(customer, 'CONSULTING', 10);
    const first = await sales.invoice(customer, order, 3, '2026-06-01'); // 36.00
    const second = await sales.invoice(customer, order, 2, '2026-06-02'); // 24.00

    const part = await sales.pay(customer, { amount: '10.00', receivedOn: '2026-06-10', allocations: [[first, '10.00']] });
    await settled(part.position);
    expect(await openItem(first.invoiceId)).toMatchObject({ paid: '10.00', outstanding: '26.00', paid_base: '10.00', outstanding_base: '26.00', status: 'partially_paid', updated_position: part.position });
    expect(await balanceOf(customer.customerId)).toMatchObject({ balance: '50.00', balance_base: '50.00', unapplied_credit: '0.00', open_invoice_count: 2 });

    // The rest of the first, all of the second, and 10.00 more.
    const rest = await sales.pay(customer, {
      amount: '60.00',
      receivedOn: '2026-06-15',
      allocations: [
        [first, '26.00'],
        [second, '24.00'],
      ],
    });
    // No allocation at all: an advance.
    const advance = await sales.pay(customer, { amount: '5.00', receivedOn: '2026-06-16' });
    await settledAll();
    expect(await openItem(first.invoiceId)).toMatchObject({ paid: '36.00', outstanding: '0.00', outstanding_base: '0.00', status: 'paid' });
    expect(await openItem(second.invoiceId)).toMatchObject({ paid: '24.00', outstanding: '0.00', status: 'paid' });
    expect(await balanceOf(customer.customerId)).toEqual({
      balance: '0.00',
      unapplied_credit: '15.00',
      base_currency: 'EUR',
      balance_base: '0.00',
      unapplied_credit_base: '15.00',
      invoice_count: 2,
      open_invoice_count: 0,
    });
    expect(await settlementsOf(first.invoiceId)).toEqual([
      { source_type: 'payment', source_id: part.paymentId, amount: '10.00', base_amount: '10.00', settled_on: '2026-06-10' },
      { source_type: 'payment', source_id: rest.paymentId, amount: '26.00', base_amount: '26.00', settled_on: '2026-06-15' },
    ]);
    const payments = await live.query(
      `SELECT payment_id, amount, currency, to_char(received_on, 'YYYY-MM-DD') AS received_on, exchange_rate, base_currency, base_amount, allocated,
              unallocated, allocated_base, unallocated_base, exchange_difference, position
       FROM payments WHERE customer_id = $1 ORDER BY position`,
      [customer.customerId],
    );
    const eur = { currency: 'EUR', exchange_rate: '1', base_currency: 'EUR', exchange_difference: '0.00' };
    expect(payments).toEqual([
      { payment_id: part.paymentId, amount: '10.00', received_on: '2026-06-10', base_amount: '10.00', allocated: '10.00', unallocated: '0.00', allocated_base: '10.00', unallocated_base: '0.00', position: part.position, ...eur },
      { payment_id: rest.paymentId, amount: '60.00', received_on: '2026-06-15', base_amount: '60.00', allocated: '50.00', unallocated: '10.00', allocated_base: '50.00', unallocated_base: '10.00', position: rest.position, ...eur },
      { payment_id: advance.paymentId, amount: '5.00', received_on: '2026-06-16', base_amount: '5.00', allocated: '0.00', unallocated: '5.00', allocated_base: '0.00', unallocated_base: '5.00', position: advance.position, ...eur },
    ]);
    expect(await customerReceivables(live, customer.customerId, '2026-06-20', 'EUR')).toMatchObject({ balance: '0.00', unappliedCredit: '15.00', balanceBase: '0.00', unappliedCreditBase: '15.00', openInvoices: [] });

    // The credit, applied to a later invoice: it is paid by it, and the credit shrinks.
    const third = await sales.invoice(customer, order, 1, '2026-06-18'); // 12.00
    const applied = await sales.applyCredit(third, '12.00', '2026-06-19');
    await settled(applied.position);
    expect(await openItem(third.invoiceId)).toMatchObject({ paid: '12.00', outstanding: '0.00', paid_base: '12.00', outstanding_base: '0.00', status: 'paid' });
    expect(await settlementsOf(third.invoiceId)).toEqual([{ source_type: 'credit_application', source_id: applied.applicationId, amount: '12.00', base_amount: '12.00', settled_on: '2026-06-19' }]);
    expect(await balanceOf(customer.customerId)).toMatchObject({ balance: '0.00', unapplied_credit: '3.00', unapplied_credit_base: '3.00', invoice_count: 3, open_invoice_count: 0 });
    // Applied in part: partially paid.
    const fourth = await sales.invoice(customer, order, 1, '2026-06-18');
    await sales.applyCredit(fourth, '3.00', '2026-06-20');
    await settledAll();
    expect(await openItem(fourth.invoiceId)).toMatchObject({ paid: '3.00', outstanding: '9.00', status: 'partially_paid' });
    expect(await balanceOf(customer.customerId)).toMatchObject({ balance: '9.00', unapplied_credit: '0.00', unapplied_credit_base: '0.00' });
  });

  it('credits an invoice with a credit note: within what it owes it settles it, beyond that the customer gets the credit', async () => {
    const customer = await sales.customer(30);
    const order = await sales.order(customer, 'CONSULTING', 10);
    const invoiced = await sales.invoice(customer, order, 5, '2026-07-01'); // 60.00

    // Within the outstanding, numbered after it was posted: credited 12.00, still open (nothing paid).
    const within = await sales.creditNote(invoiced, 1, '2026-07-05', { numberFirst: false });
    await settledAll();
    expect(await openItem(invoiced.invoiceId)).toMatchObject({ paid: '0.00', credited: '12.00', outstanding: '48.00', credited_base: '12.00', outstanding_base: '48.00', status: 'open' });
    const notes = () =>
      live.query(
        `SELECT credit_note_id, number, invoice_id, order_id, customer_id, currency, to_char(credit_date, 'YYYY-MM-DD') AS credit_date, exchange_rate,
                base_currency, net, tax, gross, applied, to_credit, net_base, tax_base, gross_base, applied_base, to_credit_base, exchange_difference, position
         FROM credit_notes WHERE invoice_id = $1 ORDER BY position`,
        [invoiced.invoiceId],
      );
    const note = { invoice_id: invoiced.invoiceId, order_id: order.orderId, customer_id: customer.customerId, currency: 'EUR', exchange_rate: '1', base_currency: 'EUR', exchange_difference: '0.00' };
    expect(within.number).toMatch(/^CN-2026-\d{6}$/);
    expect(await notes()).toEqual([
      {
        ...note,
        credit_note_id: within.creditNoteId,
        number: within.number,
        credit_date: '2026-07-05',
        net: '10.00',
        tax: '2.00',
        gross: '12.00',
        applied: '12.00',
        to_credit: '0.00',
        net_base: '10.00',
        tax_base: '2.00',
        gross_base: '12.00',
        applied_base: '12.00',
        to_credit_base: '0.00',
        position: within.position,
      },
    ]);

    // Paid, then credited again (numbered first, as the flow does): nothing left to settle, all of it is credit.
    await sales.pay(customer, { amount: '48.00', receivedOn: '2026-07-06', allocations: [[invoiced, '48.00']] });
    const beyond = await sales.creditNote(invoiced, 2, '2026-07-07');
    await settledAll();
    expect(await openItem(invoiced.invoiceId)).toMatchObject({ paid: '48.00', credited: '12.00', outstanding: '0.00', outstanding_base: '0.00', status: 'paid' });
    expect((await notes())[1]).toMatchObject({ credit_note_id: beyond.creditNoteId, number: beyond.number, gross: '24.00', applied: '0.00', to_credit: '24.00', applied_base: '0.00', to_credit_base: '24.00' });
    expect(await balanceOf(customer.customerId)).toMatchObject({ balance: '0.00', unapplied_credit: '24.00', unapplied_credit_base: '24.00', open_invoice_count: 0 });
    // A note that settles nothing is no settlement.
    expect((await settlementsOf(invoiced.invoiceId)).map((r: { source_type: string; amount: string }) => [r.source_type, r.amount])).toEqual([
      ['credit_note', '12.00'],
      ['payment', '48.00'],
    ]);
    const [{ pending }] = await live.query('SELECT count(*)::int AS pending FROM pending_credit_note_numbers WHERE credit_note_id = ANY($1)', [[within.creditNoteId, beyond.creditNoteId]]);
    expect(pending).toBe(0);
  });

  it('keeps foreign-currency settlements at the invoice rate in base, and credit in a currency the customer was never invoiced in', async () => {
    const customer = await sales.customer(30);
    const usd = await sales.order(customer, 'CONSULTING', 10, 'USD', '10.00', '0.9');
    const invoiced = await sales.invoice(customer, usd, 2, '2026-08-01'); // USD 24.00 = EUR 21.60
    const eur = await sales.invoice(customer, await sales.order(customer, 'CONSULTING', 10), 1, '2026-08-01'); // EUR 12.00
    await settledAll();
    expect(await openReceivablesBase(live, customer.customerId, 'EUR')).toBe('33.60');

    // Half paid at 0.95: its share at the invoice's rate (10.80) leaves 1100; the cash's extra value is a gain.
    const dearer = await sales.pay(customer, { amount: '12.00', currency: 'USD', exchangeRate: '0.95', receivedOn: '2026-08-10', allocations: [[invoiced, '12.00']] });
    await settled(dearer.position);
    expect(await openItem(invoiced.invoiceId)).toMatchObject({ paid: '12.00', outstanding: '12.00', paid_base: '10.80', outstanding_base: '10.80', status: 'partially_paid' });
    expect(await openReceivablesBase(live, customer.customerId, 'EUR')).toBe('22.80');
    // The rest at 0.85 clears exactly what the invoice has left in base.
    const cheaper = await sales.pay(customer, { amount: '12.00', currency: 'USD', exchangeRate: '0.85', receivedOn: '2026-08-11', allocations: [[invoiced, '12.00']] });
    await settled(cheaper.position);
    expect(await openItem(invoiced.invoiceId)).toMatchObject({ outstanding: '0.00', paid_base: '21.60', outstanding_base: '0.00', status: 'paid' });
    const differences = await live.query('SELECT base_amount, allocated_base, exchange_difference FROM payments WHERE payment_id = ANY($1) ORDER BY position', [[dearer.paymentId, cheaper.paymentId]]);
    expect(differences).toEqual([
      { base_amount: '11.40', allocated_base: '10.80', exchange_difference: '0.60' },
      { base_amount: '10.20', allocated_base: '10.80', exchange_difference: '-0.60' },
    ]);

    // CHF 50.00 at 1.05, never invoiced in CHF: a balance row for it, owing nothing, holding the credit.
    await sales.pay(customer, { amount: '50.00', currency: 'CHF', exchangeRate: '1.05', receivedOn: '2026-08-12' });
    await settledAll();
    expect(await balanceOf(customer.customerId, 'CHF')).toEqual({
      balance: '0.00',
      unapplied_credit: '50.00',
      base_currency: 'EUR',
      balance_base: '0.00',
      unapplied_credit_base: '52.50',
      invoice_count: 0,
      open_invoice_count: 0,
    });
    const read = await customerReceivables(live, customer.customerId, '2026-08-20', 'EUR', 'EUR');
    expect(read).toMatchObject({
      currency: 'EUR',
      balance: '12.00',
      unappliedCredit: '0.00',
      baseCurrency: 'EUR',
      balanceBase: '12.00',
      unappliedCreditBase: '52.50',
      openInvoices: [expect.objectContaining({ invoiceId: eur.invoiceId, outstandingBase: '12.00' })],
    });
    expect(read?.balances.map((b) => [b.currency, b.balance, b.unappliedCredit, b.balanceBase, b.unappliedCreditBase])).toEqual([
      ['CHF', '0.00', '50.00', '0.00', '52.50'],
      ['EUR', '12.00', '0.00', '12.00', '0.00'],
      ['USD', '0.00', '0.00', '0.00', '0.00'],
    ]);
    // A customer who only ever paid has receivables to read.
    const payer = await sales.customer(30);
    await sales.pay(payer, { amount: '1.00', receivedOn: '2026-08-12' });
    await settledAll();
    expect(await customerReceivables(live, payer.customerId, '2026-08-20')).toMatchObject({ currency: 'EUR', balance: '0.00', unappliedCredit: '1.00', openInvoices: [] });
    expect(await openReceivablesBase(live, payer.customerId, 'EUR')).toBe('0.00');
    expect(await openReceivablesBase(live, randomUUID(), 'JPY')).toBe('0');
    expect(await openReceivablesBase(live, 'not-an-id', 'EUR')).toBe('0.00');
  });

  it('ages an invoice at what it owed on the day asked: settlements dated after asOf are added back', async () => {
    const customer = await sales.customer(30);
    const order = await sales.order(customer, 'CONSULTING', 10);
    const invoiced = await sales.invoice(customer, order, 3, '2025-03-01'); // 36.00, due 2025-03-31
    await sales.pay(customer, { amount: '20.00', receivedOn: '2025-04-15', allocations: [[invoiced, '20.00']] });
    await sales.creditNote(invoiced, 1, '2025-05-10'); // 12.00 settles
    await sales.pay(customer, { amount: '4.00', receivedOn: '2025-06-01' }); // an advance, applied later
    await sales.applyCredit(invoiced, '4.00', '2025-06-02');
    await settledAll();
    const rowAt = async (asOf: string) => (await aging(live, asOf)).rows.find((r) => r.customerId === customer.customerId);
    const zero = { current: '0.00', d1_30: '0.00', d31_60: '0.00', d61_90: '0.00', d90_plus: '0.00' };
    const row = (bucket: string, amount: string) => ({ customerId: customer.customerId, currency: 'EUR', ...zero, [bucket]: amount, total: amount });

    expect(await rowAt('2025-02-28')).toBeUndefined();
    expect(await rowAt('2025-04-14')).toEqual(row('d1_30', '36.00')); // the day before the payment
    expect(await rowAt('2025-04-15')).toEqual(row('d1_30', '16.00')); // settled that day: counted
    expect(await rowAt('2025-05-09')).toEqual(row('d31_60', '16.00'));
    expect(await rowAt('2025-05-10')).toEqual(row('d31_60', '4.00'));
    expect(await rowAt('2025-06-01')).toEqual(row('d61_90', '4.00'));
    expect(await rowAt('2025-06-02')).toBeUndefined(); // nothing owed any more
    expect(await rowAt('2026-01-01')).toBeUndefined();
  });

  it('ignores every other event type, even ones naming an invoice or a customer', async () => {
    await settledAll();
    const counts = await tableCounts(live);
    const customer = await sales.customer();
    const order = await sales.order(customer, 'CONSULTING', 1);
    await store.append(`invoiceNumbers-2099`, [{ type: 'InvoiceNumberAssigned', data: { year: 2099, sequence: 1, number: 'INV-2099-000001', invoiceId: randomUUID(), orderId: order.orderId }, metadata: meta }], 'any');
    // A credit note's quantities on its order, and its number in the year's series: the money and the number come from elsewhere.
    await store.append(`order-${randomUUID()}`, [{ type: 'CreditNoteIssued', data: { customerId: customer.customerId, invoiceId: randomUUID(), totals: { net: '1.00', tax: '0.00', gross: '1.00' } }, metadata: meta }], 'no_stream');
    await store.append(`creditNoteNumbers-2099`, [{ type: 'CreditNoteNumberAssigned', data: { year: 2099, sequence: 1, number: 'CN-2099-000001', creditNoteId: randomUUID(), invoiceId: randomUUID(), orderId: order.orderId }, metadata: meta }], 'any');
    await store.append(`thing-${randomUUID()}`, [{ type: 'Whatever', data: {}, metadata: meta }], 'no_stream');
    await settledAll();
    expect(runner.current.state).toBe('running');
    expect(await tableCounts(live)).toEqual(counts);
  });

  it('refuses events the deciders could never have written, so the runtime stops naming them', async () => {
    const schema = generationSchema('receivables', 90);
    const ds = await openGeneration(database.url, receivablesProjection, schema);
    const apply = (events: StoredEvent[]) => ds.transaction((manager) => receivablesProjection.apply(events, manager));
    const { issued, numbered, invoiceId, customerId, orderId, settle } = syntheticInvoice();
    await apply([issued]);
    await expect(apply([issued])).rejects.toThrow(/issued twice/);
    await apply([numbered('INV-2026-000007')]);
    await expect(apply([numbered('INV-2026-000008')])).rejects.toThrow(/numbered INV-2026-000008, but it was numbered INV-2026-000007/);
    await expect(apply([numbered('INV-2026-000007', randomUUID())])).rejects.toThrow(/names order/);
    // A number parked for an invoice that then arrives from another order.
    const other = syntheticInvoice();
    await apply([other.numbered('INV-2026-000009', randomUUID())]);
    await expect(apply([other.issued])).rejects.toThrow(/named order/);

    // Settlements that contradict the invoice (KWD, 1.005 gross, kept in KWD: issued before rates existed).
    await expect(apply([settle.payment('0.500', [[randomUUID(), '0.500']])])).rejects.toThrow(/settles invoice .* which was never issued/);
    await expect(apply([settle.payment('1.006', [[invoiceId, '1.006']])])).rejects.toThrow(/settled beyond its gross: outstanding below zero/);
    await expect(apply([settle.payment('1.000', [[invoiceId, '0.500']], { unallocated: '0.400', unallocatedBase: '0.400' })])).rejects.toThrow(/do not add up/);
    await expect(apply([settle.payment('0.500', [[invoiceId, '0.500']], { customerId: randomUUID() })])).rejects.toThrow(/settles invoice .* of customer/);
    await expect(apply([settle.payment('0.50', [[invoiceId, '0.50']], { currency: 'USD', unallocated: '0.00' })])).rejects.toThrow(/in USD settles invoice .* in KWD/);
    await expect(apply([settle.payment('0.500', [[invoiceId, '0.500']], { baseCurrency: 'EUR' })])).rejects.toThrow(/base currency EUR settles invoice .* kept in KWD/);
    await expect(apply([settle.applied('0.100')])).rejects.toThrow(/takes the unapplied credit of customer .* below zero/);
    await expect(apply([settle.creditNote('0.200', '0.100')])).rejects.toThrow(/do not add up to its gross/);
    // Consistent ones go through, and the same payment or note a second time does not.
    const paid = settle.payment('0.300', [[invoiceId, '0.100']]);
    await apply([paid, settle.applied('0.200')]);
    await expect(apply([paid])).rejects.toThrow(/duplicate key/);
    const note = settle.creditNote('0.305');
    await apply([note]);
    await expect(apply([note])).rejects.toThrow(/posted twice/);
    const [item] = await ds.query('SELECT paid, credited, outstanding, outstanding_base, status FROM open_items WHERE invoice_id = $1', [invoiceId]);
    expect(item).toEqual({ paid: '0.300', credited: '0.305', outstanding: '0.400', outstanding_base: '0.400', status: 'partially_paid' });
    expect(await ds.query('SELECT balance, unapplied_credit, unapplied_credit_base FROM customer_balances WHERE customer_id = $1', [customerId])).toEqual([
      { balance: '0.400', unapplied_credit: '0.000', unapplied_credit_base: '0.000' },
    ]);
    expect(orderId).toBeDefined();
    await ds.destroy();
  });

  it('numbers a credit note whether its number is applied before or after its posting, in one batch or two', async () => {
    const invoice = syntheticInvoice();
    const note = invoice.settle.creditNote('0.300');
    const numbered = invoice.settle.creditNoteNumbered('CN-2026-000001');
    const orders: StoredEvent[][][] = [
      [[invoice.issued, note, numbered]],
      [[invoice.issued, numbered, note]],
      [[invoice.issued, numbered], [note]],
      [[invoice.issued, note], [numbered]],
    ];
    const results: unknown[] = [];
    for (const [i, batches] of orders.entries()) {
      const schema = generationSchema('receivables', 70 + i);
      const ds = await openGeneration(database.url, receivablesProjection, schema);
      for (const batch of batches) await ds.transaction((manager) => receivablesProjection.apply(batch, manager));
      // updated_position differs: it is the posting's or the number's, whichever came last.
      const [row] = await ds.query('SELECT credit_note_id, number, invoice_id, applied, to_credit FROM credit_notes');
      const pending = await ds.query('SELECT * FROM pending_credit_note_numbers');
      results.push({ row, pending });
      if (i === 2) {
        // A second, different number, or a number naming another invoice, is an inconsistent log.
        const apply = (events: StoredEvent[]) => ds.transaction((manager) => receivablesProjection.apply(events, manager));
        await expect(apply([invoice.settle.creditNoteNumbered('CN-2026-000002')])).rejects.toThrow(/numbered CN-2026-000002, but it was numbered CN-2026-000001/);
        await expect(apply([invoice.settle.creditNoteNumbered('CN-2026-000001', randomUUID())])).rejects.toThrow(/names invoice/);
      }
      await ds.destroy();
    }
    expect(results[0]).toEqual({
      row: { credit_note_id: note.data.creditNoteId, number: 'CN-2026-000001', invoice_id: invoice.invoiceId, applied: '0.300', to_credit: '0.005' },
      pending: [],
    });
    for (const result of results) expect(result).toEqual(results[0]);
  });

  it('migrates a generation the issue-4 code built, backfilling base amounts at rate 1, and goes on from there', async () => {
    const invoice = syntheticInvoice();
    const payment = invoice.settle.payment('0.500', [[invoice.invoiceId, '0.400']]);
    // Built by the old code: its one migration, and the rows it wrote for an issued, numbered invoice.
    const oldSchema = generationSchema('receivables', 60);
    const old = await openGeneration(database.url, { ...receivablesProjection, migrations: [CreateReceivables1767398400000] }, oldSchema);
    await old.query(
      `INSERT INTO open_items (invoice_id, number, customer_id, order_id, currency, invoice_date, due_date, gross, paid, credited, outstanding, status, issued_position, updated_position)
       VALUES ($1, 'INV-2026-000042', $2, $3, 'KWD', '2026-01-01', '2026-01-31', 1.005, 0.000, 0.000, 1.005, 'open', $4, $5)`,
      [invoice.invoiceId, invoice.customerId, invoice.orderId, invoice.issued.position, invoice.numbered('INV-2026-000042').position],
    );
    await old.query(
      `INSERT INTO customer_balances (customer_id, currency, balance, unapplied_credit, invoice_count, open_invoice_count, updated_position) VALUES ($1, 'KWD', 1.005, 0.000, 1, 1, $2)`,
      [invoice.customerId, invoice.issued.position],
    );
    await old.destroy();
    const migrated = await openGeneration(database.url, receivablesProjection, oldSchema);
    expect(await migrated.query('SELECT base_currency, exchange_rate, gross_base, paid_base, credited_base, outstanding_base FROM open_items')).toEqual([
      { base_currency: 'KWD', exchange_rate: '1', gross_base: '1.005', paid_base: '0.000', credited_base: '0.000', outstanding_base: '1.005' },
    ]);
    expect(await migrated.query('SELECT base_currency, balance_base, unapplied_credit_base FROM customer_balances')).toEqual([{ base_currency: 'KWD', balance_base: '1.005', unapplied_credit_base: '0.000' }]);
    await migrated.transaction((manager) => receivablesProjection.apply([payment], manager));

    // The same events into a fresh generation.
    const freshSchema = generationSchema('receivables', 61);
    const fresh = await openGeneration(database.url, receivablesProjection, freshSchema);
    await fresh.transaction((manager) => receivablesProjection.apply([invoice.issued, invoice.numbered('INV-2026-000042'), payment], manager));
    expect(await generationTables(migrated, oldSchema)).toEqual(await generationTables(fresh, freshSchema));
    expect(await migrated.query('SELECT paid, outstanding, outstanding_base, status FROM open_items')).toEqual([{ paid: '0.400', outstanding: '0.605', outstanding_base: '0.605', status: 'partially_paid' }]);
    await migrated.destroy();
    await fresh.destroy();
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
    const invoiced = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const customer = customers[i % 3];
        const order = i % 5 === 0 ? await sales.order(customer, 'CONSULTING', 20, 'JPY', '1500') : await sales.order(customer, i % 2 ? 'SUPPORT' : 'CONSULTING', 20);
        await sales.invoice(customer, order, 1 + (i % 4), addDays('2026-01-01', i), { numberFirst: i % 3 === 0 });
        return { customer, invoice: await sales.invoice(customer, order, 2.5, addDays('2026-02-01', i), { numbered: i % 7 !== 0 }) };
      }),
    );
    // Then the customers' accounts, all three at once, each one command at a time (one stream each):
    // payments allocating all, part or none, credit notes numbered before, after or never, applied credit.
    await Promise.all(
      customers.map(async (customer) => {
        for (const [i, { invoice }] of invoiced.entries()) {
          if (invoice.invoice.customerId !== customer.customerId) continue;
          const { gross, net } = invoice.invoice.totals;
          const currency = invoice.invoice.currency;
          const rate = currency === 'EUR' ? undefined : currency === 'JPY' ? '0.0061' : '0.91';
          if (i % 5 === 0) await sales.pay(customer, { amount: gross, currency, exchangeRate: rate, receivedOn: '2026-03-01', allocations: [[invoice, gross]] });
          if (i % 5 === 1) await sales.pay(customer, { amount: net, currency, exchangeRate: rate, receivedOn: '2026-03-02', allocations: [[invoice, '1.00']] });
          if (i % 5 === 2) await sales.creditNote(invoice, 1, '2026-03-03', { numberFirst: i % 2 === 0, numbered: i % 4 !== 2 });
          if (i % 5 === 3 && currency === 'EUR') {
            await sales.pay(customer, { amount: '0.75', receivedOn: '2026-03-04' });
            await sales.applyCredit(invoice, '0.50', '2026-03-04');
          }
          if (i % 5 === 4) await sales.pay(customer, { amount: '3.00', receivedOn: '2026-03-05' });
        }
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
    expect(Object.keys(liveTables)).toEqual(['credit_notes', 'customer_balances', 'open_items', 'payments', 'pending_credit_note_numbers', 'pending_invoice_numbers', 'settlements']);
    expect(liveTables.open_items.length).toBeGreaterThan(60);
    expect(liveTables.customer_balances.length).toBeGreaterThan(5);
    expect(liveTables.settlements.length).toBeGreaterThan(15);
    expect(liveTables.credit_notes.length).toBeGreaterThan(3);
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

/**
 * An invoice's events as the log holds them, in KWD (3 minor digits) and written before exchange rates
 * existed (so kept in KWD), and settlements of it, for batches built by hand; each read as the runner
 * reads it (upcast to the current shape). Positions grow with every event made, so events keep the order
 * they were made in.
 */
function syntheticInvoice() {
  const invoiceId = randomUUID();
  const orderId = randomUUID();
  const customerId = randomUUID();
  let position = 0;
  const stored = (streamId: string, type: string, data: Record<string, unknown>): StoredEvent =>
    upcast({
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
    customerId,
    currency: 'KWD',
    invoiceDate: '2026-01-01',
    dueDate: '2026-01-31',
    lines: [],
    totals: { net: '1.000', tax: '0.005', gross: '1.005' },
  });
  const numbered = (number: string, forOrder = orderId) => stored(`invoice-${invoiceId}`, 'InvoiceNumbered', { invoiceId, orderId: forOrder, number, year: 2026 });
  const account = customerAccountStream(customerId);
  const creditNoteId = randomUUID();
  const settle = {
    /** A payment in KWD at rate 1 (base KWD), unless told otherwise; what is not allocated is unallocated. */
    payment(amount: string, allocations: [string, string][], change: Record<string, string> = {}) {
      const allocated = allocations.reduce((sum, [, a]) => sum + Number(a), 0);
      const unallocated = (Number(amount) - allocated).toFixed(3);
      return stored(account, 'PaymentReceived', {
        paymentId: randomUUID(),
        customerId,
        amount,
        currency: 'KWD',
        receivedOn: '2026-01-10',
        exchangeRate: '1',
        baseCurrency: 'KWD',
        baseAmount: amount,
        allocations: allocations.map(([id, a]) => ({ invoiceId: id, amount: a, baseAmount: a })),
        unallocated,
        unallocatedBase: unallocated,
        exchangeDifference: '0.000',
        ...change,
      });
    },
    applied: (amount: string) =>
      stored(account, 'CreditApplied', {
        applicationId: randomUUID(),
        customerId,
        invoiceId,
        amount,
        currency: 'KWD',
        appliedOn: '2026-01-11',
        baseCurrency: 'KWD',
        creditBase: amount,
        baseAmount: amount,
        exchangeDifference: '0.000',
      }),
    /** The invoice's one credit note, 0.300 + 0.005 tax = 0.305: what it settles, and the rest (by default) as credit. */
    creditNote: (applied: string, toCredit = (0.305 - Number(applied)).toFixed(3)) =>
      stored(account, 'CreditNotePosted', {
        creditNoteId,
        customerId,
        invoiceId,
        orderId,
        currency: 'KWD',
        creditDate: '2026-01-12',
        exchangeRate: '1',
        baseCurrency: 'KWD',
        totals: { net: '0.300', tax: '0.005', gross: '0.305' },
        baseTotals: { net: '0.300', tax: '0.005', gross: '0.305' },
        applied,
        appliedBase: applied,
        toCredit,
        toCreditBase: toCredit,
        exchangeDifference: '0.000',
      }),
    creditNoteNumbered: (number: string, forInvoice = invoiceId) => stored(`creditNote-${creditNoteId}`, 'CreditNoteNumbered', { creditNoteId, invoiceId: forInvoice, orderId, number, year: 2026 }),
  };
  return { invoiceId, orderId, customerId, issued, numbered, settle };
}

const sumCents = (amounts: string[]): string => {
  const cents = amounts.reduce((sum, a) => sum + BigInt(a.replace('.', '')), 0n);
  const text = cents.toString().padStart(3, '0');
  return `${text.slice(0, -2)}.${text.slice(-2)}`;
};

async function tableCounts(ds: DataSource): Promise<number[]> {
  return Promise.all(
    ['open_items', 'customer_balances', 'pending_invoice_numbers', 'settlements', 'payments', 'credit_notes', 'pending_credit_note_numbers'].map(async (t) =>
      Number((await ds.query(`SELECT count(*)::int AS n FROM ${t}`))[0].n),
    ),
  );
}
