import { randomUUID } from 'node:crypto';
import { addDays } from '@ledgerline/domain/sales-order/decide';
import { TestApp, startTestApp } from '../support/test-app';
import { expectProblem } from '../support/expect-problem';

const todayUtc = () => new Date().toISOString().slice(0, 10);
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/** api.md "Read models": a customer's receivables and the aging report, over HTTP on the real app. */
describe('receivables over HTTP', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await t.http().post('/v1/products').send({ sku: 'RCV-SVC', name: 'Consulting', kind: 'service', unitPrice: '100.00', taxRate: '0.20' }).expect(201);
  });
  afterAll(() => t.close());

  /** A confirmed order of 10 × RCV-SVC for the customer. */
  async function confirmedOrder(customerId: string): Promise<{ id: string; lineId: string }> {
    const order = (await t.http().post('/v1/orders').send({ customerId, lines: [{ sku: 'RCV-SVC', quantity: 10 }] }).expect(201)).body;
    await t.http().post(`/v1/orders/${order.id}/confirm`).send({}).expect(200);
    return { id: order.id, lineId: order.lines[0].lineId };
  }

  it('shows an invoiced customer’s balance and open invoices, and ages them, reading its own writes', async () => {
    const customerId = (await t.http().post('/v1/customers').send({ name: 'Owes Us', paymentTermsDays: 30 }).expect(201)).body.id;
    const order = await confirmedOrder(customerId);
    // Dated 45 days ago: due 15 days ago. Then a newer one, not yet due.
    const today = todayUtc();
    const oldDate = addDays(today, -45);
    const old = (await t.http().post(`/v1/orders/${order.id}/invoices`).send({ lines: [{ lineId: order.lineId, quantity: 2 }], invoiceDate: oldDate }).expect(201)).body;
    const recent = (await t.http().post(`/v1/orders/${order.id}/invoices`).send({ lines: [{ lineId: order.lineId, quantity: 1 }], invoiceDate: today }).expect(201)).body;
    expect([old.totals.gross, recent.totals.gross]).toEqual(['240.00', '120.00']);

    const read = await t.http().get(`/v1/receivables/customers/${customerId}`).query({ after: recent.position }).expect(200);
    expect(read.body).toMatchObject({ customerId, currency: 'EUR', balance: '360.00', unappliedCredit: '0.00' });
    expect(read.body.openInvoices.map((i: { invoiceId: string }) => i.invoiceId)).toEqual([old.id, recent.id]);
    // The number follows the invoice in its own event (ADR 0005): at the invoice's position it may not be applied yet.
    expect([null, old.number]).toContain(read.body.openInvoices[0].number);
    // Once a later position is applied, it is.
    const later = (await t.http().post('/v1/customers').send({ name: 'Marker' }).expect(201)).body.position;
    const numbered = await t.http().get(`/v1/receivables/customers/${customerId}`).query({ after: later }).expect(200);
    const overdue = [daysBetween(old.dueDate, today), daysBetween(old.dueDate, todayUtc())];
    expect(numbered.body.openInvoices[0]).toMatchObject({ invoiceId: old.id, number: old.number, dueDate: addDays(oldDate, 30), outstanding: '240.00', status: 'open' });
    expect(overdue).toContain(numbered.body.openInvoices[0].daysOverdue);
    expect(numbered.body.openInvoices[1]).toMatchObject({ invoiceId: recent.id, number: recent.number, outstanding: '120.00', daysOverdue: 0 });
    expect(numbered.body.balances).toEqual([
      { currency: 'EUR', balance: '360.00', unappliedCredit: '0.00', invoiceCount: 2, openInvoiceCount: 2, baseCurrency: 'EUR', balanceBase: '360.00', unappliedCreditBase: '0.00' },
    ]);

    // Today: the old invoice is 15 days past due, the new one current.
    const report = await t.http().get('/v1/receivables/aging').query({ asOf: today, after: later }).expect(200);
    expect(report.body.asOf).toBe(today);
    expect(report.body.rows.find((r: { customerId: string }) => r.customerId === customerId)).toEqual({
      customerId,
      currency: 'EUR',
      current: '120.00',
      d1_30: '240.00',
      d31_60: '0.00',
      d61_90: '0.00',
      d90_plus: '0.00',
      total: '360.00',
    });
    expect(report.body.totals).toEqual([expect.objectContaining({ currency: 'EUR', total: expect.stringMatching(/^\d+\.\d{2}$/) })]);
    // 31 days later both have moved on; before the old invoice's date, neither is in the report.
    const monthLater = await t.http().get('/v1/receivables/aging').query({ asOf: addDays(today, 31), after: later }).expect(200);
    expect(monthLater.body.rows.find((r: { customerId: string }) => r.customerId === customerId)).toMatchObject({ current: '0.00', d1_30: '120.00', d31_60: '240.00', total: '360.00' });
    const before = await t.http().get('/v1/receivables/aging').query({ asOf: addDays(oldDate, -1), after: later }).expect(200);
    expect(before.body.rows.find((r: { customerId: string }) => r.customerId === customerId)).toBeUndefined();
    // Without asOf: today (UTC).
    const byDefault = await t.http().get('/v1/receivables/aging').expect(200);
    expect([today, todayUtc()]).toContain(byDefault.body.asOf);
  });

  it('answers zeros in its own currency for a customer never invoiced, and 404 for no customer', async () => {
    const yen = (await t.http().post('/v1/customers').send({ name: 'Yen', currency: 'JPY' }).expect(201)).body;
    const read = await t.http().get(`/v1/receivables/customers/${yen.id}`).query({ after: yen.position }).expect(200);
    expect(read.body).toEqual({
      customerId: yen.id,
      currency: 'JPY',
      balance: '0',
      unappliedCredit: '0',
      baseCurrency: 'EUR',
      balanceBase: '0.00',
      unappliedCreditBase: '0.00',
      openInvoices: [],
      balances: [],
    });

    expectProblem(await t.http().get(`/v1/receivables/customers/${randomUUID()}`), 404, 'CUSTOMER_NOT_FOUND');
    expectProblem(await t.http().get('/v1/receivables/customers/not-an-id'), 404, 'CUSTOMER_NOT_FOUND');
  });

  it('refuses a bad asOf, an unknown parameter and a malformed position with 400', async () => {
    for (const asOf of ['yesterday', '2026-02-30', '2026-13-01', '23.11.2026', '2026-11-23T10:00:00Z', '']) {
      const res = await t.http().get('/v1/receivables/aging').query({ asOf });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.body.errors).toEqual([{ field: 'asOf', message: expect.any(String) }]);
    }
    await t.http().get('/v1/receivables/aging').query({ asOf: '2024-02-29' }).expect(200);
    expectProblem(await t.http().get('/v1/receivables/aging').query({ asof: '2026-01-01' }), 400, 'VALIDATION_FAILED');
    const customerId = (await t.http().post('/v1/customers').send({ name: 'Asked' }).expect(201)).body.id;
    expectProblem(await t.http().get(`/v1/receivables/customers/${customerId}`).query({ today: '2026-01-01' }), 400, 'VALIDATION_FAILED');
    expectProblem(await t.http().get('/v1/receivables/aging').query({ after: 'yesterday' }), 400, 'INVALID_POSITION');
    expectProblem(await t.http().get(`/v1/receivables/customers/${customerId}`).query({ after: 'yesterday' }), 400, 'INVALID_POSITION');
  });

  it('documents both endpoints in the OpenAPI document', async () => {
    const { paths } = (await t.http().get('/v1/openapi.json').expect(200)).body;
    expect(Object.keys(paths['/v1/receivables/customers/{id}'])).toEqual(['get']);
    const agingParameters = paths['/v1/receivables/aging'].get.parameters.map((p: { name: string }) => p.name);
    expect(agingParameters).toEqual(expect.arrayContaining(['asOf', 'after']));
  });
});
