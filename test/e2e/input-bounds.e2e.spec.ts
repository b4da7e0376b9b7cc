import { Pool } from 'pg';
import { expectProblem } from '../support/expect-problem';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * The bounds of libs/domain/shared/bounds.ts over HTTP: every value beyond them is a 400 (415 for a body that
 * is not JSON) that writes nothing, and the largest values inside them go through every projection.
 */
describe('input bounds over HTTP', () => {
  let t: TestApp;
  let pool: Pool;
  let customerId: string;

  const eventCount = async () => Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM es_events')).rows[0].n);
  /** Events the request with this id wrote: its id is the causation of every event it appends. */
  const eventsOf = async (requestId: string) =>
    Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM es_events WHERE metadata->>'causationId' = $1`, [requestId])).rows[0].n);
  /** Sends `raw` exactly as written: numbers the JSON serialiser would have rewritten stay as they are. */
  const post = (path: string, raw: string, type = 'application/json') => t.http().post(path).set('content-type', type).send(raw);
  /** The request is refused with `status`/`code` and the log has not grown. */
  const refused = async (send: () => PromiseLike<import('supertest').Response>, status: number, code: string, field?: string) => {
    const before = await eventCount();
    const res = await send();
    expectProblem(res, status, code);
    if (field !== undefined) expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    expect(await eventsOf(res.headers['x-request-id'])).toBe(0);
    expect(await eventCount()).toBe(before);
    return res;
  };

  beforeAll(async () => {
    t = await startTestApp();
    pool = new Pool({ connectionString: t.databaseUrl, max: 2 });
    customerId = (await t.http().post('/v1/customers').send({ name: 'Bounds AG', creditLimit: '9999999999999.99' }).expect(201)).body.id;
    await t.http().post('/v1/products').send({ sku: 'BIG', name: 'Big', kind: 'stocked', unitPrice: '9999999999999.99', taxRate: '1', unitCost: '1' }).expect(201);
  });
  afterAll(async () => {
    await pool.end();
    await t.close();
  });

  describe('quantities', () => {
    const outOfBounds = ['1e21', '9007199254740993', '1e308', '1e400', '1e-7', '0.0005', '1.0001', '1.0000000000000001', '0', '-1', '1000000000', '999999999.9995', '"5"', 'null', 'true', '[]'];

    it.each(outOfBounds)('refuses an order line quantity of %s with a 400 naming it', async (quantity) => {
      await refused(() => post('/v1/orders', `{"customerId":"${customerId}","lines":[{"sku":"BIG","quantity":${quantity}}]}`), 400, 'VALIDATION_FAILED', 'lines[0].quantity');
    });

    it.each(outOfBounds)('refuses a stock receipt quantity of %s', async (quantity) => {
      await refused(() => post('/v1/stock/receipts', `{"sku":"BIG","quantity":${quantity},"unitCost":"1.00"}`), 400, 'VALIDATION_FAILED', 'quantity');
    });

    it('takes the largest quantity and the largest amounts, and every read model applies them', async () => {
      const receipt = await post('/v1/stock/receipts', '{"sku":"BIG","quantity":999999999.999,"unitCost":"9999999999999.99"}').expect(201);
      expect(receipt.body.quantity).toBe(999999999.999);
      const order = await post('/v1/orders', `{"customerId":"${customerId}","lines":[{"sku":"BIG","quantity":999999999.999,"discount":"0.000001"}]}`).expect(201);
      const [line] = order.body.lines;
      expect(line).toMatchObject({ quantity: 999999999.999, unitPrice: '9999999999999.99' });
      await t.http().post(`/v1/orders/${order.body.id}/confirm`).send({ overrideCreditLimit: true, reason: 'bounds' }).expect(200);
      const shipped = await t.http().post(`/v1/orders/${order.body.id}/shipments`).send({ lines: [{ lineId: line.lineId, quantity: 999999999.999 }] }).expect(201);
      const invoice = await t.http().post(`/v1/orders/${order.body.id}/invoices`).send({ lines: [{ lineId: line.lineId, quantity: 999999999.999 }] }).expect(201);
      const paid = await t.http().post('/v1/payments').send({ customerId, amount: '9999999999999.99', allocations: [{ invoiceId: invoice.body.id, amount: '9999999999999.99' }] }).expect(201);
      const after = paid.body.position;
      for (const path of ['/v1/stock/BIG', '/v1/orders', `/v1/receivables/customers/${customerId}`, '/v1/reports/trial-balance']) {
        const res = await t.http().get(path).query({ after });
        expect({ path, status: res.status }).toEqual({ path, status: 200 });
      }
      const stock = await t.http().get('/v1/stock/BIG').query({ after: shipped.body.position }).expect(200);
      expect(stock.body).toMatchObject({ sku: 'BIG', onHand: 0 });
      const projections = await t.http().get('/v1/projections').expect(200);
      expect(projections.body.projections.map((p: { status: string }) => p.status)).not.toContain('failed');
    });
  });

  describe('money, rates and dates', () => {
    it.each([
      ['a 14-digit price', { sku: 'M-1', name: 'M', kind: 'service', unitPrice: '10000000000000', taxRate: '0' }, 'unitPrice'],
      ['a rate above 1', { sku: 'M-2', name: 'M', kind: 'service', unitPrice: '1', taxRate: '1.000001' }, 'taxRate'],
      ['a rate with 7 decimals', { sku: 'M-3', name: 'M', kind: 'service', unitPrice: '1', taxRate: '0.1234567' }, 'taxRate'],
      ['a price in exponent form', { sku: 'M-4', name: 'M', kind: 'service', unitPrice: '1e3', taxRate: '0' }, 'unitPrice'],
    ])('refuses %s', async (_, body, field) => {
      await refused(() => t.http().post('/v1/products').send(body), 400, 'VALIDATION_FAILED', field);
    });

    it.each([
      ['requestedDeliveryDate', '3000-01-01'],
      ['requestedDeliveryDate', '1899-12-31'],
      ['requestedDeliveryDate', '2026-02-30'],
      ['requestedDeliveryDate', '2026-11-23T10:00:00Z'],
    ])('refuses %s %s', async (field, value) => {
      await refused(() => t.http().post('/v1/orders').send({ customerId, lines: [], [field]: value }), 400, 'VALIDATION_FAILED', field);
    });

    it('refuses a payment dated in year 1', async () => {
      await refused(() => t.http().post('/v1/payments').send({ customerId, amount: '1.00', receivedOn: '0001-01-01' }), 400, 'VALIDATION_FAILED', 'receivedOn');
    });
  });

  describe('text', () => {
    it.each([
      ['NUL', '{"name":"Acme\\u0000"}', 'name'],
      ['a lone surrogate', '{"name":"Acme \\ud800"}', 'name'],
      ['a lone low surrogate in an email', '{"name":"Acme","email":"a\\udc00@example.com"}', 'email'],
      ['a control character', '{"name":"Ac\\u0007me"}', 'name'],
      ['a newline in a name', '{"name":"Ac\\nme"}', 'name'],
      ['only spaces', '{"name":"   "}', 'name'],
      ['an empty string', '{"name":""}', 'name'],
      ['a name too long', `{"name":"${'x'.repeat(201)}"}`, 'name'],
      ['NUL in an address', '{"name":"Acme","billingAddress":{"line1":"Main St\\u0000","city":"Berlin","country":"DE"}}', 'billingAddress.line1'],
      ['a blank city', '{"name":"Acme","billingAddress":{"line1":"Main St","city":" \\t ","country":"DE"}}', 'billingAddress.city'],
      ['NUL in a key', '{"name":"Acme","x\\u0000":1}', 'x\u0000'],
      ['__proto__', '{"name":"Acme","__proto__":{"admin":true}}', '__proto__'],
    ])('refuses a customer with %s', async (_, raw, field) => {
      await refused(() => post('/v1/customers', raw), 400, 'VALIDATION_FAILED', field);
    });

    it('trims text and keeps inner spaces', async () => {
      const res = await t.http().post('/v1/customers').send({ name: '  Acme  GmbH ', email: ' ap@acme.example ' }).expect(201);
      expect(res.body).toMatchObject({ name: 'Acme  GmbH', email: 'ap@acme.example' });
    });

    it('refuses NUL in an order reference and a blank credit note reason', async () => {
      await refused(() => post('/v1/orders', `{"customerId":"${customerId}","customerReference":"PO\\u0000","lines":[]}`), 400, 'VALIDATION_FAILED', 'customerReference');
      const order = await t.http().post('/v1/orders').send({ customerId, lines: [{ sku: 'BIG', quantity: 1 }] }).expect(201);
      const [line] = order.body.lines;
      await t.http().post(`/v1/orders/${order.body.id}/confirm`).send({ overrideCreditLimit: true }).expect(200);
      const invoice = await t.http().post(`/v1/orders/${order.body.id}/invoices`).send({ lines: [{ lineId: line.lineId, quantity: 1 }] }).expect(201);
      await refused(() => t.http().post(`/v1/invoices/${invoice.body.id}/credit-notes`).send({ lines: [{ lineId: line.lineId, quantity: 1 }], reason: '  ' }), 400, 'VALIDATION_FAILED', 'reason');
    });
  });

  describe('the body itself', () => {
    const deep = (depth: number) => `{"name":"Deep","x":${'['.repeat(depth)}${']'.repeat(depth)}}`;

    it('refuses a body nested 5,000 deep with a 400, with and without an Idempotency-Key', async () => {
      await refused(() => post('/v1/customers', deep(5000)), 400, 'JSON_TOO_DEEP');
      await refused(() => post('/v1/customers', deep(5000)).set('Idempotency-Key', 'deep-1'), 400, 'JSON_TOO_DEEP');
      await refused(() => post('/v1/customers', deep(200_000)), 400, 'JSON_TOO_DEEP');
    });

    it.each([
      ['a form', 'name=Acme', 'application/x-www-form-urlencoded'],
      ['text', '{"name":"Acme"}', 'text/plain'],
      ['JSON in Latin-1', '{"name":"Acme"}', 'application/json; charset=latin1'],
      ['XML', '<name>Acme</name>', 'application/xml'],
    ])('refuses %s with 415', async (_, raw, type) => {
      await refused(() => post('/v1/customers', raw, type), 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('takes application/json with charset=utf-8', async () => {
      await post('/v1/customers', '{"name":"Charset"}', 'application/json; charset=UTF-8').expect(201);
    });

    it.each([
      ['malformed JSON', '{"name":', 'MALFORMED_JSON'],
      ['a duplicate key', '{"name":"A","name":"B"}', 'MALFORMED_JSON'],
      ['trailing garbage', '{"name":"A"} x', 'MALFORMED_JSON'],
      ['an array', '[{"name":"A"}]', 'VALIDATION_FAILED'],
      ['a string', '"Acme"', 'VALIDATION_FAILED'],
      ['null', 'null', 'VALIDATION_FAILED'],
    ])('refuses %s with 400', async (_, raw, code) => {
      await refused(() => post('/v1/customers', raw), 400, code);
    });

    it('refuses a body that is not UTF-8', async () => {
      const before = await eventCount();
      const res = await t.http().post('/v1/customers').set('content-type', 'application/json')
        // As bytes: the client's JSON serialiser must not touch them.
        .serialize((bytes: unknown) => bytes as string)
        .send(Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]));
      expectProblem(res, 400, 'MALFORMED_JSON');
      expect(await eventCount()).toBe(before);
    });
  });

  describe('fields', () => {
    it('refuses any field on a command that takes no body, and takes none or {}', async () => {
      const quote = await t.http().post('/v1/quotes').send({ customerId, lines: [{ sku: 'BIG', quantity: 1 }] }).expect(201);
      await refused(() => t.http().post(`/v1/quotes/${quote.body.id}/send`).send({ evil: true }), 400, 'VALIDATION_FAILED', 'evil');
      await refused(() => post(`/v1/quotes/${quote.body.id}/send`, '[]'), 400, 'VALIDATION_FAILED');
      await refused(() => post(`/v1/quotes/${quote.body.id}/send`, '"x"'), 400, 'VALIDATION_FAILED');
      await t.http().post(`/v1/quotes/${quote.body.id}/send`).send({}).expect(200);
      await t.http().post(`/v1/quotes/${quote.body.id}/accept`).expect(200);
    });

    it('refuses null where a value is required, and unknown fields everywhere', async () => {
      const order = await t.http().post('/v1/orders').send({ customerId, lines: [{ sku: 'BIG', quantity: 1 }] }).expect(201);
      const line = `/v1/orders/${order.body.id}/lines/${order.body.lines[0].lineId}`;
      await refused(() => t.http().patch(line).send({ quantity: null }), 400, 'VALIDATION_FAILED', 'quantity');
      await refused(() => t.http().patch(line).send({ unitPrice: null }), 400, 'VALIDATION_FAILED', 'unitPrice');
      await refused(() => t.http().patch(line).send({ quantity: 2, extra: 1 }), 400, 'VALIDATION_FAILED', 'extra');
      await refused(() => t.http().post('/v1/orders').send({ customerId, currency: null, lines: [] }), 400, 'VALIDATION_FAILED', 'currency');
      await refused(() => t.http().post('/v1/orders').send({ customerId, lines: [null] }), 400, 'VALIDATION_FAILED');
      await refused(() => t.http().patch(`/v1/customers/${customerId}`).send({ name: null }), 400, 'VALIDATION_FAILED', 'name');
      await refused(() => t.http().post(`/v1/orders/${order.body.id}/lines`).send({ sku: 'BIG', quantity: 1, lines: [] }), 400, 'VALIDATION_FAILED', 'lines');
      // null still clears what null may clear.
      await t.http().patch(`/v1/customers/${customerId}`).send({ creditLimit: null, email: null }).expect(200);
    });
  });
});
