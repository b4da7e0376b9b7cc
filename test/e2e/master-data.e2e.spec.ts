import { PostgresEventStore } from '@ledgerline/event-store/postgres/postgres-event-store';
import { StoredEvent } from '@ledgerline/event-store/port';
import { logSize } from '../support/log-size';
import { TestApp, startTestApp } from '../support/test-app';

/** api.md "Master data", conventions and errors, over HTTP against the real app and PostgreSQL. */
describe('master data over HTTP', () => {
  let t: TestApp;
  let log: PostgresEventStore;

  beforeAll(async () => {
    t = await startTestApp();
    log = PostgresEventStore.fromConnectionString(t.databaseUrl, { max: 2 });
  });
  afterAll(async () => {
    await log.close();
    await t.close();
  });

  const streamEvents = (streamId: string): Promise<StoredEvent[]> => log.readStream(streamId);
  const newCustomer = async (body: Record<string, unknown> = {}) => {
    const res = await t.http().post('/v1/customers').send({ name: 'Acme GmbH', ...body }).expect(201);
    return res.body as { id: string; version: number };
  };
  const expectProblem = (res: { status: number; headers: Record<string, string>; body: Record<string, unknown> }, status: number, code: string) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
  };

  it('answers /health without a key', async () => {
    await t.http().get('/health').expect(200, { status: 'ok' });
  });

  it('serves the OpenAPI document and Swagger UI', async () => {
    const res = await t.http().get('/v1/openapi.json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/v1/customers', '/v1/customers/{id}', '/v1/products', '/v1/products/{sku}', '/v1/stock/receipts', '/health']),
    );
    expect(res.body.components.schemas.CreateCustomerDto.properties).toHaveProperty('creditLimit');
    const ui = await t.http().get('/v1/docs').redirects(1).expect(200);
    expect(ui.text).toContain('swagger-ui');
  });

  describe('customers', () => {
    it('creates a customer with defaults, returns version, position and ETag, and reads it back', async () => {
      const res = await t.http().post('/v1/customers').send({ name: 'Acme GmbH', creditLimit: '5000', email: 'ap@acme.example' }).expect(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'Acme GmbH',
        currency: 'EUR',
        creditLimit: '5000.00',
        paymentTermsDays: 30,
        invoicePolicy: 'ordered',
        email: 'ap@acme.example',
        billingAddress: null,
        shippingAddress: null,
        salespersonId: null,
        contacts: [],
        blocked: false,
        version: 0,
        position: expect.stringMatching(/^pg:\d{20}:\d{19}$/),
      });
      expect(res.headers.etag).toBe('"0"');
      const got = await t.http().get(`/v1/customers/${res.body.id}`).expect(200);
      expect(got.body).toEqual(res.body);
      expect(got.headers.etag).toBe('"0"');
    });

    it('records actor, correlation id and command on the event', async () => {
      const res = await t.http().post('/v1/customers').set('x-correlation-id', 'corr-42').send({ name: 'Traced' }).expect(201);
      expect(res.headers['x-correlation-id']).toBe('corr-42');
      const [event] = await streamEvents(`customer-${res.body.id}`);
      expect(event.type).toBe('CustomerCreated');
      expect(event.metadata).toMatchObject({ actor: 'dev-admin', correlationId: 'corr-42', command: 'CreateCustomer', schemaVersion: 1 });
      expect(event.metadata.causationId).toBe(res.headers['x-request-id']);
    });

    it('refuses invalid input with 400 and per-field errors, writing nothing', async () => {
      const eventsBefore = await logSize(t.databaseUrl);
      const missing = await t.http().post('/v1/customers').send({ currency: 'euro', creditLimit: 12.5, paymentTermsDays: -1 });
      expectProblem(missing, 400, 'VALIDATION_FAILED');
      const fields = (missing.body.errors as { field: string }[]).map((e) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['name', 'currency', 'creditLimit', 'paymentTermsDays']));

      expectProblem(await t.http().post('/v1/customers').send({ name: 'X', rogue: true }), 400, 'VALIDATION_FAILED');
      const nested = await t.http().post('/v1/customers').send({ name: 'X', billingAddress: { line1: 'A', city: 'B', country: 'Germany' } });
      expectProblem(nested, 400, 'VALIDATION_FAILED');
      expect(nested.body.errors).toEqual([expect.objectContaining({ field: 'billingAddress.country' })]);
      const yen = await t.http().post('/v1/customers').send({ name: 'X', currency: 'JPY', creditLimit: '100.50' });
      expectProblem(yen, 400, 'VALIDATION_FAILED');
      expect(yen.body.errors).toEqual([expect.objectContaining({ field: 'creditLimit' })]);
      const malformed = await t.http().post('/v1/customers').set('content-type', 'application/json').send('{"name": ');
      expectProblem(malformed, 400, 'MALFORMED_JSON');
      expect(await logSize(t.databaseUrl)).toBe(eventsBefore);
    });

    it('refuses an oversized body with 413', async () => {
      expectProblem(await t.http().post('/v1/customers').send({ name: 'x'.repeat(2_000_000) }), 413, 'PAYLOAD_TOO_LARGE');
    });

    it('answers 404 for an unknown or malformed id', async () => {
      expectProblem(await t.http().get('/v1/customers/8d7a1c52-3b1e-4f7a-9a51-1f2d3c4b5a69'), 404, 'CUSTOMER_NOT_FOUND');
      expectProblem(await t.http().get('/v1/customers/not-a-uuid'), 404, 'CUSTOMER_NOT_FOUND');
      expectProblem(await t.http().patch('/v1/customers/8d7a1c52-3b1e-4f7a-9a51-1f2d3c4b5a69').send({ name: 'X' }), 404, 'CUSTOMER_NOT_FOUND');
      expectProblem(await t.http().get('/v1/nowhere'), 404, 'NOT_FOUND');
    });

    it('patches fields and blocks, one version per change, nothing for a no-op', async () => {
      const { id } = await newCustomer();
      const renamed = await t.http().patch(`/v1/customers/${id}`).send({ name: 'Acme AG', paymentTermsDays: 14 }).expect(200);
      expect(renamed.body).toMatchObject({ name: 'Acme AG', paymentTermsDays: 14, version: 1 });
      const blocked = await t.http().patch(`/v1/customers/${id}`).send({ blocked: true, blockReason: 'unpaid invoices' }).expect(200);
      expect(blocked.body).toMatchObject({ blocked: true, version: 2 });
      const same = await t.http().patch(`/v1/customers/${id}`).send({ name: 'Acme AG' }).expect(200);
      expect(same.body.version).toBe(2);
      const unlimited = await t.http().patch(`/v1/customers/${id}`).send({ creditLimit: null }).expect(200);
      expect(unlimited.body).toMatchObject({ creditLimit: null, version: 2 });
      expect((await streamEvents(`customer-${id}`)).map((e) => e.type)).toEqual(['CustomerCreated', 'CustomerUpdated', 'CustomerBlocked']);
      expectProblem(await t.http().patch(`/v1/customers/${id}`).send({}), 400, 'VALIDATION_FAILED');
    });

    it('honours If-Match: 412 on a stale version, leaving the stream unchanged', async () => {
      const { id } = await newCustomer();
      await t.http().patch(`/v1/customers/${id}`).set('If-Match', '"0"').send({ name: 'First' }).expect(200);
      const stale = await t.http().patch(`/v1/customers/${id}`).set('If-Match', '"0"').send({ name: 'Second' });
      expectProblem(stale, 412, 'VERSION_MISMATCH');
      expect(stale.body).toMatchObject({ expectedVersion: 0, currentVersion: 1 });
      expect(stale.headers.etag).toBe('"1"');
      expect((await streamEvents(`customer-${id}`)).length).toBe(2);
      expectProblem(await t.http().patch(`/v1/customers/${id}`).set('If-Match', 'yesterday').send({ name: 'X' }), 400, 'INVALID_IF_MATCH');
      await t.http().patch(`/v1/customers/${id}`).set('If-Match', 'W/"1"').send({ name: 'Third' }).expect(200);
    });

    it('lets racing PATCHes without If-Match all land through internal retries', async () => {
      const { id } = await newCustomer();
      const responses = await Promise.all(
        Array.from({ length: 12 }, (_, i) => t.http().patch(`/v1/customers/${id}`).send({ name: `Name ${i}` })),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(12).fill(200));
      const events = await streamEvents(`customer-${id}`);
      expect(events.map((e) => e.version)).toEqual(Array.from({ length: 13 }, (_, i) => i));
    });
  });

  describe('idempotency keys', () => {
    it('replays the first response for the same key and body and writes nothing', async () => {
      const body = { name: 'Integration Ltd', paymentTermsDays: 10 };
      const first = await t.http().post('/v1/customers').set('Idempotency-Key', 'shop-order-1').send(body).expect(201);
      const eventsBefore = await logSize(t.databaseUrl);
      const again = await t.http().post('/v1/customers').set('Idempotency-Key', 'shop-order-1').send({ paymentTermsDays: 10, name: 'Integration Ltd' });
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(await logSize(t.databaseUrl)).toBe(eventsBefore);
      expect(await streamEvents(`customer-${first.body.id}`)).toHaveLength(1);
    });

    it('runs 30 racing POSTs with one key once: a live holder keeps its claim', async () => {
      const body = { name: 'Racing Ltd' };
      const responses = await Promise.all(Array.from({ length: 30 }, () => t.http().post('/v1/customers').set('Idempotency-Key', 'race-1').send(body)));
      const created = responses.filter((r) => r.status === 201);
      expect(created.length + responses.filter((r) => r.status === 409 && r.body.code === 'IDEMPOTENCY_KEY_IN_PROGRESS').length).toBe(30);
      for (const r of created) expect(r.body).toEqual(created[0].body);
      expect(await streamEvents(`customer-${created[0].body.id}`)).toHaveLength(1);
    });

    it('refuses the same key with another body with 422', async () => {
      await t.http().post('/v1/customers').set('Idempotency-Key', 'shop-order-2').send({ name: 'One' }).expect(201);
      expectProblem(await t.http().post('/v1/customers').set('Idempotency-Key', 'shop-order-2').send({ name: 'Two' }), 422, 'IDEMPOTENCY_KEY_REUSED');
    });

    it('does not keep a failed attempt: the corrected retry with the same key runs', async () => {
      expectProblem(await t.http().post('/v1/products').set('Idempotency-Key', 'p-1').send({ sku: 'IDEM-1', name: 'X', kind: 'stocked', unitPrice: 'ten', taxRate: '0.2' }), 400, 'VALIDATION_FAILED');
      await t.http().post('/v1/products').set('Idempotency-Key', 'p-1').send({ sku: 'IDEM-1', name: 'X', kind: 'stocked', unitPrice: '10', taxRate: '0.2' }).expect(201);
    });

    it('keeps keys apart per caller scope and refuses malformed keys', async () => {
      expectProblem(await t.http().post('/v1/customers').set('Idempotency-Key', 'x'.repeat(300)).send({ name: 'X' }), 400, 'INVALID_IDEMPOTENCY_KEY');
    });
  });

  describe('products', () => {
    it('creates a product with canonical money and reads it back by sku', async () => {
      const res = await t.http().post('/v1/products').send({ sku: 'WIDGET-1', name: 'Widget', kind: 'stocked', unitPrice: '10.5', taxRate: '0.2', unitCost: '4' }).expect(201);
      expect(res.body).toEqual({
        sku: 'WIDGET-1',
        name: 'Widget',
        kind: 'stocked',
        currency: 'EUR',
        unitPrice: '10.50',
        taxRate: '0.20',
        unitCost: '4.00',
        active: true,
        supplierId: null,
        purchasePrice: null,
        version: 0,
        position: expect.any(String),
      });
      const got = await t.http().get('/v1/products/WIDGET-1').expect(200);
      expect(got.body).toEqual(res.body);
      expect(got.headers.etag).toBe('"0"');
    });

    it('refuses a taken sku with 409 SKU_TAKEN, writing nothing', async () => {
      await t.http().post('/v1/products').send({ sku: 'DUP-1', name: 'A', kind: 'service', unitPrice: '1', taxRate: '0' }).expect(201);
      const eventsBefore = await logSize(t.databaseUrl);
      expectProblem(await t.http().post('/v1/products').send({ sku: 'DUP-1', name: 'B', kind: 'stocked', unitPrice: '2', taxRate: '0' }), 409, 'SKU_TAKEN');
      expect(await logSize(t.databaseUrl)).toBe(eventsBefore);
    });

    it('refuses bad rates, amounts and kinds with 400; a service with a cost with 409', async () => {
      const base = { sku: 'BAD-1', name: 'Bad', kind: 'stocked', unitPrice: '1.00', taxRate: '0.20' };
      for (const patch of [{ taxRate: '1.5' }, { taxRate: 0.2 }, { unitPrice: '-1' }, { unitPrice: '1.234' }, { kind: 'digital' }, { sku: 'has space' }]) {
        const res = await t.http().post('/v1/products').send({ ...base, ...patch });
        expectProblem(res, 400, 'VALIDATION_FAILED');
      }
      expectProblem(await t.http().post('/v1/products').send({ ...base, kind: 'service', unitCost: '1' }), 409, 'SERVICE_HAS_NO_COST');
      expectProblem(await t.http().get('/v1/products/NOPE-1'), 404, 'PRODUCT_NOT_FOUND');
    });
  });

  describe('stock receipts', () => {
    beforeAll(async () => {
      await t.http().post('/v1/products').send({ sku: 'STOCK-1', name: 'Stocked', kind: 'stocked', unitPrice: '10', taxRate: '0.2' }).expect(201);
      await t.http().post('/v1/products').send({ sku: 'SERV-1', name: 'Service', kind: 'service', unitPrice: '10', taxRate: '0.2' }).expect(201);
    });

    it('receives stock and reads the receipt back', async () => {
      const res = await t.http().post('/v1/stock/receipts').send({ sku: 'STOCK-1', quantity: 2.5, unitCost: '4.1' }).expect(201);
      expect(res.body).toEqual({ id: expect.any(String), sku: 'STOCK-1', quantity: 2.5, unitCost: '4.10', currency: 'EUR', version: 0, position: expect.any(String) });
      await t.http().get(`/v1/stock/receipts/${res.body.id}`).expect(200, res.body);
      const [event] = await streamEvents(`stockReceipt-${res.body.id}`);
      expect(event).toMatchObject({ type: 'StockReceived', data: { sku: 'STOCK-1', quantity: 2.5, unitCost: '4.10' } });
    });

    it('refuses unknown skus (404), services (409) and bad quantities (400), writing nothing', async () => {
      const eventsBefore = await logSize(t.databaseUrl);
      expectProblem(await t.http().post('/v1/stock/receipts').send({ sku: 'NOPE-9', quantity: 1, unitCost: '1' }), 404, 'PRODUCT_NOT_FOUND');
      expectProblem(await t.http().post('/v1/stock/receipts').send({ sku: 'SERV-1', quantity: 1, unitCost: '1' }), 409, 'PRODUCT_NOT_STOCKED');
      for (const quantity of [0, -1, 1.0001, '3']) {
        expectProblem(await t.http().post('/v1/stock/receipts').send({ sku: 'STOCK-1', quantity, unitCost: '1' }), 400, 'VALIDATION_FAILED');
      }
      expect(await logSize(t.databaseUrl)).toBe(eventsBefore);
    });
  });
});
