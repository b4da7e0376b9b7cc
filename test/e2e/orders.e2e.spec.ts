import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '@ledgerline/event-store/postgres/postgres-event-store';
import { TestApp, startTestApp } from '../support/test-app';

/** api.md "Sales orders" and `GET /v1/invoices/:id` over HTTP, on the real app and PostgreSQL. */
describe('sales orders over HTTP', () => {
  let t: TestApp;
  let log: PostgresEventStore;
  let customerId: string;
  const year = new Date().getUTCFullYear();

  beforeAll(async () => {
    t = await startTestApp();
    log = PostgresEventStore.fromConnectionString(t.databaseUrl, { max: 2 });
    customerId = (await t.http().post('/v1/customers').send({ name: 'Acme', paymentTermsDays: 14 }).expect(201)).body.id;
    await t.http().post('/v1/products').send({ sku: 'W-1', name: 'Widget', kind: 'stocked', unitPrice: '19.99', taxRate: '0.20' }).expect(201);
    await t.http().post('/v1/products').send({ sku: 'S-1', name: 'Setup', kind: 'service', unitPrice: '50.00', taxRate: '0.20' }).expect(201);
  });
  afterAll(async () => {
    await log.close();
    await t.close();
  });

  type Res = { status: number; body: Record<string, unknown> & { code?: string } };
  const expectCode = (res: Res, status: number, code: string) => {
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
  };
  const draft = async (lines = [{ sku: 'W-1', quantity: 10 }, { sku: 'S-1', quantity: 2 }], extra: Record<string, unknown> = {}) => {
    const res = await t.http().post('/v1/orders').send({ customerId, lines, ...extra }).expect(201);
    return res.body as { id: string; lines: { lineId: string; sku: string }[]; version: number };
  };
  const confirmed = async (lines?: { sku: string; quantity: number }[], extra?: Record<string, unknown>) => {
    const order = await draft(lines, extra);
    await t.http().post(`/v1/orders/${order.id}/confirm`).send({}).expect(200);
    return order;
  };
  const lineOf = (order: { lines: { lineId: string; sku: string }[] }, sku: string) => order.lines.find((l) => l.sku === sku)!.lineId;

  describe('drafting and lines', () => {
    it('drafts an order with priced lines and reads it back', async () => {
      const res = await t.http().post('/v1/orders').send({ customerId, customerReference: 'PO-77', lines: [{ sku: 'W-1', quantity: 2.5, discount: '0.1' }] }).expect(201);
      expect(res.body).toMatchObject({
        customerId,
        type: 'standard',
        status: 'draft',
        currency: 'EUR',
        customerReference: 'PO-77',
        lines: [
          {
            sku: 'W-1',
            kind: 'stocked',
            quantity: 2.5,
            unitPrice: '19.99',
            discount: '0.10',
            taxRate: '0.20',
            shippedQuantity: 0,
            invoicedQuantity: 0,
            creditedQuantity: 0,
            net: '44.98',
            tax: '9.00',
            gross: '53.98',
          },
        ],
        totals: { net: '44.98', tax: '9.00', gross: '53.98' },
        shipments: [],
        invoices: [],
        version: 0,
      });
      expect(res.headers.etag).toBe('"0"');
      await t.http().get(`/v1/orders/${res.body.id}`).expect(200, res.body);
    });

    it('refuses unknown customers and skus (404), blocked customers (409) and bad input (400)', async () => {
      expectCode(await t.http().post('/v1/orders').send({ customerId: randomUUID(), lines: [] }), 404, 'CUSTOMER_NOT_FOUND');
      expectCode(await t.http().post('/v1/orders').send({ customerId, lines: [{ sku: 'NOPE', quantity: 1 }] }), 404, 'PRODUCT_NOT_FOUND');
      const blocked = (await t.http().post('/v1/customers').send({ name: 'Blocked' }).expect(201)).body.id;
      await t.http().patch(`/v1/customers/${blocked}`).send({ blocked: true }).expect(200);
      expectCode(await t.http().post('/v1/orders').send({ customerId: blocked, lines: [] }), 409, 'CUSTOMER_BLOCKED');
      for (const body of [
        { customerId, lines: [{ sku: 'W-1', quantity: 0 }] },
        { customerId, lines: [{ sku: 'W-1', quantity: 1, discount: '1.5' }] },
        { customerId, lines: [], type: 'weird' },
        { customerId, lines: [], surprise: 1 },
        { customerId: 'nope', lines: [] },
      ]) {
        expectCode(await t.http().post('/v1/orders').send(body), 400, 'VALIDATION_FAILED');
      }
      expectCode(await t.http().get(`/v1/orders/${randomUUID()}`), 404, 'ORDER_NOT_FOUND');
    });

    it('adds, changes and removes lines; editing a sent order returns it to draft', async () => {
      const order = await draft([{ sku: 'W-1', quantity: 1 }]);
      const added = await t.http().post(`/v1/orders/${order.id}/lines`).send({ sku: 'S-1', quantity: 1, unitPrice: '45' }).expect(201);
      expect(added.body.lines).toHaveLength(2);
      const service = lineOf(added.body, 'S-1');
      await t.http().post(`/v1/orders/${order.id}/send`).send({}).expect(200);
      const changed = await t.http().patch(`/v1/orders/${order.id}/lines/${service}`).send({ quantity: 3 }).expect(200);
      expect(changed.body).toMatchObject({ status: 'draft' });
      expect(changed.body.lines[1]).toMatchObject({ quantity: 3, unitPrice: '45.00', net: '135.00' });
      const removed = await t.http().delete(`/v1/orders/${order.id}/lines/${service}`).expect(200);
      expect(removed.body.lines).toHaveLength(1);
      expectCode(await t.http().patch(`/v1/orders/${order.id}/lines/${randomUUID()}`).send({ quantity: 1 }), 404, 'LINE_NOT_FOUND');
      expectCode(await t.http().patch(`/v1/orders/${order.id}/lines/${service}`).send({}), 400, 'VALIDATION_FAILED');
    });

    it('changes a draft header with PATCH, and refuses it once confirmed', async () => {
      const order = await draft([{ sku: 'W-1', quantity: 1 }]);
      const changed = await t.http().patch(`/v1/orders/${order.id}`).send({ customerReference: 'PO-9', requestedDeliveryDate: '2026-12-24' }).expect(200);
      expect(changed.body).toMatchObject({ customerReference: 'PO-9', requestedDeliveryDate: '2026-12-24', version: 1 });
      const cleared = await t.http().patch(`/v1/orders/${order.id}`).send({ customerReference: null }).expect(200);
      expect(cleared.body.customerReference).toBeNull();
      expectCode(await t.http().patch(`/v1/orders/${order.id}`).send({}), 400, 'VALIDATION_FAILED');
      expectCode(await t.http().patch(`/v1/orders/${order.id}`).send({ requestedDeliveryDate: 'soon' }), 400, 'VALIDATION_FAILED');
      await t.http().post(`/v1/orders/${order.id}/confirm`).send({}).expect(200);
      expectCode(await t.http().patch(`/v1/orders/${order.id}`).send({ customerReference: 'PO-10' }), 409, 'ORDER_NOT_EDITABLE');
      expectCode(await t.http().patch(`/v1/orders/${randomUUID()}`).send({ customerReference: 'x' }), 404, 'ORDER_NOT_FOUND');
    });

    it('answers 404 for the history of an unknown order and for an unknown invoice', async () => {
      expectCode(await t.http().get(`/v1/orders/${randomUUID()}/history`), 404, 'ORDER_NOT_FOUND');
      expectCode(await t.http().get(`/v1/invoices/${randomUUID()}`), 404, 'INVOICE_NOT_FOUND');
      expectCode(await t.http().get('/v1/invoices/not-an-id'), 404, 'INVOICE_NOT_FOUND');
    });

    it('discards a draft, and refuses to cancel one', async () => {
      const order = await draft();
      expectCode(await t.http().post(`/v1/orders/${order.id}/cancel`).send({}), 409, 'INVALID_TRANSITION');
      const discarded = await t.http().delete(`/v1/orders/${order.id}`).expect(200);
      expect(discarded.body.status).toBe('discarded');
      expectCode(await t.http().post(`/v1/orders/${order.id}/send`).send({}), 409, 'INVALID_TRANSITION');
    });
  });

  describe('the whole lifecycle', () => {
    it('confirms, ships in parts, delivers, invoices in parts with gap-free numbers, and locks', async () => {
      const order = await draft();
      const widget = lineOf(order, 'W-1');
      const service = lineOf(order, 'S-1');
      await t.http().post(`/v1/orders/${order.id}/send`).send({}).expect(200);
      const confirmed = await t.http().post(`/v1/orders/${order.id}/confirm`).send({}).expect(200);
      expect(confirmed.body.status).toBe('confirmed');

      const first = await t.http().post(`/v1/orders/${order.id}/shipments`).send({ lines: [{ lineId: widget, quantity: 4 }] }).expect(201);
      expect(first.body).toMatchObject({ orderId: order.id, status: 'shipped', lines: [{ lineId: widget, sku: 'W-1', quantity: 4, returnedQuantity: 0 }] });
      expect(first.body.position).toEqual(expect.any(String));
      const second = await t.http().post(`/v1/orders/${order.id}/shipments`).send({ lines: [{ lineId: widget, quantity: 6 }] }).expect(201);
      expectCode(await t.http().post(`/v1/orders/${order.id}/lock`).send({}), 409, 'ACTIVE_SHIPMENTS');
      await t.http().post(`/v1/orders/${order.id}/shipments/${first.body.id}/deliver`).expect(200);
      const delivered = await t.http().post(`/v1/orders/${order.id}/shipments/${second.body.id}/deliver`).expect(200);
      expect(delivered.body.status).toBe('delivered');

      const inv1 = await t.http().post(`/v1/orders/${order.id}/invoices`).send({ lines: [{ lineId: widget, quantity: 4 }], invoiceDate: `${year}-03-10` }).expect(201);
      const inv2 = await t.http().post(`/v1/orders/${order.id}/invoices`).send({ lines: [{ lineId: widget, quantity: 6 }, { lineId: service, quantity: 2 }], invoiceDate: `${year}-03-11` }).expect(201);
      const n1 = Number(String(inv1.body.number).split('-')[2]);
      expect(inv1.body.number).toMatch(new RegExp(`^INV-${year}-\\d{6}$`));
      expect(inv2.body.number).toBe(`INV-${year}-${String(n1 + 1).padStart(6, '0')}`);
      expect(inv1.body).toMatchObject({
        orderId: order.id,
        customerId,
        currency: 'EUR',
        invoiceDate: `${year}-03-10`,
        dueDate: `${year}-03-24`,
        lines: [{ lineId: widget, sku: 'W-1', quantity: 4, net: '79.96', tax: '15.99', gross: '95.95' }],
        totals: { net: '79.96', tax: '15.99', gross: '95.95' },
        paid: '0.00',
        outstanding: '95.95',
        status: 'open',
      });
      const got = await t.http().get(`/v1/invoices/${inv1.body.id}`).expect(200);
      expect(got.body).toMatchObject({ id: inv1.body.id, number: inv1.body.number, totals: inv1.body.totals, dueDate: `${year}-03-24` });

      const locked = await t.http().post(`/v1/orders/${order.id}/lock`).send({}).expect(200);
      expect(locked.body).toMatchObject({ status: 'locked', shipments: [first.body.id, second.body.id], invoices: [inv1.body.id, inv2.body.id] });
      expect(locked.body.lines).toEqual([
        expect.objectContaining({ lineId: widget, shippedQuantity: 10, invoicedQuantity: 10 }),
        expect.objectContaining({ lineId: service, shippedQuantity: 0, invoicedQuantity: 2 }),
      ]);
      expectCode(await t.http().post(`/v1/orders/${order.id}/lines`).send({ sku: 'W-1', quantity: 1 }), 409, 'ORDER_NOT_EDITABLE');
      expectCode(await t.http().post(`/v1/orders/${order.id}/invoices`).send({ lines: [{ lineId: widget, quantity: 1 }] }), 409, 'ORDER_NOT_CONFIRMED');
      const canceled = await t.http().post(`/v1/orders/${order.id}/cancel`).send({ reason: 'customer went away' }).expect(200);
      expect(canceled.body.status).toBe('canceled');
    });

    it('keeps a full history and shows the order at any earlier version or instant', async () => {
      const order = await draft([{ sku: 'W-1', quantity: 5 }]);
      const widget = lineOf(order, 'W-1');
      await t.http().post(`/v1/orders/${order.id}/confirm`).set('x-correlation-id', 'confirm-1').send({}).expect(200);
      const beforeShipping = new Date().toISOString();
      await new Promise((r) => setTimeout(r, 20)); // the next event must be recorded after that instant
      await t.http().post(`/v1/orders/${order.id}/shipments`).send({ lines: [{ lineId: widget, quantity: 2 }] }).expect(201);

      const history = await t.http().get(`/v1/orders/${order.id}/history`).expect(200);
      expect(history.body.map((e: { type: string }) => e.type)).toEqual(['OrderDrafted', 'OrderConfirmed', 'LinesShipped']);
      expect(history.body[1]).toMatchObject({ version: 1, actor: 'dev-admin', correlationId: 'confirm-1', causationId: expect.any(String), occurredAt: expect.any(String), position: expect.any(String) });
      expect(history.body[1].data).toMatchObject({ reservations: [{ lineId: widget, sku: 'W-1', quantity: 5 }] });

      const atDraft = await t.http().get(`/v1/orders/${order.id}?version=0`).expect(200);
      expect(atDraft.body).toMatchObject({ status: 'draft', version: 0 });
      const atInstant = await t.http().get(`/v1/orders/${order.id}`).query({ asOf: beforeShipping }).expect(200);
      expect(atInstant.body).toMatchObject({ status: 'confirmed', version: 1, shipments: [] });
      expect(atInstant.body.lines[0].shippedQuantity).toBe(0);
      expectCode(await t.http().get(`/v1/orders/${order.id}?version=9`), 404, 'VERSION_NOT_FOUND');
      expectCode(await t.http().get(`/v1/orders/${order.id}?asOf=2000-01-01T00:00:00Z`), 404, 'ORDER_NOT_FOUND');
      expectCode(await t.http().get(`/v1/orders/${order.id}?asOf=yesterday`), 400, 'VALIDATION_FAILED');
      expectCode(await t.http().get(`/v1/orders/${order.id}?version=-1`), 400, 'VALIDATION_FAILED');
    });
  });

  describe('refusals', () => {
    it('refuses over-shipment, over-invoicing, shipping services and unconfirmed orders', async () => {
      const order = await confirmed();
      const widget = lineOf(order, 'W-1');
      const service = lineOf(order, 'S-1');
      await t.http().post(`/v1/orders/${order.id}/shipments`).send({ lines: [{ lineId: widget, quantity: 8 }] }).expect(201);
      const over = await t.http().post(`/v1/orders/${order.id}/shipments`).send({ lines: [{ lineId: widget, quantity: 3 }] });
      expectCode(over, 409, 'OVER_SHIPMENT');
      expect(over.body).toMatchObject({ lineId: widget, ordered: 10, shipped: 8, requested: 3 });
      expectCode(await t.http().post(`/v1/orders/${order.id}/shipments`).send({ lines: [{ lineId: service, quantity: 1 }] }), 409, 'LINE_NOT_STOCKED');
      expectCode(await t.http().post(`/v1/orders/${order.id}/invoices`).send({ lines: [{ lineId: service, quantity: 3 }] }), 409, 'OVER_INVOICE');
      expectCode(await t.http().post(`/v1/orders/${order.id}/shipments`).send({ lines: [] }), 400, 'VALIDATION_FAILED');
      expectCode(await t.http().post(`/v1/orders/${order.id}/invoices`).send({ lines: [{ lineId: widget, quantity: 1 }], invoiceDate: '23.11.2026' }), 400, 'VALIDATION_FAILED');

      const unconfirmed = await draft();
      expectCode(await t.http().post(`/v1/orders/${unconfirmed.id}/shipments`).send({ lines: [{ lineId: lineOf(unconfirmed, 'W-1'), quantity: 1 }] }), 409, 'ORDER_NOT_CONFIRMED');
    });

    it('refuses to cut a line below what was shipped, or to remove a line with activity', async () => {
      const order = await confirmed();
      const widget = lineOf(order, 'W-1');
      await t.http().post(`/v1/orders/${order.id}/shipments`).send({ lines: [{ lineId: widget, quantity: 4 }] }).expect(201);
      expectCode(await t.http().patch(`/v1/orders/${order.id}/lines/${widget}`).send({ quantity: 3 }), 409, 'QUANTITY_BELOW_FULFILLED');
      expectCode(await t.http().delete(`/v1/orders/${order.id}/lines/${widget}`), 409, 'LINE_HAS_ACTIVITY');
      await t.http().patch(`/v1/orders/${order.id}/lines/${widget}`).send({ quantity: 4 }).expect(200);
    });

    it('takes returns, refuses over-returns, and guards lock and cancel with active shipments', async () => {
      const order = await confirmed([{ sku: 'W-1', quantity: 5 }]);
      const widget = lineOf(order, 'W-1');
      const shipment = (await t.http().post(`/v1/orders/${order.id}/shipments`).send({ lines: [{ lineId: widget, quantity: 5 }] }).expect(201)).body;
      expectCode(await t.http().post(`/v1/orders/${order.id}/cancel`).send({}), 409, 'ACTIVE_SHIPMENTS');
      const back = await t.http().post(`/v1/orders/${order.id}/shipments/${shipment.id}/returns`).send({ lines: [{ lineId: widget, quantity: 2 }] }).expect(201);
      expect(back.body.lines[0]).toMatchObject({ quantity: 5, returnedQuantity: 2 });
      expectCode(await t.http().post(`/v1/orders/${order.id}/shipments/${shipment.id}/returns`).send({ lines: [{ lineId: widget, quantity: 4 }] }), 409, 'OVER_RETURN');
      await t.http().post(`/v1/orders/${order.id}/shipments/${shipment.id}/deliver`).expect(200);
      expectCode(await t.http().post(`/v1/orders/${order.id}/shipments/${shipment.id}/deliver`), 409, 'INVALID_TRANSITION');
      expectCode(await t.http().post(`/v1/orders/${order.id}/lock`).send({}), 409, 'NOT_FULLY_SHIPPED');
      expectCode(await t.http().post(`/v1/orders/${order.id}/shipments/${randomUUID()}/deliver`), 404, 'SHIPMENT_NOT_FOUND');
      const got = await t.http().get(`/v1/orders/${order.id}`).expect(200);
      expect(got.body.lines[0].shippedQuantity).toBe(3);
    });

    it('caps invoices at shipped quantities under the "delivered" policy', async () => {
      const order = await confirmed([{ sku: 'W-1', quantity: 5 }], { invoicePolicy: 'delivered' });
      const widget = lineOf(order, 'W-1');
      await t.http().post(`/v1/orders/${order.id}/shipments`).send({ lines: [{ lineId: widget, quantity: 2 }] }).expect(201);
      const over = await t.http().post(`/v1/orders/${order.id}/invoices`).send({ lines: [{ lineId: widget, quantity: 3 }] });
      expectCode(over, 409, 'OVER_INVOICE');
      expect(over.body).toMatchObject({ basis: 'shipped', limit: 2 });
      await t.http().post(`/v1/orders/${order.id}/invoices`).send({ lines: [{ lineId: widget, quantity: 2 }] }).expect(201);
    });

    it('answers 412 for a stale If-Match and leaves the order unchanged', async () => {
      const order = await draft();
      const stale = await t.http().post(`/v1/orders/${order.id}/confirm`).set('If-Match', '"3"').send({});
      expectCode(stale, 412, 'VERSION_MISMATCH');
      expect((await log.readStream(`order-${order.id}`)).length).toBe(1);
      await t.http().post(`/v1/orders/${order.id}/confirm`).set('If-Match', '"0"').send({}).expect(200);
    });
  });

  describe('concurrency', () => {
    it('lands exactly 10 of 25 racing single-unit shipments on a line of 10', async () => {
      const order = await confirmed([{ sku: 'W-1', quantity: 10 }]);
      const widget = lineOf(order, 'W-1');
      const responses = await Promise.all(
        Array.from({ length: 25 }, () => t.http().post(`/v1/orders/${order.id}/shipments`).send({ lines: [{ lineId: widget, quantity: 1 }] })),
      );
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 201)).toHaveLength(10);
      expect(statuses.filter((s) => s === 409)).toHaveLength(15);
      responses.filter((r) => r.status === 409).forEach((r) => expect(r.body.code).toBe('OVER_SHIPMENT'));
      const got = await t.http().get(`/v1/orders/${order.id}`).expect(200);
      expect(got.body.lines[0].shippedQuantity).toBe(10);
      expect(got.body.shipments).toHaveLength(10);
    });

    it('numbers racing invoices of many orders without gap or repeat', async () => {
      const orders = await Promise.all(Array.from({ length: 8 }, () => confirmed([{ sku: 'S-1', quantity: 1 }])));
      const date = `${year - 1}-12-31`; // a year no other test invoices in
      const invoices = await Promise.all(
        orders.map((o) => t.http().post(`/v1/orders/${o.id}/invoices`).send({ lines: [{ lineId: lineOf(o, 'S-1'), quantity: 1 }], invoiceDate: date })),
      );
      expect(invoices.map((r) => r.status)).toEqual(Array(8).fill(201));
      const numbers = invoices.map((r) => r.body.number as string).sort();
      expect(numbers).toEqual(Array.from({ length: 8 }, (_, i) => `INV-${year - 1}-${String(i + 1).padStart(6, '0')}`));
    });
  });

  describe('invoice numbering after a crash', () => {
    it('numbers an invoice that was issued but never numbered (the sweeper catches up)', async () => {
      const order = await confirmed([{ sku: 'S-1', quantity: 1 }]);
      const invoiceId = randomUUID();
      const events = await log.readStream(`order-${order.id}`);
      // What the issuing request appended before it "crashed": the invoice, without its number.
      await log.append(
        `order-${order.id}`,
        [
          {
            type: 'InvoiceIssued',
            data: {
              orderId: order.id,
              invoiceId,
              customerId,
              currency: 'EUR',
              invoiceDate: `${year - 2}-06-01`,
              dueDate: `${year - 2}-06-15`,
              lines: [{ lineId: lineOf(order, 'S-1'), sku: 'S-1', quantity: 1, unitPrice: '50.00', discount: '0.00', taxRate: '0.20', net: '50.00', tax: '10.00', gross: '60.00' }],
              totals: { net: '50.00', tax: '10.00', gross: '60.00' },
            },
            metadata: { actor: 'test', correlationId: 'crash', causationId: 'crash', command: 'InvoiceLines', schemaVersion: 1 },
          },
        ],
        events.length - 1,
      );
      const deadline = Date.now() + 10_000;
      let res = await t.http().get(`/v1/invoices/${invoiceId}`);
      while (res.status === 404 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
        res = await t.http().get(`/v1/invoices/${invoiceId}`);
      }
      expect(res.status).toBe(200);
      expect(res.body.number).toBe(`INV-${year - 2}-000001`);
    });
  });

  describe('roles', () => {
    let r: TestApp;
    beforeAll(async () => {
      r = await startTestApp({ API_KEYS: 'k-sales:sales,k-wh:warehouse,k-acc:accounting' });
    });
    afterAll(() => r.close());

    it('lets sales run orders, the warehouse ship, accounting invoice, and no one else', async () => {
      const as = (key: string) => ({ Authorization: `Bearer ${key}` });
      const customer = (await r.http().post('/v1/customers').set(as('k-sales')).send({ name: 'C' }).expect(201)).body.id;
      await r.http().post('/v1/products').set(as('k-sales')).send({ sku: 'W-1', name: 'W', kind: 'stocked', unitPrice: '1', taxRate: '0' }).expect(201);
      const order = (await r.http().post('/v1/orders').set(as('k-sales')).send({ customerId: customer, lines: [{ sku: 'W-1', quantity: 2 }] }).expect(201)).body;
      expect((await r.http().post(`/v1/orders/${order.id}/confirm`).set(as('k-wh')).send({})).status).toBe(403);
      await r.http().post(`/v1/orders/${order.id}/confirm`).set(as('k-sales')).send({}).expect(200);
      const lineId = order.lines[0].lineId;
      expect((await r.http().post(`/v1/orders/${order.id}/shipments`).set(as('k-sales')).send({ lines: [{ lineId, quantity: 1 }] })).status).toBe(403);
      await r.http().post(`/v1/orders/${order.id}/shipments`).set(as('k-wh')).send({ lines: [{ lineId, quantity: 1 }] }).expect(201);
      expect((await r.http().post(`/v1/orders/${order.id}/invoices`).set(as('k-wh')).send({ lines: [{ lineId, quantity: 1 }] })).status).toBe(403);
      await r.http().post(`/v1/orders/${order.id}/invoices`).set(as('k-acc')).send({ lines: [{ lineId, quantity: 1 }] }).expect(201);
    });
  });
});
