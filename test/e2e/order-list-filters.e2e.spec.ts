import { expectProblem } from '../support/expect-problem';
import { TestApp, startTestApp } from '../support/test-app';

/** api.md part two "Lists and search": the order list filtered by type, channel, customer reference and drafting day. */
describe('order list filters over HTTP', () => {
  let t: TestApp;
  let customerId: string;
  const ids: Record<string, string> = {};
  let last = '';

  beforeAll(async () => {
    t = await startTestApp();
    await t.http().post('/v1/products').send({ sku: 'OLF-1', name: 'Widget', kind: 'stocked', unitPrice: '10.00', taxRate: '0.20' }).expect(201);
    customerId = (await t.http().post('/v1/customers').send({ name: 'Filters AG' }).expect(201)).body.id;
    const draft = async (name: string, body: Record<string, unknown>) => {
      const res = await t.http().post('/v1/orders').send({ customerId, lines: [{ sku: 'OLF-1', quantity: 1 }], ...body }).expect(201);
      ids[name] = res.body.id;
      last = res.body.position;
    };
    await draft('webRush', { type: 'rush', channel: 'web', customerReference: 'PO-Alpha' });
    await draft('edi', { channel: 'edi', customerReference: 'PO-Beta' });
    await draft('manual', {});
  });
  afterAll(() => t.close());

  const list = async (query: string) =>
    ((await t.http().get(`/v1/orders?customerId=${customerId}&after=${encodeURIComponent(last)}&${query}`).expect(200)).body.orders as { id: string; channel: string; type: string }[]).map((o) => o.id);

  it('filters by type, channel and customer reference (whole, case-insensitive), and shows the channel', async () => {
    expect(await list('type=rush')).toEqual([ids.webRush]);
    expect(await list('channel=edi')).toEqual([ids.edi]);
    expect(await list('channel=manual')).toEqual([ids.manual]);
    expect(await list('customerReference=po-alpha')).toEqual([ids.webRush]);
    expect(await list('customerReference=PO-Alph')).toEqual([]);
    const all = (await t.http().get(`/v1/orders?customerId=${customerId}`).expect(200)).body.orders;
    expect(all.map((o: { channel: string }) => o.channel)).toEqual(['manual', 'edi', 'web']);
  });

  it('filters by the UTC day the orders were drafted on, both ends inclusive', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect(await list(`from=${today}&to=${today}`)).toHaveLength(3);
    expect(await list(`to=${yesterday}`)).toEqual([]);
    expect(await list(`from=${yesterday}`)).toHaveLength(3);
  });

  it('refuses bad filters with 400', async () => {
    for (const query of ['type=urgent', 'channel=fax', 'from=2026-02-30', 'to=yesterday', 'from=2026-12-02&to=2026-12-01', 'priority=high', `customerReference=${'x'.repeat(101)}`]) {
      expectProblem(await t.http().get(`/v1/orders?${query}`), 400, 'VALIDATION_FAILED');
    }
  });
});
