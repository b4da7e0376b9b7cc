import { expectProblem } from '../support/expect-problem';
import { TestApp, startTestApp } from '../support/test-app';

/** api.md part two "Lists and search": invoices, credit notes and payments found by customer, status, number and date. */
describe('invoice, credit note and payment lists over HTTP', () => {
  let t: TestApp;
  let customerId: string;
  let otherId: string;
  const invoices: { id: string; number: string; lineId: string; date: string }[] = [];
  let last = '';
  const admin = { authorization: 'Bearer admin-key' };
  const accounting = { authorization: 'Bearer acc-key' };

  async function invoiced(customer: string, invoiceDate: string): Promise<{ id: string; number: string; lineId: string; date: string }> {
    const order = (await t.http().post('/v1/orders').set(admin).send({ customerId: customer, lines: [{ sku: 'BL-DAY', quantity: 1 }] }).expect(201)).body;
    await t.http().post(`/v1/orders/${order.id}/confirm`).set(admin).send({}).expect(200);
    const lineId = order.lines[0].lineId as string;
    const invoice = (await t.http().post(`/v1/orders/${order.id}/invoices`).set(admin).send({ lines: [{ lineId, quantity: 1 }], invoiceDate }).expect(201)).body;
    last = invoice.position;
    return { id: invoice.id, number: invoice.number, lineId, date: invoiceDate };
  }

  beforeAll(async () => {
    t = await startTestApp({ API_KEYS: 'admin-key:admin,acc-key:accounting,wh-key:warehouse' });
    await t.http().post('/v1/products').set(admin).send({ sku: 'BL-DAY', name: 'Day', kind: 'service', unitPrice: '100.00', taxRate: '0.20' }).expect(201);
    customerId = (await t.http().post('/v1/customers').set(admin).send({ name: 'Lists GmbH', paymentTermsDays: 30 }).expect(201)).body.id;
    otherId = (await t.http().post('/v1/customers').set(admin).send({ name: 'Other Ltd' }).expect(201)).body.id;
    // Due 30 days after each date: the two January invoices are overdue by now, the one dated in 2999 is not.
    invoices.push(await invoiced(customerId, '2026-01-10'));
    invoices.push(await invoiced(customerId, '2026-01-20'));
    invoices.push(await invoiced(customerId, '2999-01-01'));
    invoices.push(await invoiced(otherId, '2026-01-15'));
    // The first paid in full, the second in part, a credit note on the last.
    const full = await t.http().post('/v1/payments').set(admin).send({ customerId, amount: '120.00', receivedOn: '2026-02-01', allocations: [{ invoiceId: invoices[0].id, amount: '120.00' }] }).expect(201);
    const part = await t.http().post('/v1/payments').set(admin).send({ customerId, amount: '20.00', receivedOn: '2026-02-05', allocations: [{ invoiceId: invoices[1].id, amount: '20.00' }] }).expect(201);
    const note = await t.http().post(`/v1/invoices/${invoices[3].id}/credit-notes`).set(admin).send({ lines: [{ lineId: invoices[3].lineId, quantity: 1 }], reason: 'not delivered', creditDate: '2026-01-25' }).expect(201);
    last = [full.body.position, part.body.position, note.body.position].sort().at(-1) as string;
  });
  afterAll(() => t.close());

  const ids = async (path: string): Promise<string[]> => {
    const res = await t.http().get(`${path}${path.includes('?') ? '&' : '?'}after=${encodeURIComponent(last)}`).set(accounting).expect(200);
    const [list] = Object.values(res.body).filter(Array.isArray) as { id: string }[][];
    return list.map((row) => row.id);
  };

  it('lists invoices newest first, filtered by customer, status, overdue, number and invoice date', async () => {
    const [jan10, jan20, far, otherJan15] = invoices.map((i) => i.id);
    expect(await ids(`/v1/invoices?customerId=${customerId}`)).toEqual([far, jan20, jan10]);
    expect(await ids(`/v1/invoices?customerId=${customerId}&status=paid`)).toEqual([jan10]);
    expect(await ids(`/v1/invoices?customerId=${customerId}&status=partially_paid`)).toEqual([jan20]);
    expect(await ids(`/v1/invoices?customerId=${customerId}&status=open`)).toEqual([far]);
    expect(await ids(`/v1/invoices?customerId=${customerId}&overdue=true`)).toEqual([jan20]);
    expect(await ids(`/v1/invoices?customerId=${customerId}&overdue=false`)).toEqual([far, jan10]);
    expect(await ids(`/v1/invoices?number=${invoices[1].number}`)).toEqual([jan20]);
    expect(await ids('/v1/invoices?from=2026-01-15&to=2026-01-20')).toEqual([jan20, otherJan15]);
    const [row] = (await t.http().get(`/v1/invoices?number=${invoices[1].number}`).set(accounting).expect(200)).body.invoices;
    expect(row).toMatchObject({ id: jan20, customerId, invoiceDate: '2026-01-20', dueDate: '2026-02-19', gross: '120.00', paid: '20.00', outstanding: '100.00', status: 'partially_paid', overdue: true });
    expect(row.daysOverdue).toBeGreaterThan(200);
  });

  it('lists credit notes and payments by customer and date', async () => {
    expect(await ids(`/v1/credit-notes?customerId=${otherId}`)).toHaveLength(1);
    expect(await ids(`/v1/credit-notes?customerId=${customerId}`)).toEqual([]);
    const [note] = (await t.http().get('/v1/credit-notes?from=2026-01-25&to=2026-01-25').set(accounting).expect(200)).body.creditNotes;
    expect(note).toMatchObject({ invoiceId: invoices[3].id, customerId: otherId, creditDate: '2026-01-25', totals: { net: '100.00', tax: '20.00', gross: '120.00' } });
    const payments = (await t.http().get(`/v1/payments?customerId=${customerId}`).set(accounting).expect(200)).body.payments;
    expect(payments.map((p: { amount: string; receivedOn: string }) => [p.receivedOn, p.amount])).toEqual([
      ['2026-02-05', '20.00'],
      ['2026-02-01', '120.00'],
    ]);
    expect(await ids('/v1/payments?from=2026-02-02')).toHaveLength(1);
  });

  it('pages by cursor, each row once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { invoices: { id: string }[]; next: string | null } } = await t.http().get(`/v1/invoices?limit=1${cursor ? `&cursor=${cursor}` : ''}`).set(accounting).expect(200);
      seen.push(...page.body.invoices.map((i) => i.id));
      cursor = page.body.next;
    } while (cursor !== null);
    expect([...seen].sort()).toEqual(invoices.map((i) => i.id).sort());
  });

  it('refuses bad filters with 400 and the warehouse role with 403', async () => {
    for (const path of ['/v1/invoices?status=late', '/v1/invoices?overdue=yes', '/v1/invoices?number=42', '/v1/invoices?from=2026-13-01', '/v1/invoices?from=2026-02-01&to=2026-01-01', '/v1/invoices?colour=red', '/v1/payments?customerId=x', `/v1/credit-notes?cursor=${Buffer.from('["2026-02-30","3e0c9f1c-5a63-4c1e-9d38-0f6f3b1d2a10"]').toString('base64url')}`]) {
      expectProblem(await t.http().get(path).set(accounting), 400, 'VALIDATION_FAILED');
    }
    for (const path of ['/v1/invoices', '/v1/credit-notes', '/v1/payments']) expectProblem(await t.http().get(path).set({ authorization: 'Bearer wh-key' }), 403, 'FORBIDDEN');
  });
});
