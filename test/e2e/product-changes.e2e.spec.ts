import { logSize } from '../support/log-size';
import { expectProblem } from '../support/expect-problem';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * domain.md "Master data kept up to date", api.md part two "Master data, more": a product changes by
 * events; new lines take the current values, lines already on documents keep their snapshot, the product
 * can be read as it stood at an instant, and an inactive product takes no new line.
 */
describe('product changes over HTTP', () => {
  let t: TestApp;
  const keys = { sales: 'sales-key', warehouse: 'warehouse-key', auditor: 'auditor-key' };

  beforeAll(async () => {
    t = await startTestApp({ API_KEYS: `${keys.sales}:sales,${keys.warehouse}:warehouse,${keys.auditor}:auditor` });
  });
  afterAll(() => t.close());

  const as = (key: string) => ({ authorization: `Bearer ${key}` });
  const product = async (sku: string, body: Record<string, unknown> = {}) =>
    (await t.http().post('/v1/products').set(as(keys.sales)).send({ sku, name: 'Widget', kind: 'stocked', unitPrice: '10.00', taxRate: '0.20', unitCost: '4.00', ...body }).expect(201)).body;
  const patch = (sku: string, body: Record<string, unknown>, key = keys.sales) => t.http().patch(`/v1/products/${sku}`).set(as(key)).send(body);
  const customer = async () => (await t.http().post('/v1/customers').set(as(keys.sales)).send({ name: 'Müller & Søn' }).expect(201)).body.id as string;
  const pause = () => new Promise((resolve) => setTimeout(resolve, 15));

  it('changes price, tax, cost, supplier and purchase price, recording only what changed', async () => {
    await product('PC-1');
    const supplierId = '4c0a3f5e-8d6b-4f1e-9a7c-2b1d0e9f8a71';
    const res = await patch('PC-1', { name: 'Widget', unitPrice: '12.5', taxRate: '0.07', supplierId, purchasePrice: '3.2' }).expect(200);
    expect(res.body).toMatchObject({ sku: 'PC-1', name: 'Widget', unitPrice: '12.50', taxRate: '0.07', unitCost: '4.00', supplierId, purchasePrice: '3.20', active: true, version: 1 });
    const history = await t.http().get('/v1/events?streamPrefix=product-PC-1').set(as(keys.auditor)).expect(200);
    const updated = history.body.events.filter((e: { streamId: string }) => e.streamId === 'product-PC-1').map((e: { type: string; data: unknown }) => [e.type, e.data]);
    expect(updated).toEqual([
      ['ProductCreated', expect.any(Object)],
      ['ProductUpdated', { sku: 'PC-1', changes: { unitPrice: '12.50', taxRate: '0.07', supplierId, purchasePrice: '3.20' } }],
    ]);
    // The same values again change nothing and write nothing.
    const before = await logSize(t.databaseUrl);
    const again = await patch('PC-1', { unitPrice: '12.50', active: true }).expect(200);
    expect(again.body.version).toBe(1);
    expect(await logSize(t.databaseUrl)).toBe(before);
    // null clears what may be empty.
    const cleared = await patch('PC-1', { supplierId: null, purchasePrice: null, unitCost: null }).expect(200);
    expect(cleared.body).toMatchObject({ supplierId: null, purchasePrice: null, unitCost: null, version: 2 });
  });

  it('prices a new line at the current price while an earlier line keeps its snapshot', async () => {
    await product('PC-2');
    const customerId = await customer();
    const order = (await t.http().post('/v1/orders').set(as(keys.sales)).send({ customerId, lines: [{ sku: 'PC-2', quantity: 1 }] }).expect(201)).body;
    await patch('PC-2', { unitPrice: '15.00', taxRate: '0.10' }).expect(200);
    const after = (await t.http().post(`/v1/orders/${order.id}/lines`).set(as(keys.sales)).send({ sku: 'PC-2', quantity: 1 }).expect(201)).body;
    expect(after.lines.map((l: { unitPrice: string; taxRate: string }) => [l.unitPrice, l.taxRate])).toEqual([
      ['10.00', '0.20'],
      ['15.00', '0.10'],
    ]);
    expect(after.totals).toEqual({ net: '25.00', tax: '3.50', gross: '28.50' });
  });

  it('answers the product as it stood at an instant', async () => {
    const created = await product('PC-3');
    await pause();
    const betweenChanges = new Date().toISOString();
    await pause();
    await patch('PC-3', { unitPrice: '11.00' }).expect(200);
    await pause();
    const afterFirst = new Date().toISOString();
    await pause();
    await patch('PC-3', { unitPrice: '13.00', active: false }).expect(200);

    const then = await t.http().get(`/v1/products/PC-3?asOf=${encodeURIComponent(betweenChanges)}`).set(as(keys.auditor)).expect(200);
    expect(then.body).toMatchObject({ unitPrice: '10.00', active: true, version: 0, position: created.position });
    const later = await t.http().get(`/v1/products/PC-3?asOf=${encodeURIComponent(afterFirst)}`).set(as(keys.auditor)).expect(200);
    expect(later.body).toMatchObject({ unitPrice: '11.00', active: true, version: 1 });
    const now = await t.http().get('/v1/products/PC-3').set(as(keys.auditor)).expect(200);
    expect(now.body).toMatchObject({ unitPrice: '13.00', active: false, version: 3 });
    expectProblem(await t.http().get('/v1/products/PC-3?asOf=2020-01-01').set(as(keys.auditor)), 404, 'PRODUCT_NOT_FOUND');
    expectProblem(await t.http().get('/v1/products/PC-3?asOf=yesterday').set(as(keys.auditor)), 400, 'VALIDATION_FAILED');
    expectProblem(await t.http().get('/v1/products/PC-3?price=1').set(as(keys.auditor)), 400, 'VALIDATION_FAILED');
  });

  it('refuses an inactive product on a new order or quote line with 409 PRODUCT_INACTIVE, writing nothing; existing lines stay', async () => {
    await product('PC-4');
    const customerId = await customer();
    const order = (await t.http().post('/v1/orders').set(as(keys.sales)).send({ customerId, lines: [{ sku: 'PC-4', quantity: 2 }] }).expect(201)).body;
    await patch('PC-4', { active: false }).expect(200);
    const before = await logSize(t.databaseUrl);
    const refused = await t.http().post(`/v1/orders/${order.id}/lines`).set(as(keys.sales)).send({ sku: 'PC-4', quantity: 1 });
    expectProblem(refused, 409, 'PRODUCT_INACTIVE');
    expect(refused.body.detail).toContain('PC-4');
    expectProblem(await t.http().post('/v1/orders').set(as(keys.sales)).send({ customerId, lines: [{ sku: 'PC-4', quantity: 1 }] }), 409, 'PRODUCT_INACTIVE');
    expectProblem(await t.http().post('/v1/quotes').set(as(keys.sales)).send({ customerId, lines: [{ sku: 'PC-4', quantity: 1 }] }), 409, 'PRODUCT_INACTIVE');
    expect(await logSize(t.databaseUrl)).toBe(before);
    // The line taken before it was deactivated goes on: the order confirms with it.
    const confirmed = await t.http().post(`/v1/orders/${order.id}/confirm`).set(as(keys.sales)).send({}).expect(200);
    expect(confirmed.body.lines).toHaveLength(1);
    // Reactivated, it takes lines again.
    await patch('PC-4', { active: true }).expect(200);
    await t.http().post('/v1/orders').set(as(keys.sales)).send({ customerId, lines: [{ sku: 'PC-4', quantity: 1 }] }).expect(201);
  });

  it('refuses bad changes with 400, an unknown sku with 404, a service cost with 409, and other roles with 403; all writing nothing', async () => {
    await product('PC-5');
    await product('PC-SVC', { kind: 'service', unitCost: undefined });
    const before = await logSize(t.databaseUrl);
    expectProblem(await patch('PC-5', {}), 400, 'VALIDATION_FAILED');
    expectProblem(await patch('PC-5', { kind: 'service' }), 400, 'VALIDATION_FAILED');
    expectProblem(await patch('PC-5', { unitPrice: 12 }), 400, 'VALIDATION_FAILED');
    expectProblem(await patch('PC-5', { unitPrice: null }), 400, 'VALIDATION_FAILED');
    expectProblem(await patch('PC-5', { purchasePrice: '1.005' }), 400, 'VALIDATION_FAILED');
    expectProblem(await patch('PC-5', { taxRate: '1.5' }), 400, 'VALIDATION_FAILED');
    expectProblem(await patch('PC-5', { supplierId: 'acme' }), 400, 'VALIDATION_FAILED');
    expectProblem(await patch('PC-5', { active: 'no' }), 400, 'VALIDATION_FAILED');
    expectProblem(await patch('NOPE', { name: 'Ghost' }), 404, 'PRODUCT_NOT_FOUND');
    expectProblem(await patch('bad sku!', { name: 'Ghost' }), 404, 'PRODUCT_NOT_FOUND');
    expectProblem(await patch('PC-SVC', { unitCost: '1.00' }), 409, 'SERVICE_HAS_NO_COST');
    expectProblem(await patch('PC-5', { name: 'Mine' }, keys.warehouse), 403, 'FORBIDDEN');
    expectProblem(await patch('PC-5', { name: 'Mine' }, keys.auditor), 403, 'FORBIDDEN');
    expect(await logSize(t.databaseUrl)).toBe(before);
  });
});
