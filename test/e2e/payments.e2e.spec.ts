import { randomUUID } from 'node:crypto';
import { logSize } from '../support/log-size';
import { TestApp, startTestApp } from '../support/test-app';
import { expectProblem } from '../support/expect-problem';

/** api.md "Invoices, payments, credit notes" and the receivables endpoints, over HTTP on the real app. */
describe('payments, unapplied credit and invoice status over HTTP', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await t.http().post('/v1/products').send({ sku: 'PAY-SVC', name: 'Consulting day', kind: 'service', unitPrice: '100.00', taxRate: '0.20' }).expect(201);
  });
  afterAll(() => t.close());

  const newCustomer = async (body: Record<string, unknown> = {}) => (await t.http().post('/v1/customers').send({ name: 'Payer', ...body }).expect(201)).body.id as string;

  /** A confirmed order of `quantity` consulting days (120.00 gross each) and invoices of the given days. */
  async function invoiced(customerId: string, ...days: number[]): Promise<{ orderId: string; lineId: string; invoices: { id: string; number: string; position: string }[] }> {
    const order = (await t.http().post('/v1/orders').send({ customerId, lines: [{ sku: 'PAY-SVC', quantity: 20 }] }).expect(201)).body;
    await t.http().post(`/v1/orders/${order.id}/confirm`).send({}).expect(200);
    const lineId = order.lines[0].lineId as string;
    const invoices = [];
    for (const quantity of days) {
      invoices.push((await t.http().post(`/v1/orders/${order.id}/invoices`).send({ lines: [{ lineId, quantity }] }).expect(201)).body);
    }
    return { orderId: order.id, lineId, invoices };
  }

  const invoice = async (id: string) => (await t.http().get(`/v1/invoices/${id}`).expect(200)).body;

  it('allocates partly, keeps the rest as unapplied credit, applies it later, and reads every step back', async () => {
    const customerId = await newCustomer();
    const { invoices } = await invoiced(customerId, 2, 1);
    const [a, b] = invoices;
    expect(await invoice(a.id)).toMatchObject({ totals: { gross: '240.00' }, paid: '0.00', outstanding: '240.00', status: 'open', overdue: false });

    const payment = await t.http().post('/v1/payments').send({ customerId, amount: '300', allocations: [{ invoiceId: a.id, amount: '100.00' }] }).expect(201);
    expect(payment.body).toMatchObject({ id: expect.any(String), customerId, amount: '300.00', currency: 'EUR', allocated: '100.00', unallocated: '200.00', position: expect.any(String) });
    expect(await invoice(a.id)).toMatchObject({ paid: '100.00', outstanding: '140.00', status: 'partially_paid' });

    const applied = await t.http().post(`/v1/customers/${customerId}/apply-credit`).send({ invoiceId: a.id, amount: '140.00' }).expect(200);
    expect(applied.body).toMatchObject({ customerId, invoiceId: a.id, amount: '140.00', currency: 'EUR', unappliedCredit: '60.00' });
    expect(await invoice(a.id)).toMatchObject({ paid: '240.00', outstanding: '0.00', status: 'paid' });
    expect(await invoice(b.id)).toMatchObject({ status: 'open', outstanding: '120.00' });

    // A payment with no allocations is all credit.
    const advance = await t.http().post('/v1/payments').send({ customerId, amount: '50.00' }).expect(201);
    expect(advance.body).toMatchObject({ allocated: '0.00', unallocated: '50.00', allocations: [] });

    const read = await t.http().get(`/v1/receivables/customers/${customerId}`).query({ after: advance.body.position }).expect(200);
    expect(read.body).toMatchObject({ customerId, currency: 'EUR', balance: '120.00', unappliedCredit: '110.00' });
    expect(read.body.openInvoices).toEqual([expect.objectContaining({ invoiceId: b.id, outstanding: '120.00', status: 'open' })]);

    // The payment's journal entry: Dr 1000 cash / Cr 1100 allocated, Cr 2200 unallocated.
    const journal = await t.http().get('/v1/journals').query({ sourceId: payment.body.id, after: advance.body.position }).expect(200);
    expect(journal.body).toEqual([
      expect.objectContaining({
        sourceType: 'payment',
        sourceId: payment.body.id,
        lines: expect.arrayContaining([
          expect.objectContaining({ account: '1000', debit: '300.00' }),
          expect.objectContaining({ account: '1100', credit: '100.00' }),
          expect.objectContaining({ account: '2200', credit: '200.00' }),
        ]),
      }),
    ]);
    const application = await t.http().get('/v1/journals').query({ sourceId: applied.body.id, after: advance.body.position }).expect(200);
    expect(application.body).toEqual([
      expect.objectContaining({
        sourceType: 'advance_application',
        lines: expect.arrayContaining([expect.objectContaining({ account: '2200', debit: '140.00' }), expect.objectContaining({ account: '1100', credit: '140.00' })]),
      }),
    ]);
  });

  it('refuses bad payments with a clear problem and writes nothing', async () => {
    const customerId = await newCustomer();
    const other = await newCustomer({ name: 'Someone else' });
    const { invoices } = await invoiced(customerId, 1);
    const [mine] = invoices;
    const theirs = (await invoiced(other, 1)).invoices[0];
    const dollars = await newCustomer({ name: 'Dollar Inc', currency: 'USD' });
    const before = await logSize(t.databaseUrl);

    const pay = (body: Record<string, unknown>) => t.http().post('/v1/payments').send({ customerId, ...body });
    for (const amount of ['-5.00', 'ten', '1.234', '0', '0.00']) expectProblem(await pay({ amount }), 400, 'VALIDATION_FAILED');
    expectProblem(await pay({ amount: '10.00', surprise: true }), 400, 'VALIDATION_FAILED');
    expectProblem(await pay({ amount: '10.00', allocations: [{ invoiceId: mine.id, amount: '5.00' }, { invoiceId: mine.id, amount: '5.00' }] }), 400, 'VALIDATION_FAILED');
    expectProblem(await pay({ amount: '10.00', exchangeRate: '1.2' }), 400, 'VALIDATION_FAILED');
    expectProblem(await pay({ amount: '10.00', receivedOn: '2026-02-30' }), 400, 'VALIDATION_FAILED');
    expectProblem(await t.http().post('/v1/payments').send({ customerId: randomUUID(), amount: '10.00' }), 404, 'CUSTOMER_NOT_FOUND');
    expectProblem(await pay({ amount: '10.00', allocations: [{ invoiceId: randomUUID(), amount: '5.00' }] }), 404, 'INVOICE_NOT_FOUND');

    const over = await pay({ amount: '500.00', allocations: [{ invoiceId: mine.id, amount: '120.01' }] });
    expectProblem(over, 409, 'OVER_ALLOCATION');
    expect(over.body).toMatchObject({ invoiceId: mine.id, outstanding: '120.00', requested: '120.01' });
    expectProblem(await pay({ amount: '50.00', allocations: [{ invoiceId: mine.id, amount: '60.00' }] }), 409, 'ALLOCATIONS_EXCEED_PAYMENT');
    expectProblem(await pay({ amount: '50.00', allocations: [{ invoiceId: theirs.id, amount: '50.00' }] }), 409, 'INVOICE_OF_OTHER_CUSTOMER');
    expectProblem(await pay({ amount: '50.00', currency: 'USD', exchangeRate: '0.9', allocations: [{ invoiceId: mine.id, amount: '50.00' }] }), 409, 'CURRENCY_MISMATCH');
    expectProblem(await t.http().post('/v1/payments').send({ customerId: dollars, amount: '50.00' }), 409, 'EXCHANGE_RATE_REQUIRED');

    const apply = (body: Record<string, unknown>) => t.http().post(`/v1/customers/${customerId}/apply-credit`).send(body);
    const short = await apply({ invoiceId: mine.id, amount: '10.00' });
    expectProblem(short, 409, 'INSUFFICIENT_CREDIT');
    expect(short.body).toMatchObject({ currency: 'EUR', available: '0.00', requested: '10.00' });
    expectProblem(await apply({ invoiceId: randomUUID(), amount: '10.00' }), 404, 'INVOICE_NOT_FOUND');
    expectProblem(await apply({ invoiceId: mine.id }), 400, 'VALIDATION_FAILED');
    expectProblem(await t.http().post(`/v1/customers/${randomUUID()}/apply-credit`).send({ invoiceId: mine.id, amount: '1.00' }), 404, 'CUSTOMER_NOT_FOUND');

    expect(await logSize(t.databaseUrl)).toBe(before);
  });

  it('never allocates more than an invoice’s gross when payments race for it', async () => {
    const customerId = await newCustomer();
    const [target] = (await invoiced(customerId, 1)).invoices; // 120.00
    const results = await Promise.all(
      Array.from({ length: 15 }, () => t.http().post('/v1/payments').send({ customerId, amount: '10.00', allocations: [{ invoiceId: target.id, amount: '10.00' }] })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(12);
    for (const refused of results.filter((r) => r.status !== 201)) expectProblem(refused, 409, 'OVER_ALLOCATION');
    expect(await invoice(target.id)).toMatchObject({ paid: '120.00', outstanding: '0.00', status: 'paid' });
  });

  it('ages what was owed as of a date: a payment counts from the day it was received', async () => {
    const customerId = await newCustomer({ paymentTermsDays: 10 });
    const order = (await t.http().post('/v1/orders').send({ customerId, lines: [{ sku: 'PAY-SVC', quantity: 5 }] }).expect(201)).body;
    await t.http().post(`/v1/orders/${order.id}/confirm`).send({}).expect(200);
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    // Invoiced 50 days ago (due 40 days ago), half paid 5 days ago.
    const invoice = (await t.http().post(`/v1/orders/${order.id}/invoices`).send({ lines: [{ lineId: order.lines[0].lineId, quantity: 2 }], invoiceDate: day(-50) }).expect(201)).body;
    const payment = (await t.http().post('/v1/payments').send({ customerId, amount: '120.00', receivedOn: day(-5), allocations: [{ invoiceId: invoice.id, amount: '120.00' }] }).expect(201)).body;
    const rowOf = async (asOf: string) =>
      (await t.http().get('/v1/receivables/aging').query({ asOf, after: payment.position }).expect(200)).body.rows.find((r: { customerId: string }) => r.customerId === customerId);
    expect(await rowOf(day(-10))).toMatchObject({ d1_30: '240.00', total: '240.00' });
    expect(await rowOf(day(0))).toMatchObject({ d31_60: '120.00', total: '120.00' });
    expect((await t.http().get(`/v1/receivables/customers/${customerId}`).query({ after: payment.position }).expect(200)).body.openInvoices).toEqual([
      expect.objectContaining({ invoiceId: invoice.id, outstanding: '120.00', status: 'partially_paid', daysOverdue: expect.any(Number) }),
    ]);
  });

  it('documents the cash endpoints in the OpenAPI document', async () => {
    const { paths } = (await t.http().get('/v1/openapi.json').expect(200)).body;
    expect(Object.keys(paths['/v1/payments']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(paths['/v1/customers/{id}/apply-credit'])).toEqual(['post']);
    expect(Object.keys(paths['/v1/invoices/{id}/credit-notes'])).toEqual(['post']);
    expect(Object.keys(paths['/v1/invoices/{id}'])).toEqual(['get']);
    expect(Object.keys(paths['/v1/credit-notes/{id}'])).toEqual(['get']);
  });

  it('replays a payment retried with the same Idempotency-Key', async () => {
    const customerId = await newCustomer();
    const key = randomUUID();
    const first = await t.http().post('/v1/payments').set('Idempotency-Key', key).send({ customerId, amount: '25.00' }).expect(201);
    const before = await logSize(t.databaseUrl);
    const again = await t.http().post('/v1/payments').set('Idempotency-Key', key).send({ customerId, amount: '25.00' }).expect(201);
    expect(again.body).toEqual(first.body);
    expect(await logSize(t.databaseUrl)).toBe(before);
  });
});

describe('credit notes over HTTP', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await t.http().post('/v1/products').send({ sku: 'CN-WIDGET', name: 'Widget', kind: 'stocked', unitPrice: '10.00', taxRate: '0.20', unitCost: '4.00' }).expect(201);
    await t.http().post('/v1/stock/receipts').send({ sku: 'CN-WIDGET', quantity: 100, unitCost: '4.00' }).expect(201);
  });
  afterAll(() => t.close());

  async function invoicedOrder(quantity: number, invoiceQuantity: number) {
    const customerId = (await t.http().post('/v1/customers').send({ name: 'Credited' }).expect(201)).body.id;
    const order = (await t.http().post('/v1/orders').send({ customerId, lines: [{ sku: 'CN-WIDGET', quantity }] }).expect(201)).body;
    await t.http().post(`/v1/orders/${order.id}/confirm`).send({}).expect(200);
    const lineId = order.lines[0].lineId as string;
    const invoice = (await t.http().post(`/v1/orders/${order.id}/invoices`).send({ lines: [{ lineId, quantity: invoiceQuantity }] }).expect(201)).body;
    return { customerId, orderId: order.id as string, lineId, invoice };
  }

  const orderLine = async (orderId: string) => (await t.http().get(`/v1/orders/${orderId}`).expect(200)).body.lines[0];

  it('credits part of an invoice without reopening billing: the line stays invoiced and cannot be invoiced again', async () => {
    const { orderId, lineId, invoice } = await invoicedOrder(5, 5);
    const year = new Date().toISOString().slice(0, 4);
    const note = await t.http().post(`/v1/invoices/${invoice.id}/credit-notes`).send({ lines: [{ lineId, quantity: 2 }], reason: 'damaged in transit' }).expect(201);
    expect(note.body).toMatchObject({
      id: expect.any(String),
      number: expect.stringMatching(new RegExp(`^CN-${year}-\\d{6}$`)),
      invoiceId: invoice.id,
      reopenBilling: false,
      lines: [expect.objectContaining({ lineId, quantity: 2, net: '20.00', tax: '4.00', gross: '24.00' })],
      totals: { net: '20.00', tax: '4.00', gross: '24.00' },
      applied: '24.00',
      toCredit: '0.00',
      position: expect.any(String),
    });
    expect(await orderLine(orderId)).toMatchObject({ invoicedQuantity: 5, creditedQuantity: 2 });
    expect((await t.http().get(`/v1/invoices/${invoice.id}`).expect(200)).body).toMatchObject({ credited: '24.00', outstanding: '36.00', status: 'open' });
    expectProblem(await t.http().post(`/v1/orders/${orderId}/invoices`).send({ lines: [{ lineId, quantity: 1 }] }), 409, 'OVER_INVOICE');
    expect((await t.http().get(`/v1/credit-notes/${note.body.id}`).expect(200)).body).toMatchObject({ id: note.body.id, number: note.body.number, applied: '24.00' });

    // The ledger: Dr 4000 net, Dr 2100 tax / Cr 1100 gross.
    const entries = await t.http().get('/v1/journals').query({ sourceId: note.body.id, after: note.body.position }).expect(200);
    expect(entries.body).toEqual([
      expect.objectContaining({
        sourceType: 'credit_note',
        lines: expect.arrayContaining([
          expect.objectContaining({ account: '4000', debit: '20.00' }),
          expect.objectContaining({ account: '2100', debit: '4.00' }),
          expect.objectContaining({ account: '1100', credit: '24.00' }),
        ]),
      }),
    ]);
  });

  it('reopens billing when asked: the credited quantity can be invoiced again', async () => {
    const { orderId, lineId, invoice } = await invoicedOrder(5, 5);
    await t.http().post(`/v1/invoices/${invoice.id}/credit-notes`).send({ lines: [{ lineId, quantity: 2 }], reason: 'wrong price', reopenBilling: true }).expect(201);
    expect(await orderLine(orderId)).toMatchObject({ invoicedQuantity: 3, creditedQuantity: 0 });
    await t.http().post(`/v1/orders/${orderId}/invoices`).send({ lines: [{ lineId, quantity: 2 }] }).expect(201);
    expectProblem(await t.http().post(`/v1/orders/${orderId}/invoices`).send({ lines: [{ lineId, quantity: 1 }] }), 409, 'OVER_INVOICE');
  });

  it('numbers credit notes without gaps and turns a credit on a paid invoice into unapplied credit', async () => {
    const { customerId, lineId, invoice } = await invoicedOrder(3, 3);
    await t.http().post('/v1/payments').send({ customerId, amount: '36.00', allocations: [{ invoiceId: invoice.id, amount: '36.00' }] }).expect(201);
    const first = (await t.http().post(`/v1/invoices/${invoice.id}/credit-notes`).send({ lines: [{ lineId, quantity: 1 }], reason: 'goodwill' }).expect(201)).body;
    const second = (await t.http().post(`/v1/invoices/${invoice.id}/credit-notes`).send({ lines: [{ lineId, quantity: 1 }], reason: 'goodwill' }).expect(201)).body;
    expect(Number(second.number.slice(-6))).toBe(Number(first.number.slice(-6)) + 1);
    expect(first).toMatchObject({ applied: '0.00', toCredit: '12.00' });
    const read = await t.http().get(`/v1/receivables/customers/${customerId}`).query({ after: second.position }).expect(200);
    expect(read.body).toMatchObject({ balance: '0.00', unappliedCredit: '24.00', openInvoices: [] });
  });

  it('caps invoicing at shipped quantities when the customer’s invoice policy is "delivered"', async () => {
    const customerId = (await t.http().post('/v1/customers').send({ name: 'Pays on delivery', invoicePolicy: 'delivered' }).expect(201)).body.id;
    const order = (await t.http().post('/v1/orders').send({ customerId, lines: [{ sku: 'CN-WIDGET', quantity: 4 }] }).expect(201)).body;
    await t.http().post(`/v1/orders/${order.id}/confirm`).send({}).expect(200);
    const lineId = order.lines[0].lineId;
    const early = await t.http().post(`/v1/orders/${order.id}/invoices`).send({ lines: [{ lineId, quantity: 1 }] });
    expectProblem(early, 409, 'OVER_INVOICE');
    expect(early.body).toMatchObject({ basis: 'shipped', limit: 0 });
    await t.http().post(`/v1/orders/${order.id}/shipments`).send({ lines: [{ lineId, quantity: 3 }] }).expect(201);
    await t.http().post(`/v1/orders/${order.id}/invoices`).send({ lines: [{ lineId, quantity: 3 }] }).expect(201);
  });

  it('refuses a credit beyond what was invoiced and not yet credited, and bad input, writing nothing', async () => {
    const { lineId, invoice } = await invoicedOrder(5, 2);
    await t.http().post(`/v1/invoices/${invoice.id}/credit-notes`).send({ lines: [{ lineId, quantity: 1 }], reason: 'short' }).expect(201);
    const before = await logSize(t.databaseUrl);
    const credit = (body: Record<string, unknown>, id = invoice.id) => t.http().post(`/v1/invoices/${id}/credit-notes`).send(body);
    const over = await credit({ lines: [{ lineId, quantity: 1.5 }], reason: 'too much' });
    expectProblem(over, 409, 'OVER_CREDIT');
    expect(over.body).toMatchObject({ lineId, invoiced: 2, credited: 1, requested: 1.5 });
    expectProblem(await credit({ lines: [{ lineId, quantity: 1 }] }), 400, 'VALIDATION_FAILED');
    expectProblem(await credit({ lines: [], reason: 'nothing' }), 400, 'VALIDATION_FAILED');
    expectProblem(await credit({ lines: [{ lineId, quantity: 0 }], reason: 'zero' }), 400, 'VALIDATION_FAILED');
    expectProblem(await credit({ lines: [{ lineId: randomUUID(), quantity: 1 }], reason: 'which line' }), 404, 'LINE_NOT_FOUND');
    expectProblem(await credit({ lines: [{ lineId, quantity: 1 }], reason: 'nobody' }, randomUUID()), 404, 'INVOICE_NOT_FOUND');
    expectProblem(await t.http().get(`/v1/credit-notes/${randomUUID()}`), 404, 'CREDIT_NOTE_NOT_FOUND');
    expect(await logSize(t.databaseUrl)).toBe(before);
  });
});

describe('credit limit at confirmation over HTTP', () => {
  let t: TestApp;
  const keys = { admin: 'admin-key', sales: 'sales-key', boss: 'boss-key', accounting: 'acct-key' };
  const as = (key: string) => ({
    post: (path: string) => t.http().post(path).set('Authorization', `Bearer ${key}`),
    get: (path: string) => t.http().get(path).set('Authorization', `Bearer ${key}`),
  });

  beforeAll(async () => {
    t = await startTestApp({ API_KEYS: `${keys.admin}:admin,${keys.sales}:sales,${keys.boss}:sales+credit-override,${keys.accounting}:accounting` });
    await as(keys.admin).post('/v1/products').send({ sku: 'CL-SVC', name: 'Service', kind: 'service', unitPrice: '250.00', taxRate: '0.20' }).expect(201);
  });
  afterAll(() => t.close());

  /** A sent order of `quantity` × 300.00 gross. */
  async function order(customerId: string, quantity: number): Promise<string> {
    return (await as(keys.sales).post('/v1/orders').send({ customerId, lines: [{ sku: 'CL-SVC', quantity }] }).expect(201)).body.id;
  }

  it('refuses a confirmation past the limit with the breakdown, unless someone with the right overrides it', async () => {
    const customerId = (await as(keys.sales).post('/v1/customers').send({ name: 'Limited', creditLimit: '1000.00' }).expect(201)).body.id;
    const first = await order(customerId, 2); // 600.00
    await as(keys.sales).post(`/v1/orders/${first}/confirm`).send({}).expect(200);

    const second = await order(customerId, 2); // 600.00 more: 1,200.00 > 1,000.00
    const before = await logSize(t.databaseUrl);
    const refused = await as(keys.sales).post(`/v1/orders/${second}/confirm`).send({});
    expectProblem(refused, 409, 'CREDIT_LIMIT_EXCEEDED');
    expect(refused.body).toMatchObject({ currency: 'EUR', limit: '1000.00', openReceivables: '0.00', openOrders: '600.00', thisOrder: '600.00', exposure: '1200.00', excess: '200.00' });
    expectProblem(await as(keys.sales).post(`/v1/orders/${second}/confirm`).send({ overrideCreditLimit: true }), 403, 'CREDIT_OVERRIDE_FORBIDDEN');
    expect(await logSize(t.databaseUrl)).toBe(before);

    const overridden = await as(keys.boss).post(`/v1/orders/${second}/confirm`).send({ overrideCreditLimit: true, reason: 'long-standing customer' }).expect(200);
    expect(overridden.body.status).toBe('confirmed');
    const history = (await as(keys.boss).get(`/v1/orders/${second}/history`).expect(200)).body;
    const confirmed = history.find((e: { type: string }) => e.type === 'OrderConfirmed');
    expect(confirmed.data.creditCheck).toMatchObject({ exceeded: true, exposure: '1200.00', override: { by: expect.stringMatching(/^apikey:sales:/), reason: 'long-standing customer' } });
  });

  it('counts invoices until they are paid, and frees the limit as payments come in', async () => {
    const customerId = (await as(keys.sales).post('/v1/customers').send({ name: 'Paying', creditLimit: '700.00' }).expect(201)).body.id;
    const first = await order(customerId, 2); // 600.00
    const confirmed = (await as(keys.sales).post(`/v1/orders/${first}/confirm`).send({}).expect(200)).body;
    const invoice = (await as(keys.accounting).post(`/v1/orders/${first}/invoices`).send({ lines: [{ lineId: confirmed.lines[0].lineId, quantity: 2 }] }).expect(201)).body;

    const second = await order(customerId, 1); // 300.00: 600 receivable + 300 > 700
    const refused = await as(keys.sales).post(`/v1/orders/${second}/confirm`).send({});
    expectProblem(refused, 409, 'CREDIT_LIMIT_EXCEEDED');
    expect(refused.body).toMatchObject({ openReceivables: '600.00', openOrders: '0.00', thisOrder: '300.00' });

    await as(keys.accounting).post('/v1/payments').send({ customerId, amount: '600.00', allocations: [{ invoiceId: invoice.id, amount: '600.00' }] }).expect(201);
    const ok = await as(keys.sales).post(`/v1/orders/${second}/confirm`).send({}).expect(200);
    const history = (await as(keys.sales).get(`/v1/orders/${second}/history`).expect(200)).body;
    expect(history.find((e: { type: string }) => e.type === 'OrderConfirmed').data.creditCheck).toMatchObject({ exceeded: false, openReceivables: '0.00', thisOrder: '300.00', override: null });
    expect(ok.body.status).toBe('confirmed');
  });

  it('lets the accounting role pay but not confirm, and the auditor read but not pay', async () => {
    const customerId = (await as(keys.sales).post('/v1/customers').send({ name: 'Roles' }).expect(201)).body.id;
    expectProblem(await as(keys.sales).post('/v1/payments').send({ customerId, amount: '1.00' }), 403, 'FORBIDDEN');
    await as(keys.accounting).post('/v1/payments').send({ customerId, amount: '1.00' }).expect(201);
  });
});

describe('foreign currency documents over HTTP', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ BASE_CURRENCY: 'EUR' });
    await t.http().post('/v1/products').send({ sku: 'FX-SVC', name: 'Service', kind: 'service', unitPrice: '100.00', taxRate: '0.20' }).expect(201);
  });
  afterAll(() => t.close());

  it('posts a USD invoice and its payment in EUR, with the rate difference on 7900', async () => {
    const customerId = (await t.http().post('/v1/customers').send({ name: 'Dollar Inc', currency: 'USD' }).expect(201)).body.id;
    const draft = (await t.http().post('/v1/orders').send({ customerId, lines: [{ sku: 'FX-SVC', quantity: 1, unitPrice: '1000.00' }] }).expect(201)).body;
    expect(draft.currency).toBe('USD');
    expectProblem(await t.http().post(`/v1/orders/${draft.id}/confirm`).send({}), 409, 'EXCHANGE_RATE_REQUIRED');
    await t.http().patch(`/v1/orders/${draft.id}`).send({ exchangeRate: '0.9' }).expect(200);
    const order = (await t.http().post(`/v1/orders/${draft.id}/confirm`).send({}).expect(200)).body;

    // Invoiced at 0.90: gross 1,200.00 USD = 1,080.00 EUR.
    const invoice = (await t.http().post(`/v1/orders/${order.id}/invoices`).send({ lines: [{ lineId: order.lines[0].lineId, quantity: 1 }] }).expect(201)).body;
    expect(invoice).toMatchObject({ currency: 'USD', exchangeRate: '0.9', baseCurrency: 'EUR', totals: { gross: '1200.00' }, baseTotals: { net: '900.00', tax: '180.00', gross: '1080.00' } });

    // Paid at 0.95: 1,140.00 EUR in the bank for 1,080.00 EUR of receivable: a 60.00 gain.
    const payment = (await t.http().post('/v1/payments').send({ customerId, amount: '1200.00', exchangeRate: '0.95', allocations: [{ invoiceId: invoice.id, amount: '1200.00' }] }).expect(201)).body;
    expect(payment).toMatchObject({ currency: 'USD', baseAmount: '1140.00', exchangeDifference: '60.00', unallocated: '0.00' });

    const entries = (await t.http().get('/v1/journals').query({ sourceId: payment.id, after: payment.position }).expect(200)).body;
    expect(entries).toEqual([
      expect.objectContaining({
        lines: expect.arrayContaining([
          expect.objectContaining({ account: '1000', debit: '1140.00' }),
          expect.objectContaining({ account: '1100', credit: '1080.00' }),
          expect.objectContaining({ account: '7900', credit: '60.00' }),
        ]),
      }),
    ]);
    const invoiceEntries = (await t.http().get('/v1/journals').query({ sourceId: invoice.id, after: payment.position }).expect(200)).body;
    expect(invoiceEntries[0].lines).toEqual(
      expect.arrayContaining([expect.objectContaining({ account: '1100', debit: '1080.00' }), expect.objectContaining({ account: '4000', credit: '900.00' })]),
    );
    const trial = (await t.http().get('/v1/reports/trial-balance').query({ after: payment.position }).expect(200)).body;
    expect(trial.totals.debit).toBe(trial.totals.credit);
    expect(trial.accounts.find((a: { code: string }) => a.code === '1100')).toMatchObject({ balance: '0.00' });
  });
});
