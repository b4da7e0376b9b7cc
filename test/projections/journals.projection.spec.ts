import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { customerAccountStream } from '@ledgerline/domain/customer-account/events';
import { orderStream } from '@ledgerline/domain/sales-order/events';
import { stockReceiptStream } from '@ledgerline/domain/stock-receipt/stock-receipt';
import { PostgresEventStore } from '@ledgerline/event-store/postgres/postgres-event-store';
import { StoredEvent } from '@ledgerline/event-store/port';
import { CHART_OF_ACCOUNTS } from '@ledgerline/projections/journals/chart-of-accounts';
import { journalsProjection } from '@ledgerline/projections/journals/journals.projection';
import { journalEntries, trialBalance } from '@ledgerline/projections/journals/journals.queries';
import { receivablesProjection } from '@ledgerline/projections/receivables/receivables.projection';
import { generationSchema, openGeneration, readCheckpoint } from '@ledgerline/projections/runtime/generation';
import type { Projection } from '@ledgerline/projections/runtime/projection';
import { ProjectionRunner, RunnerOptions } from '@ledgerline/projections/runtime/projection-runner';
import { stockProjection } from '@ledgerline/projections/stock/stock.projection';
import { stockMovements } from '@ledgerline/projections/stock/stock.queries';
import { lastAppendedPosition } from '../support/log-size';
import { createTestDatabase } from '../support/test-database';
import { ledgerFixtures, Posted } from './journal-fixtures';
import { orderToCash } from './stock-fixtures';

const meta = { actor: 't', correlationId: 'c', causationId: 'c', command: 'T', schemaVersion: 1 };

/** Every table of the read model with the columns that order its rows: all of them are natural keys. */
const TABLES: Record<string, string> = {
  accounts: 'code',
  journal_entries: 'entry_id',
  journal_lines: 'entry_id, line_no',
  journal_stock_valuations: 'sku',
  journal_stock_issues: 'shipment_id, line_id',
};

const dump = async (ds: DataSource, schema: string) =>
  Object.fromEntries(await Promise.all(Object.entries(TABLES).map(async ([table, order]) => [table, await ds.query(`SELECT * FROM ${schema}.${table} ORDER BY ${order}`)])));

/** A generation of `projection` with its runner, running until stopped. */
async function startGeneration(url: string, store: PostgresEventStore, projection: Projection, generation: number, options: RunnerOptions = {}) {
  const schema = generationSchema(projection.name, generation);
  const ds = await openGeneration(url, projection, schema);
  const runner = new ProjectionRunner(store, ds, projection, schema, options);
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

type Generation = Awaited<ReturnType<typeof startGeneration>>;

const line = (account: string, debit: string, credit: string) => ({ account, debit, credit });
const utcDate = (event: StoredEvent) => new Date(event.occurredAt).toISOString().slice(0, 10);

describe('journals projection on PostgreSQL', () => {
  let database: { url: string; drop: () => Promise<void> };
  let store: PostgresEventStore;
  let journals: Generation;
  let stock: Generation;
  let receivables: Generation;
  let o2c: ReturnType<typeof orderToCash>;
  let ledger: ReturnType<typeof ledgerFixtures>;

  beforeAll(async () => {
    database = await createTestDatabase('journals_projection');
    store = PostgresEventStore.fromConnectionString(database.url);
    await store.migrate();
    o2c = orderToCash(store);
    ledger = ledgerFixtures(store, o2c);
    // Both projections follow the same log, in small batches of their own, while the tests append.
    journals = await startGeneration(database.url, store, journalsProjection, 1, { batchSize: 25 });
    stock = await startGeneration(database.url, store, stockProjection, 1, { batchSize: 10 });
    // The receivables of the same log: 1100 and 2200 must equal what they say is owed and held as credit.
    receivables = await startGeneration(database.url, store, receivablesProjection, 1, { batchSize: 13 });
  });
  afterAll(async () => {
    await journals.close();
    await stock.close();
    await receivables.close();
    await store.close();
    await database.drop();
  });

  const catchUp = () => Promise.all([journals.catchUp(), stock.catchUp(), receivables.catchUp()]);
  const sku = (name: string) => `${name}-${randomUUID().slice(0, 8)}`;
  const entriesOf = async (sourceId: string) => {
    await catchUp();
    return journalEntries(journals.ds, { sourceId });
  };
  const orderEvent = async (orderId: string, type: string, match: (data: Record<string, unknown>) => boolean) =>
    (await store.readStream(orderStream(orderId))).find((e) => e.type === type && match(e.data as Record<string, unknown>)) as StoredEvent;
  /** The stored event of something the customer's account recorded. */
  const accountEvent = async (posted: { customerId: string; position: string }) =>
    (await store.readStream(customerAccountStream(posted.customerId))).find((e) => e.position === posted.position) as StoredEvent;
  /** The entries of a payment, applied credit or credit note, with the stored event they came from. */
  const postedEntries = async (posted: Posted<'PaymentReceived'> | Posted<'CreditApplied'> | Posted<'CreditNotePosted'>) => {
    const sourceId = 'paymentId' in posted ? posted.paymentId : 'applicationId' in posted ? posted.applicationId : posted.creditNoteId;
    return { event: await accountEvent(posted), entries: await entriesOf(sourceId) };
  };

  /** domain.md's ledger invariants, over everything posted so far, checked against the stock projection of the same log. */
  afterEach(async () => {
    await catchUp();
    const unbalanced = await journals.ds.query(`
      SELECT e.entry_id FROM journal_entries e LEFT JOIN journal_lines l USING (entry_id)
      GROUP BY e.entry_id HAVING count(l.*) = 0 OR sum(l.debit) <> sum(l.credit) OR bool_or(l.currency <> e.currency)`);
    expect(unbalanced).toEqual([]);

    // Account 1200 = Σ on-hand × average cost per entry rounding = Σ stock_levels.value, per currency, to the cent.
    const inventory = await journals.ds.query(`
      SELECT coalesce(j.currency, s.currency) AS currency, j.balance, s.value
      FROM (SELECT currency, sum(debit - credit) AS balance FROM journal_lines WHERE account = '1200' GROUP BY currency) j
      FULL JOIN (SELECT currency, sum(value) AS value FROM ${stock.schema}.stock_levels WHERE currency IS NOT NULL GROUP BY currency) s USING (currency)
      WHERE j.balance IS DISTINCT FROM s.value AND NOT (coalesce(j.balance, 0) = 0 AND coalesce(s.value, 0) = 0)`);
    expect(inventory).toEqual([]);

    // Row by row: the ledger's own valuation is the stock projection's, and so is every issue it priced.
    const valuations = await journals.ds.query(`
      SELECT sku FROM journal_stock_valuations j FULL JOIN ${stock.schema}.stock_levels s USING (sku)
      WHERE j.currency IS DISTINCT FROM s.currency OR j.on_hand IS DISTINCT FROM s.on_hand
         OR j.value IS DISTINCT FROM s.value OR j.average_cost IS DISTINCT FROM s.average_cost`);
    // Skus only reserved, never moved, have a stock row and no valuation row.
    const onlyReserved = await stock.ds.query(`SELECT sku FROM stock_levels l WHERE NOT EXISTS (SELECT 1 FROM stock_movements m WHERE m.sku = l.sku)`);
    expect(valuations.filter((v: { sku: string }) => !onlyReserved.some((r: { sku: string }) => r.sku === v.sku))).toEqual([]);
    const issues = await journals.ds.query(`
      SELECT shipment_id, line_id FROM journal_stock_issues j FULL JOIN ${stock.schema}.stock_issues s USING (shipment_id, line_id)
      WHERE j.amount IS DISTINCT FROM s.amount OR j.returned_amount IS DISTINCT FROM s.returned_amount
         OR j.quantity IS DISTINCT FROM s.quantity OR j.returned_quantity IS DISTINCT FROM s.returned_quantity`);
    expect(issues).toEqual([]);

    for (const { currency } of await journals.ds.query('SELECT DISTINCT currency FROM journal_entries')) {
      const { totals } = await trialBalance(journals.ds, { currency });
      expect(totals.debit).toBe(totals.credit);
    }

    // Account 1100 = Σ outstanding_base of the open items, and 2200 (a liability: its credit balance) = Σ the
    // customers' unapplied credit in base, per ledger currency, to the cent.
    const receivable = await journals.ds.query(`
      SELECT coalesce(j.currency, r.currency) AS currency, j.balance, r.outstanding
      FROM (SELECT currency, sum(debit - credit) AS balance FROM journal_lines WHERE account = '1100' GROUP BY currency) j
      FULL JOIN (SELECT base_currency AS currency, sum(outstanding_base) AS outstanding FROM ${receivables.schema}.open_items GROUP BY base_currency) r USING (currency)
      WHERE coalesce(j.balance, 0) <> coalesce(r.outstanding, 0)`);
    expect(receivable).toEqual([]);
    const advances = await journals.ds.query(`
      SELECT coalesce(j.currency, r.currency) AS currency, j.balance, r.credit
      FROM (SELECT currency, sum(credit - debit) AS balance FROM journal_lines WHERE account = '2200' GROUP BY currency) j
      FULL JOIN (SELECT base_currency AS currency, sum(unapplied_credit_base) AS credit FROM ${receivables.schema}.customer_balances GROUP BY base_currency) r USING (currency)
      WHERE coalesce(j.balance, 0) <> coalesce(r.credit, 0)`);
    expect(advances).toEqual([]);
  });

  it('posts a receipt Dr 1200 Inventory / Cr 2000 GRNI at round(qty × cost), dated the day the log recorded it', async () => {
    const a = await o2c.product(sku('A'));
    const receiptId = await o2c.receive(a, 3, '2.34');
    const halfUp = await o2c.receive(a, 0.5, '0.05'); // 0.025 → 0.03
    const [received] = await store.readStream(stockReceiptStream(receiptId));

    expect(await entriesOf(receiptId)).toEqual([
      {
        entryId: `${received.id}:0`,
        date: utcDate(received),
        sourceType: 'stock_receipt',
        sourceId: receiptId,
        orderId: null,
        currency: 'EUR',
        description: `Stock received: 3 × ${a} at 2.34`,
        position: received.position,
        lines: [line('1200', '7.02', '0.00'), line('2000', '0.00', '7.02')],
      },
    ]);
    expect((await entriesOf(halfUp))[0].lines).toEqual([line('1200', '0.03', '0.00'), line('2000', '0.00', '0.03')]);
  });

  it('posts COGS at the moving average of the moment and reverses returns at their issue cost, as the stock projection values them', async () => {
    const b = await o2c.product(sku('B'));
    await o2c.receive(b, 10, '1.00');
    const { orderId, lineIds } = await o2c.confirmed([{ sku: b, quantity: 6 }]);
    const first = await o2c.ship(orderId, [{ lineId: lineIds[0], quantity: 4 }]); // 4 × 1.00
    await o2c.receive(b, 10, '4.00'); // 6 × 1.00 + 40.00 = 46.00 for 16
    await o2c.returnLines(orderId, first, [{ lineId: lineIds[0], quantity: 2 }]); // back at 1.00, not 2.875: 48.00 for 18
    const second = await o2c.ship(orderId, [{ lineId: lineIds[0], quantity: 2 }]); // 2 × 48/18 = 5.33

    const shipped = await orderEvent(orderId, 'LinesShipped', (d) => d.shipmentId === first);
    const [issue, back] = await entriesOf(first);
    expect(issue).toMatchObject({
      entryId: `${shipped.id}:0`,
      date: utcDate(shipped),
      sourceType: 'shipment',
      sourceId: first,
      orderId,
      currency: 'EUR',
      lines: [line('5000', '4.00', '0.00'), line('1200', '0.00', '4.00')],
    });
    expect(back).toMatchObject({ sourceType: 'shipment_return', sourceId: first, orderId, lines: [line('1200', '2.00', '0.00'), line('5000', '0.00', '2.00')] });
    expect((await entriesOf(second))[0].lines).toEqual([line('5000', '5.33', '0.00'), line('1200', '0.00', '5.33')]);

    // Each shipment and return entry carries exactly the stock projection's movement amount.
    const movements = (await stockMovements(stock.ds, b)).filter((m) => m.kind !== 'receipt');
    expect(movements).toHaveLength(3);
    for (const m of movements) {
      const entries = await entriesOf(m.shipmentId as string);
      const inventory = entries.find((e) => e.position === m.position)?.lines.find((l) => l.account === '1200');
      const signed = inventory?.debit !== '0.00' ? inventory?.debit : `-${inventory?.credit}`;
      expect(signed).toBe(m.amount);
    }
  });

  it('posts one COGS entry per shipment for all its lines, one per currency the skus are valued in', async () => {
    const [c, d, yen] = [await o2c.product(sku('C')), await o2c.product(sku('D')), await o2c.product(sku('JP'))];
    await o2c.receive(c, 3, '1.10');
    await o2c.receive(d, 7, '0.30');
    const jpyReceipt = await ledger.receiveIn(yen, 4, '125', 'JPY');
    expect((await entriesOf(jpyReceipt))[0]).toMatchObject({ currency: 'JPY', lines: [line('1200', '500', '0'), line('2000', '0', '500')] });

    const { orderId, lineIds } = await o2c.confirmed([
      { sku: c, quantity: 2 },
      { sku: d, quantity: 5 },
      { sku: yen, quantity: 1 },
    ]);
    const shipmentId = await o2c.ship(
      orderId,
      lineIds.map((lineId) => ({ lineId, quantity: 1 })),
    );
    const shipped = await orderEvent(orderId, 'LinesShipped', (x) => x.shipmentId === shipmentId);
    expect(await entriesOf(shipmentId)).toMatchObject([
      { entryId: `${shipped.id}:0`, currency: 'EUR', lines: [line('5000', '1.40', '0.00'), line('1200', '0.00', '1.40')] }, // 1.10 + 0.30
      { entryId: `${shipped.id}:1`, currency: 'JPY', lines: [line('5000', '125', '0'), line('1200', '0', '125')] },
    ]);
  });

  it('posts nothing for a zero cost, and follows the stock projection through negative stock', async () => {
    const never = await o2c.product(sku('NEVER'));
    const e = await o2c.product(sku('E'));
    await o2c.receive(e, 5, '2.00');
    const { orderId, lineIds } = await o2c.confirmed([
      { sku: never, quantity: 2 },
      { sku: e, quantity: 7 },
    ]);
    const nothing = await o2c.ship(orderId, [{ lineId: lineIds[0], quantity: 2 }]); // no receipt yet: valued at 0
    expect(await entriesOf(nothing)).toEqual([]);
    const beyond = await o2c.ship(orderId, [{ lineId: lineIds[1], quantity: 7 }]); // 5 × 2.00 + 2 beyond at 2.00
    expect((await entriesOf(beyond))[0].lines).toEqual([line('5000', '14.00', '0.00'), line('1200', '0.00', '14.00')]);
    await o2c.receive(e, 6, '3.00');
    await o2c.returnLines(orderId, beyond, [{ lineId: lineIds[1], quantity: 7 }]);
    expect((await entriesOf(beyond))[1].lines).toEqual([line('1200', '14.00', '0.00'), line('5000', '0.00', '14.00')]);
  });

  it('posts an invoice Dr 1100 gross / Cr 4000 net, Cr 2100 tax, on its invoice date, in the base currency at the invoice rate', async () => {
    const f = await o2c.product(sku('F'));
    const svc = await o2c.product(sku('SVC'), 'service');
    const { orderId, lineIds } = await o2c.confirmed([
      { sku: f, quantity: 3 },
      { sku: svc, quantity: 1 },
    ]);
    const invoiceId = await ledger.invoiceOn(
      orderId,
      lineIds.map((lineId) => ({ lineId, quantity: 1 })),
      '2026-02-14',
    );
    const issued = await orderEvent(orderId, 'InvoiceIssued', (x) => x.invoiceId === invoiceId);
    expect(await entriesOf(invoiceId)).toEqual([
      {
        entryId: `${issued.id}:0`,
        date: '2026-02-14',
        sourceType: 'invoice',
        sourceId: invoiceId,
        orderId,
        currency: 'EUR',
        description: `Invoice ${invoiceId} issued`,
        position: issued.position,
        lines: [line('1100', '24.00', '0.00'), line('4000', '0.00', '20.00'), line('2100', '0.00', '4.00')],
      },
    ]);

    // USD 25.00 net + 5.00 tax at 0.9 EUR per USD: the invoice's baseTotals, in EUR.
    const usd = await ledger.confirmedIn('USD', [{ sku: f, quantity: 2, unitPrice: '12.50' }], { exchangeRate: '0.9' });
    const usdInvoice = await ledger.issue(usd.orderId, [{ lineId: usd.lineIds[0], quantity: 2 }], '2026-02-15');
    expect([usdInvoice.currency, usdInvoice.totals, usdInvoice.baseTotals]).toEqual(['USD', { net: '25.00', tax: '5.00', gross: '30.00' }, { net: '22.50', tax: '4.50', gross: '27.00' }]);
    expect((await entriesOf(usdInvoice.invoiceId))[0]).toMatchObject({ currency: 'EUR', lines: [line('1100', '27.00', '0.00'), line('4000', '0.00', '22.50'), line('2100', '0.00', '4.50')] });
  });

  it('posts payments Dr 1000 / Cr 1100 what they allocate, Cr 2200 the rest, on the day received', async () => {
    const customer = await ledger.newCustomer();
    const g = await o2c.product(sku('PAY'));
    const order = await ledger.confirmedIn('EUR', [{ sku: g, quantity: 10, unitPrice: '10.00' }], { customer });
    const a = await ledger.invoiceOn(order.orderId, [{ lineId: order.lineIds[0], quantity: 2 }], '2026-03-01'); // 24.00
    const b = await ledger.invoiceOn(order.orderId, [{ lineId: order.lineIds[0], quantity: 3 }], '2026-03-02'); // 36.00

    const partial = await ledger.pay(customer.customerId, { amount: '10.00', receivedOn: '2026-03-10', allocations: [{ invoiceId: a, amount: '10.00' }] });
    const { event, entries } = await postedEntries(partial);
    expect(entries).toEqual([
      {
        entryId: `${event.id}:0`,
        date: '2026-03-10',
        sourceType: 'payment',
        sourceId: partial.paymentId,
        orderId: null,
        currency: 'EUR',
        description: `Payment ${partial.paymentId} received: 10.00 EUR`,
        position: event.position,
        lines: [line('1000', '10.00', '0.00'), line('1100', '0.00', '10.00')],
      },
    ]);

    // The rest of a, all of b, and 10.00 more: an advance.
    const full = await ledger.pay(customer.customerId, {
      amount: '60.00',
      receivedOn: '2026-03-11',
      allocations: [
        { invoiceId: a, amount: '14.00' },
        { invoiceId: b, amount: '36.00' },
      ],
    });
    expect((await postedEntries(full)).entries[0]).toMatchObject({ date: '2026-03-11', lines: [line('1000', '60.00', '0.00'), line('1100', '0.00', '50.00'), line('2200', '0.00', '10.00')] });

    const advance = await ledger.pay(customer.customerId, { amount: '5.00', receivedOn: '2026-03-12' });
    expect((await postedEntries(advance)).entries[0].lines).toEqual([line('1000', '5.00', '0.00'), line('2200', '0.00', '5.00')]);

    // Both invoices settled: nothing of this customer left on 1100, its 15.00 advance on 2200.
    await catchUp();
    const [held] = await receivables.ds.query('SELECT unapplied_credit, unapplied_credit_base FROM customer_balances WHERE customer_id = $1', [customer.customerId]);
    expect(held).toEqual({ unapplied_credit: '15.00', unapplied_credit_base: '15.00' });
    const ownLines = await journals.ds.query(
      `SELECT l.account, sum(l.debit - l.credit)::text AS balance FROM journal_lines l WHERE l.entry_id IN (
         SELECT entry_id FROM journal_entries WHERE source_id = ANY($1)) GROUP BY l.account ORDER BY l.account`,
      [[a, b, partial.paymentId, full.paymentId, advance.paymentId]],
    );
    expect(ownLines).toEqual([
      { account: '1000', balance: '75.00' },
      { account: '1100', balance: '0.00' },
      { account: '2100', balance: '-10.00' },
      { account: '2200', balance: '-15.00' },
      { account: '4000', balance: '-50.00' },
    ]);
  });

  it('posts the exchange difference of a foreign-currency payment to 7900: a gain credited, a loss debited', async () => {
    const customer = await ledger.newCustomer('USD');
    const h = await o2c.product(sku('FX'));
    // USD 25.00 + 5.00 tax per invoice, issued at 0.9: 27.00 EUR on 1100 each.
    const order = await ledger.confirmedIn('USD', [{ sku: h, quantity: 10, unitPrice: '12.50' }], { exchangeRate: '0.9', customer });
    const [gain, loss] = [
      await ledger.invoiceOn(order.orderId, [{ lineId: order.lineIds[0], quantity: 2 }], '2026-04-01'),
      await ledger.invoiceOn(order.orderId, [{ lineId: order.lineIds[0], quantity: 2 }], '2026-04-01'),
    ];

    // Paid at 0.95: the cash is worth 28.50 EUR, the receivable 27.00: 1.50 gained.
    const dearer = await ledger.pay(customer.customerId, { amount: '30.00', currency: 'USD', exchangeRate: '0.95', receivedOn: '2026-04-20', allocations: [{ invoiceId: gain, amount: '30.00' }] });
    expect([dearer.baseAmount, dearer.exchangeDifference]).toEqual(['28.50', '1.50']);
    const { event, entries } = await postedEntries(dearer);
    expect(entries).toEqual([
      expect.objectContaining({
        entryId: `${event.id}:0`,
        sourceType: 'payment',
        currency: 'EUR',
        date: '2026-04-20',
        lines: [line('1000', '28.50', '0.00'), line('1100', '0.00', '27.00'), line('7900', '0.00', '1.50')],
      }),
    ]);

    // Paid at 0.85: 25.50 EUR of cash for 27.00 of receivable, 1.50 lost.
    const cheaper = await ledger.pay(customer.customerId, { amount: '30.00', currency: 'USD', exchangeRate: '0.85', receivedOn: '2026-04-21', allocations: [{ invoiceId: loss, amount: '30.00' }] });
    expect(cheaper.exchangeDifference).toBe('-1.50');
    expect((await postedEntries(cheaper)).entries[0].lines).toEqual([line('1000', '25.50', '0.00'), line('1100', '0.00', '27.00'), line('7900', '1.50', '0.00')]);

    // An advance of USD 10.00 at 0.95 (9.50 EUR on 2200), applied to an invoice at 0.9 (9.00 EUR off 1100): 0.50 gained.
    const advance = await ledger.pay(customer.customerId, { amount: '10.00', currency: 'USD', exchangeRate: '0.95', receivedOn: '2026-04-22' });
    expect((await postedEntries(advance)).entries[0].lines).toEqual([line('1000', '9.50', '0.00'), line('2200', '0.00', '9.50')]);
    const third = await ledger.invoiceOn(order.orderId, [{ lineId: order.lineIds[0], quantity: 2 }], '2026-04-23');
    const applied = await ledger.applyCredit(third, '10.00', '2026-04-24');
    expect([applied.creditBase, applied.baseAmount, applied.exchangeDifference]).toEqual(['9.50', '9.00', '0.50']);
    const application = await postedEntries(applied);
    expect(application.entries).toEqual([
      {
        entryId: `${application.event.id}:0`,
        date: '2026-04-24',
        sourceType: 'advance_application',
        sourceId: applied.applicationId,
        orderId: null,
        currency: 'EUR',
        description: `Credit applied to invoice ${third}`,
        position: application.event.position,
        lines: [line('2200', '9.50', '0.00'), line('1100', '0.00', '9.00'), line('7900', '0.00', '0.50')],
      },
    ]);

    await catchUp();
    const [item] = await receivables.ds.query('SELECT outstanding, outstanding_base, status FROM open_items WHERE invoice_id = $1', [third]);
    expect(item).toEqual({ outstanding: '20.00', outstanding_base: '18.00', status: 'partially_paid' });
  });

  it('posts a credit note Dr 4000 net, Dr 2100 tax / Cr 1100 what it settles, Cr 2200 what exceeds the outstanding', async () => {
    const customer = await ledger.newCustomer();
    const k = await o2c.product(sku('CN'));
    const order = await ledger.confirmedIn('EUR', [{ sku: k, quantity: 5, unitPrice: '10.00' }], { customer });
    const invoiceId = await ledger.invoiceOn(order.orderId, [{ lineId: order.lineIds[0], quantity: 5 }], '2026-05-01'); // 60.00

    const within = await ledger.creditNote(invoiceId, [{ lineId: order.lineIds[0], quantity: 1 }], '2026-05-05');
    expect([within.applied, within.toCredit]).toEqual(['12.00', '0.00']);
    const { event, entries } = await postedEntries(within);
    expect(entries).toEqual([
      {
        entryId: `${event.id}:0`,
        date: '2026-05-05',
        sourceType: 'credit_note',
        sourceId: within.creditNoteId,
        orderId: order.orderId,
        currency: 'EUR',
        description: `Credit note ${within.creditNoteId} on invoice ${invoiceId}`,
        position: event.position,
        lines: [line('4000', '10.00', '0.00'), line('2100', '2.00', '0.00'), line('1100', '0.00', '12.00')],
      },
    ]);

    // Paid in full, then credited again: the whole note is the customer's credit.
    await ledger.pay(customer.customerId, { amount: '48.00', receivedOn: '2026-05-06', allocations: [{ invoiceId, amount: '48.00' }] });
    const excess = await ledger.creditNote(invoiceId, [{ lineId: order.lineIds[0], quantity: 2 }], '2026-05-07');
    expect([excess.applied, excess.toCredit]).toEqual(['0.00', '24.00']);
    expect((await postedEntries(excess)).entries[0].lines).toEqual([line('4000', '20.00', '0.00'), line('2100', '4.00', '0.00'), line('2200', '0.00', '24.00')]);
    // Nothing reads CreditNoteIssued: one entry per note, from its posting.
    expect((await journalEntries(journals.ds, { sourceId: within.creditNoteId })).length).toBe(1);
  });

  it('filters the journal by date, account and source, ordered by date then log order', async () => {
    const g = await o2c.product(sku('G'));
    const receiptId = await o2c.receive(g, 2, '5.00');
    const { orderId, lineIds } = await o2c.confirmed([{ sku: g, quantity: 2 }]);
    const late = await ledger.invoiceOn(orderId, [{ lineId: lineIds[0], quantity: 1 }], '2024-06-02');
    const early = await ledger.invoiceOn(orderId, [{ lineId: lineIds[0], quantity: 1 }], '2024-06-01');
    await catchUp();

    const june = await journalEntries(journals.ds, { from: '2024-06-01', to: '2024-06-02' });
    expect(june.map((e) => e.sourceId)).toEqual([early, late]); // by document date, although logged the other way round
    expect(await journalEntries(journals.ds, { from: '2024-06-02', to: '2024-06-02' })).toHaveLength(1);

    const receivables = await journalEntries(journals.ds, { account: '1100', from: '2024-01-01', to: '2024-12-31' });
    expect(receivables.map((e) => e.sourceId)).toEqual([early, late]);
    expect(receivables[0].lines.map((l) => l.account)).toEqual(['1100', '4000', '2100']); // the whole entry, not only the matching line

    const all = await journalEntries(journals.ds);
    const dates = all.map((e) => `${e.date} ${e.position}`);
    expect(dates).toEqual([...dates].sort());
    expect(all.some((e) => e.sourceId === receiptId)).toBe(true);
    expect(await journalEntries(journals.ds, { limit: 2 })).toEqual(all.slice(0, 2));
    expect(await journalEntries(journals.ds, { currency: 'USD' })).toEqual(all.filter((e) => e.currency === 'USD'));
    expect(await journalEntries(journals.ds, { sourceId: 'nothing-here' })).toEqual([]);
  });

  it('sums a trial balance per currency whose totals balance, every account of the chart, cut by document date with asOf', async () => {
    const h = await o2c.product(sku('H'));
    // CHF at 1.05 EUR: the entries are in EUR, each amount converted once (net 41.79, tax 8.358 → 8.36).
    const chf = await ledger.confirmedIn('CHF', [{ sku: h, quantity: 10, unitPrice: '9.95' }], { exchangeRate: '1.05' });
    await ledger.invoiceOn(chf.orderId, [{ lineId: chf.lineIds[0], quantity: 4 }], '2020-01-10'); // CHF 39.80 + 7.96 = EUR 41.79 + 8.36 = 50.15
    await ledger.invoiceOn(chf.orderId, [{ lineId: chf.lineIds[0], quantity: 1 }], '2020-02-10'); // CHF 9.95 + 1.99 = EUR 10.45 + 2.09 = 12.54
    await catchUp();

    // Nothing else of the log is dated in 2020.
    const year = await trialBalance(journals.ds, { currency: 'EUR', asOf: '2020-12-31' });
    expect(year.accounts.map((a) => [a.code, a.name])).toEqual(CHART_OF_ACCOUNTS.map((a) => [a.code, a.name]));
    const nonZero = (tb: typeof year) => tb.accounts.filter((a) => a.debit !== '0.00' || a.credit !== '0.00');
    expect({ ...year, accounts: nonZero(year) }).toEqual({
      asOf: '2020-12-31',
      currency: 'EUR',
      accounts: [
        { code: '1100', name: 'Accounts receivable', debit: '62.69', credit: '0.00', balance: '62.69' },
        { code: '2100', name: 'Sales tax payable', debit: '0.00', credit: '10.45', balance: '-10.45' },
        { code: '4000', name: 'Sales revenue', debit: '0.00', credit: '52.24', balance: '-52.24' },
      ],
      totals: { debit: '62.69', credit: '62.69' },
    });
    const january = await trialBalance(journals.ds, { currency: 'EUR', asOf: '2020-01-31' });
    expect(nonZero(january).map((a) => [a.code, a.balance])).toEqual([
      ['1100', '50.15'],
      ['2100', '-8.36'],
      ['4000', '-41.79'],
    ]);
    expect(january.totals).toEqual({ debit: '50.15', credit: '50.15' });
    expect(await trialBalance(journals.ds, { currency: 'EUR', asOf: '2020-01-10' })).toEqual({ ...january, asOf: '2020-01-10' }); // inclusive
    const before = await trialBalance(journals.ds, { currency: 'EUR', asOf: '2019-12-31' });
    expect(nonZero(before)).toEqual([]);
    expect(before.totals).toEqual({ debit: '0.00', credit: '0.00' });
    // No entry is in CHF: the document currency is not the ledger's.
    expect(nonZero(await trialBalance(journals.ds, { currency: 'CHF' }))).toEqual([]);

    // The base currency over everything: inventory and GRNI from every EUR receipt, and the balance sums to zero.
    const eur = await trialBalance(journals.ds, { currency: 'EUR' });
    expect(eur.accounts.reduce((total, a) => total + BigInt(a.balance.replace('.', '')), 0n)).toBe(0n);
    const [{ value }] = await stock.ds.query(`SELECT sum(value)::text AS value FROM stock_levels WHERE currency = 'EUR'`);
    expect(eur.accounts.find((a) => a.code === '1200')?.balance).toBe(value);
  });

  it('keeps the chart of accounts as a table for SQL', async () => {
    expect(await journals.ds.query('SELECT code, name, kind FROM accounts ORDER BY code')).toEqual(CHART_OF_ACCOUNTS);
  });

  it('ignores every other event type, while its checkpoint passes them', async () => {
    const k = await o2c.product(sku('K'));
    await o2c.receive(k, 3, '1.00');
    const { orderId, lineIds } = await o2c.confirmed([{ sku: k, quantity: 2 }]);
    await catchUp();
    const before = await dump(journals.ds, journals.schema);
    const applied = (await readCheckpoint(journals.ds, journals.schema)).eventsApplied;

    await o2c.changeLine(orderId, lineIds[0], 3);
    await o2c.product(sku('L'));
    // CreditNoteIssued carries a note's quantities: its money posts from CreditNotePosted only.
    for (const type of ['ShipmentDelivered', 'QuoteDrafted', 'CreditNoteIssued', 'SomethingNobodyKnows']) {
      await store.append(`other-${randomUUID()}`, [{ type, data: { orderId, sku: k, quantity: 99, amount: '5.00' }, metadata: meta }], 'no_stream');
    }
    await catchUp();
    expect(await dump(journals.ds, journals.schema)).toEqual(before);
    expect((await readCheckpoint(journals.ds, journals.schema)).eventsApplied).toBe(applied + 6);
  });

  it('builds the same rows from zero as the live generation did while events kept arriving (replay equality)', async () => {
    const skus = await Promise.all(['M', 'N', 'O', 'P'].map((name) => o2c.product(sku(name))));
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const scripts = Array.from({ length: 24 }, (_, i) => async () => {
      const chosen = skus.filter((_, k) => (i + k) % 3 !== 0);
      await o2c.receive(chosen[0], 1 + random(20), `${1 + random(9)}.${random(100).toString().padStart(2, '0')}`);
      const order = await o2c.confirmed(chosen.map((s, k) => ({ sku: s, quantity: 1 + random(5) + (k === 0 ? 0.125 : 0) })));
      const shipmentId = await o2c.ship(
        order.orderId,
        order.lineIds.map((lineId) => ({ lineId, quantity: 1 })),
      );
      if (i % 4 === 1) await o2c.returnLines(order.orderId, shipmentId, [{ lineId: order.lineIds[0], quantity: 0.5 }]);
      await o2c.receive(chosen[1], 0.333 + random(7), '2.35');
      const invoiceId = await ledger.invoiceOn(order.orderId, [{ lineId: order.lineIds[1], quantity: 1 }], `2026-0${1 + (i % 9)}-1${i % 10}`);
      if (i % 4 === 2) await o2c.deliver(order.orderId, shipmentId);
      return { invoiceId, lineId: order.lineIds[1] };
    });
    const invoiced = await Promise.all(scripts.map((script) => script()));
    // Then the account of o2c's one customer (one stream: one command at a time): payments allocating all,
    // part or none, credit notes, and its credit applied, while the live generations follow.
    const customerId = (await o2c.customer()).customerId;
    for (const [i, { invoiceId, lineId }] of invoiced.entries()) {
      const { gross } = ledger.invoice(invoiceId).totals;
      if (i % 4 === 0) await ledger.pay(customerId, { amount: gross, receivedOn: '2026-10-01', allocations: [{ invoiceId, amount: gross }] });
      if (i % 4 === 1) await ledger.pay(customerId, { amount: '7.77', receivedOn: '2026-10-02', allocations: [{ invoiceId, amount: '1.01' }] });
      if (i % 4 === 2) await ledger.creditNote(invoiceId, [{ lineId, quantity: 0.5 }], '2026-10-03');
      if (i % 4 === 3) await ledger.applyCredit(invoiceId, '0.99', '2026-10-04');
    }
    await catchUp();

    const rebuilt = [
      await startGeneration(database.url, store, journalsProjection, 2, { batchSize: 500 }),
      await startGeneration(database.url, store, journalsProjection, 3, { batchSize: 7 }),
    ];
    try {
      const expected = await dump(journals.ds, journals.schema);
      expect(expected.journal_entries.length).toBeGreaterThan(100);
      for (const generation of rebuilt) {
        await generation.catchUp();
        expect(await dump(generation.ds, generation.schema)).toEqual(expected);
        expect(await trialBalance(generation.ds, { currency: 'EUR' })).toEqual(await trialBalance(journals.ds, { currency: 'EUR' }));
      }
    } finally {
      await Promise.all(rebuilt.map((g) => g.close()));
    }
  });

  it('applies a batch with a handful of statements, however many events it holds', async () => {
    await catchUp();
    const events = await store.readAll({ limit: 100_000 });
    expect(events.length).toBeGreaterThan(200);
    const schema = generationSchema('journals', 9);
    const ds = await openGeneration(database.url, journalsProjection, schema);
    const statements: string[] = [];
    try {
      await ds.transaction(async (manager) => {
        const counting = { query: (sql: string, params?: unknown[]) => (statements.push(sql), manager.query(sql, params)) } as EntityManager;
        await journalsProjection.apply(events, counting);
      });
    } finally {
      await ds.destroy();
    }
    // 2 reads (shipment lines returned to, valuations) and 1 write (entries, lines, valuations, issues in one statement).
    expect(statements.length).toBeLessThanOrEqual(3);
  });
});

describe('journals projection facing an inconsistent log', () => {
  let database: { url: string; drop: () => Promise<void> };
  let store: PostgresEventStore;

  beforeEach(async () => {
    database = await createTestDatabase('journals_poison');
    store = PostgresEventStore.fromConnectionString(database.url);
    await store.migrate();
  });
  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  async function runUntilFailed() {
    const schema = generationSchema('journals', 1);
    const ds = await openGeneration(database.url, journalsProjection, schema);
    const runner = new ProjectionRunner(store, ds, journalsProjection, schema, { batchWaitMs: 50 });
    await runner.run(new AbortController().signal); // returns by itself once failed
    return { ds, runner };
  }

  const receipt = () => store.append(`stockReceipt-${randomUUID()}`, [{ type: 'StockReceived', data: { receiptId: 'r1', sku: 'X', quantity: 2, unitCost: '1.50', currency: 'EUR' }, metadata: meta }], 'no_stream');

  it('stops at a return to a shipment line that never shipped, naming it, and keeps what came before', async () => {
    const good = (await receipt()).position;
    const orderId = randomUUID();
    const poison = (
      await store.append(`order-${orderId}`, [{ type: 'ShipmentLinesReturned', data: { orderId, shipmentId: 's1', lines: [{ lineId: 'l1', sku: 'X', quantity: 1 }] }, metadata: meta }], 'no_stream')
    ).position;
    const { ds, runner } = await runUntilFailed();
    expect(runner.current).toMatchObject({ state: 'failed', position: good, error: { position: poison, type: 'ShipmentLinesReturned', message: 'Return to shipment s1 line l1, which never shipped' } });
    expect((await journalEntries(ds)).map((e) => e.lines)).toEqual([[line('1200', '3.00', '0.00'), line('2000', '0.00', '3.00')]]);
    await ds.destroy();
  });

  it('stops at an invoice whose entry would not balance rather than write it', async () => {
    const good = (await receipt()).position;
    const orderId = randomUUID();
    const totals = { net: '10.00', tax: '2.00', gross: '12.01' };
    const poison = (
      await store.append(
        `order-${orderId}`,
        [{ type: 'InvoiceIssued', data: { orderId, invoiceId: 'i1', customerId: 'c1', currency: 'EUR', invoiceDate: '2026-01-01', dueDate: '2026-01-31', lines: [], totals }, metadata: meta }],
        'no_stream',
      )
    ).position;
    const { ds, runner } = await runUntilFailed();
    expect(runner.current).toMatchObject({ state: 'failed', position: good, error: { position: poison, type: 'InvoiceIssued' } });
    expect(runner.current.error?.message).toMatch(/does not balance: debit 12\.01, credit 12\.00 EUR/);
    expect(await journalEntries(ds, { sourceId: 'i1' })).toEqual([]);
    await ds.destroy();
  });

  it('stops at a payment whose amounts do not add up rather than post it', async () => {
    const good = (await receipt()).position;
    const customerId = randomUUID();
    const payment = {
      paymentId: 'p1',
      customerId,
      amount: '10.00',
      currency: 'USD',
      receivedOn: '2026-01-05',
      exchangeRate: '0.9',
      baseCurrency: 'EUR',
      baseAmount: '9.00',
      allocations: [{ invoiceId: 'i1', amount: '10.00', baseAmount: '8.00' }],
      unallocated: '0.00',
      unallocatedBase: '0.00',
      exchangeDifference: '0.50', // 9.00 − 8.00 is 1.00
    };
    const poison = (await store.append(customerAccountStream(customerId), [{ type: 'PaymentReceived', data: payment, metadata: meta }], 'no_stream')).position;
    const { ds, runner } = await runUntilFailed();
    expect(runner.current).toMatchObject({ state: 'failed', position: good, error: { position: poison, type: 'PaymentReceived' } });
    expect(runner.current.error?.message).toMatch(/payment p1\) does not balance: debit 9\.00, credit 8\.50 EUR/);
    await ds.destroy();
  });
});
