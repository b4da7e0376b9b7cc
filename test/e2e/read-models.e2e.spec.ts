import { ALL_PROJECTIONS } from '@ledgerline/projections/all-projections';
import { TestApp, startTestApp } from '../support/test-app';

/** api.md "Read models": stock levels, the order list, projection status, read-your-writes. */
describe('read models over HTTP', () => {
  let t: TestApp;
  let customerId: string;

  beforeAll(async () => {
    t = await startTestApp();
    customerId = (await t.http().post('/v1/customers').send({ name: 'Reader' }).expect(201)).body.id;
    await t.http().post('/v1/products').send({ sku: 'RM-1', name: 'Widget', kind: 'stocked', unitPrice: '10.00', taxRate: '0.20' }).expect(201);
  });
  afterAll(() => t.close());

  it('shows stock that follows receipts, reservations and shipments, reading its own writes', async () => {
    await t.http().post('/v1/stock/receipts').send({ sku: 'RM-1', quantity: 10, unitCost: '4.00' }).expect(201);
    const second = await t.http().post('/v1/stock/receipts').send({ sku: 'RM-1', quantity: 10, unitCost: '5.00' }).expect(201);
    const afterReceipts = await t.http().get('/v1/stock/RM-1').query({ after: second.body.position }).expect(200);
    expect(afterReceipts.body).toMatchObject({ sku: 'RM-1', onHand: 20, reserved: 0, available: 20, value: '90.00' });
    expect(afterReceipts.body.averageCost).toMatch(/^4\.50*$/);

    const order = (await t.http().post('/v1/orders').send({ customerId, lines: [{ sku: 'RM-1', quantity: 6 }] }).expect(201)).body;
    const confirmed = await t.http().post(`/v1/orders/${order.id}/confirm`).send({}).expect(200);
    const reserved = await t.http().get('/v1/stock/RM-1').query({ after: confirmed.body.position }).expect(200);
    expect(reserved.body).toMatchObject({ onHand: 20, reserved: 6, available: 14 });

    const shipment = await t.http().post(`/v1/orders/${order.id}/shipments`).send({ lines: [{ lineId: order.lines[0].lineId, quantity: 4 }] }).expect(201);
    const shipped = await t.http().get('/v1/stock/RM-1').query({ after: shipment.body.position }).expect(200);
    expect(shipped.body).toMatchObject({ onHand: 16, reserved: 2, available: 14, value: '72.00' });

    const all = await t.http().get('/v1/stock').query({ after: shipment.body.position }).expect(200);
    expect(all.body).toEqual([shipped.body]);
  });

  it('lists orders for dashboards, filtered by status and customer', async () => {
    const draft = (await t.http().post('/v1/orders').send({ customerId, lines: [{ sku: 'RM-1', quantity: 1 }] }).expect(201)).body;
    const list = await t.http().get('/v1/orders').query({ status: 'draft', customerId, after: draft.position }).expect(200);
    expect(list.body.orders.map((o: { orderId?: string; id?: string }) => o.orderId ?? o.id)).toContain(draft.id);
    const none = await t.http().get('/v1/orders').query({ status: 'locked', after: draft.position }).expect(200);
    expect(none.body.orders).toEqual([]);
    expect((await t.http().get('/v1/orders').query({ status: 'weird' })).status).toBe(400);
    expect((await t.http().get('/v1/orders').query({ limit: '0' })).status).toBe(400);
  });

  it('reports each projection with its position and lag behind the head', async () => {
    const created = await t.http().post('/v1/customers').send({ name: 'Lag' }).expect(201);
    await t.http().get('/v1/stock').query({ after: created.body.position }).expect(200);
    await t.http().get('/v1/orders').query({ after: created.body.position }).expect(200);
    const res = await t.http().get('/v1/projections').expect(200);
    expect(res.body.head).toEqual(expect.any(String));
    expect(res.body.projections.map((p: { name: string }) => p.name).sort()).toEqual(ALL_PROJECTIONS.map((p) => p.name).sort());
    for (const projection of res.body.projections) {
      expect(projection).toMatchObject({ status: 'running', position: expect.any(String), lagEvents: expect.any(Number), lagMs: expect.any(Number) });
      expect(projection.position >= created.body.position).toBe(true);
    }
  });

  it('refuses a malformed position and answers 503 with Retry-After when a position is not reached in time', async () => {
    for (const after of ['yesterday', 'pg:1', 'pg:1:1', 'esdb:00000000000000000001:00000000000000000001', 'pg:99999999999999999999:99999999999999999999']) {
      // A 400, not the read-your-writes wait and its 503: no such position will ever come.
      const bad = await t.http().get('/v1/stock').query({ after });
      expect({ after, status: bad.status, code: bad.body.code }).toEqual({ after, status: 400, code: 'INVALID_POSITION' });
    }
    const twice = await t.http().get('/v1/stock?after=pg:1&after=pg:2');
    expect({ status: twice.status, field: twice.body.errors?.[0]?.field }).toEqual({ status: 400, field: 'after' });
    const future = await t.http().get('/v1/stock').query({ after: 'pg:99999999999999999999:9999999999999999999' });
    expect(future.status).toBe(503);
    expect(future.body.code).toBe('PROJECTION_BEHIND');
    expect(future.headers['retry-after']).toBe('1');
  }, 15_000);
});
