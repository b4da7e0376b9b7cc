import { TestApp, startTestApp } from '../support/test-app';

/** api.md "Read models": the journal and the trial balance from the journals projection, over HTTP. */
describe('the ledger over HTTP', () => {
  let t: TestApp;
  let customerId: string;
  let ids: { receipts: string[]; orderId: string; shipmentId: string; invoiceId: string; position: string };
  const today = () => new Date().toISOString().slice(0, 10);
  let days: string[];

  const line = (account: string, debit: string, credit: string) => ({ account, debit, credit });

  beforeAll(async () => {
    t = await startTestApp();
    customerId = (await t.http().post('/v1/customers').send({ name: 'Ledger reader' }).expect(201)).body.id;
    await t.http().post('/v1/products').send({ sku: 'JL-1', name: 'Widget', kind: 'stocked', unitPrice: '10.00', taxRate: '0.20' }).expect(201);

    days = [today()];
    const receipts = [
      await t.http().post('/v1/stock/receipts').send({ sku: 'JL-1', quantity: 10, unitCost: '4.00' }).expect(201),
      await t.http().post('/v1/stock/receipts').send({ sku: 'JL-1', quantity: 10, unitCost: '5.00' }).expect(201),
    ];
    const order = (await t.http().post('/v1/orders').send({ customerId, lines: [{ sku: 'JL-1', quantity: 6 }] }).expect(201)).body;
    await t.http().post(`/v1/orders/${order.id}/confirm`).send({}).expect(200);
    const shipment = await t.http().post(`/v1/orders/${order.id}/shipments`).send({ lines: [{ lineId: order.lines[0].lineId, quantity: 4 }] }).expect(201);
    const invoice = await t
      .http()
      .post(`/v1/orders/${order.id}/invoices`)
      .send({ lines: [{ lineId: order.lines[0].lineId, quantity: 4 }], invoiceDate: '2026-01-15' })
      .expect(201);
    days.push(today()); // receipts and shipments are dated the day the log recorded them
    ids = { receipts: receipts.map((r) => r.body.id), orderId: order.id, shipmentId: shipment.body.id, invoiceId: invoice.body.id, position: invoice.body.position };
  });
  afterAll(() => t.close());

  const journal = (query: Record<string, string>) => t.http().get('/v1/journals').query({ after: ids.position, ...query });

  it('posts receipts, the shipment at the moving average and the invoice, by date then log order, reading its own writes', async () => {
    const res = await journal({}).expect(200);
    expect(res.body).toEqual([
      {
        entryId: expect.any(String),
        date: '2026-01-15',
        sourceType: 'invoice',
        sourceId: ids.invoiceId,
        orderId: ids.orderId,
        currency: 'EUR',
        description: expect.any(String),
        position: expect.any(String),
        lines: [line('1100', '48.00', '0.00'), line('4000', '0.00', '40.00'), line('2100', '0.00', '8.00')],
      },
      expect.objectContaining({ sourceType: 'stock_receipt', sourceId: ids.receipts[0], orderId: null, lines: [line('1200', '40.00', '0.00'), line('2000', '0.00', '40.00')] }),
      expect.objectContaining({ sourceType: 'stock_receipt', sourceId: ids.receipts[1], lines: [line('1200', '50.00', '0.00'), line('2000', '0.00', '50.00')] }),
      // 4 × the average of the moment, 90.00 / 20 = 4.50
      expect.objectContaining({ sourceType: 'shipment', sourceId: ids.shipmentId, orderId: ids.orderId, lines: [line('5000', '18.00', '0.00'), line('1200', '0.00', '18.00')] }),
    ]);
    for (const entry of res.body.slice(1)) expect(days).toContain(entry.date);
  });

  it('filters by source, account and dates', async () => {
    const bySource = (await journal({ sourceId: ids.shipmentId }).expect(200)).body;
    expect(bySource.map((e: { sourceType: string }) => e.sourceType)).toEqual(['shipment']);
    const cogs = (await journal({ account: '5000' }).expect(200)).body;
    expect(cogs.map((e: { sourceId: string }) => e.sourceId)).toEqual([ids.shipmentId]);
    const receivables = (await journal({ account: '1100' }).expect(200)).body;
    expect(receivables.map((e: { sourceId: string }) => e.sourceId)).toEqual([ids.invoiceId]);
    const january = (await journal({ from: '2026-01-01', to: '2026-01-31' }).expect(200)).body;
    expect(january.map((e: { sourceId: string }) => e.sourceId)).toEqual([ids.invoiceId]);
    const recent = (await journal({ from: days[0] }).expect(200)).body;
    expect(recent.map((e: { sourceType: string }) => e.sourceType)).toEqual(['stock_receipt', 'stock_receipt', 'shipment']);
    expect((await journal({ limit: '1' }).expect(200)).body).toHaveLength(1);
    expect((await journal({ currency: 'USD' }).expect(200)).body).toEqual([]);
  });

  it('sums a balanced trial balance in the base currency, cut by asOf, that agrees with the stock value', async () => {
    const res = await t.http().get('/v1/reports/trial-balance').query({ after: ids.position }).expect(200);
    expect(res.body.currency).toBe('EUR');
    expect(res.body.asOf).toBeNull();
    expect(res.body.accounts.map((a: { code: string }) => a.code)).toEqual(['1000', '1100', '1200', '2000', '2100', '2200', '4000', '5000', '7900']);
    const balances = Object.fromEntries(res.body.accounts.map((a: { code: string; balance: string }) => [a.code, a.balance]));
    expect(balances).toEqual({ '1000': '0.00', '1100': '48.00', '1200': '72.00', '2000': '-90.00', '2100': '-8.00', '2200': '0.00', '4000': '-40.00', '5000': '18.00', '7900': '0.00' });
    expect(res.body.accounts[2]).toEqual({ code: '1200', name: 'Inventory', debit: '90.00', credit: '18.00', balance: '72.00' });
    expect(res.body.totals).toEqual({ debit: '156.00', credit: '156.00' });

    const stock = await t.http().get('/v1/stock/JL-1').query({ after: ids.position }).expect(200);
    expect(stock.body.value).toBe(balances['1200']);

    const january = await t.http().get('/v1/reports/trial-balance').query({ asOf: '2026-01-31', after: ids.position }).expect(200);
    expect(january.body.asOf).toBe('2026-01-31');
    expect(january.body.totals).toEqual({ debit: '48.00', credit: '48.00' });
    expect(january.body.accounts.filter((a: { balance: string }) => a.balance !== '0.00').map((a: { code: string }) => a.code)).toEqual(['1100', '2100', '4000']);
    const before = await t.http().get('/v1/reports/trial-balance').query({ asOf: '2025-12-31' }).expect(200);
    expect(before.body.totals).toEqual({ debit: '0.00', credit: '0.00' });
    const usd = await t.http().get('/v1/reports/trial-balance').query({ currency: 'USD' }).expect(200);
    expect(usd.body).toMatchObject({ currency: 'USD', totals: { debit: '0.00', credit: '0.00' } });
  });

  it('reports the journals projection with the others', async () => {
    const res = await t.http().get('/v1/projections').expect(200);
    expect(res.body.projections.find((p: { name: string }) => p.name === 'journals')).toMatchObject({ status: 'running', schema: 'journals_g1' });
  });

  it('documents both endpoints and their parameters in the OpenAPI document', async () => {
    const { paths } = (await t.http().get('/v1/openapi.json').expect(200)).body;
    const parameters = (path: string) => paths[path].get.parameters.map((p: { name: string }) => p.name);
    expect(parameters('/v1/journals')).toEqual(expect.arrayContaining(['from', 'to', 'account', 'sourceId', 'after']));
    expect(parameters('/v1/reports/trial-balance')).toEqual(expect.arrayContaining(['asOf', 'currency', 'after']));
  });

  it('refuses malformed parameters with a 400 problem naming the field', async () => {
    const cases: [string, Record<string, string | string[]>, string][] = [
      ['/v1/journals', { from: '2026-02-30' }, 'from'],
      ['/v1/journals', { to: 'yesterday' }, 'to'],
      ['/v1/journals', { from: '2026-02-02', to: '2026-02-01' }, 'to'],
      ['/v1/journals', { account: '9999' }, 'account'],
      ['/v1/journals', { account: ['1100', '1200'] }, 'account'],
      ['/v1/journals', { limit: '0' }, 'limit'],
      ['/v1/journals', { limit: '10001' }, 'limit'],
      ['/v1/journals', { currency: 'eur' }, 'currency'],
      ['/v1/journals', { page: '2' }, 'page'],
      ['/v1/reports/trial-balance', { asOf: '2026-13-01' }, 'asOf'],
      ['/v1/reports/trial-balance', { currency: 'EURO' }, 'currency'],
      ['/v1/reports/trial-balance', { from: '2026-01-01' }, 'from'],
    ];
    for (const [path, query, field] of cases) {
      const res = await t.http().get(path).query(query);
      expect({ path, query, status: res.status, code: res.body.code, errors: res.body.errors }).toEqual({
        path,
        query,
        status: 400,
        code: 'VALIDATION_FAILED',
        errors: [{ field, message: expect.any(String) }],
      });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const position = await t.http().get('/v1/reports/trial-balance').query({ after: 'yesterday' });
    expect({ status: position.status, code: position.body.code }).toEqual({ status: 400, code: 'INVALID_POSITION' });
  });

  it('pages the journal by cursor: a Link header names the next page, and the pages add up to the whole journal', async () => {
    const whole = (await journal({}).expect(200)).body as { entryId: string }[];
    expect(whole.length).toBeGreaterThan(3);
    const seen: string[] = [];
    let next: string | undefined = `/v1/journals?limit=2&after=${encodeURIComponent(ids.position)}`;
    while (next !== undefined) {
      const page = await t.http().get(next).expect(200);
      expect(page.body.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.map((e: { entryId: string }) => e.entryId));
      const link = page.headers.link as string | undefined;
      next = link === undefined ? undefined : /^<([^>]+)>; rel="next"$/.exec(link)?.[1];
      if (link !== undefined) expect(next).toMatch(/^\/v1\/journals\?limit=2&after=.+&cursor=/);
    }
    expect(seen).toEqual(whole.map((e) => e.entryId));
    const bad = await t.http().get('/v1/journals').query({ cursor: Buffer.from('["2026-01-01","x","y"]').toString('base64url') });
    expect({ status: bad.status, code: bad.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
  });
});
