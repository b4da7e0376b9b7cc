import { orderIdForQuote } from '@ledgerline/application/quotes/quote.handlers';
import { PostgresEventStore } from '@ledgerline/event-store/postgres/postgres-event-store';
import { StoredEvent } from '@ledgerline/event-store/port';
import { logSize } from '../support/log-size';
import { TestApp, startTestApp } from '../support/test-app';

type Res = { status: number; headers: Record<string, string>; body: Record<string, unknown> };

const expectProblem = (res: Res, status: number, code: string) => {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code });
};

/** api.md "Quotes" over HTTP against the real app and PostgreSQL. */
describe('quotes over HTTP', () => {
  let t: TestApp;
  let log: PostgresEventStore;
  let customerId: string;

  beforeAll(async () => {
    t = await startTestApp();
    log = PostgresEventStore.fromConnectionString(t.databaseUrl, { max: 2 });
    await t.http().post('/v1/products').send({ sku: 'Q-WIDGET', name: 'Widget', kind: 'stocked', unitPrice: '10', taxRate: '0.2' }).expect(201);
    await t.http().post('/v1/products').send({ sku: 'Q-CONSULT', name: 'Consulting', kind: 'service', unitPrice: '100', taxRate: '0.2' }).expect(201);
    customerId = (await t.http().post('/v1/customers').send({ name: 'Quote Customer' }).expect(201)).body.id;
  });
  afterAll(async () => {
    await log.close();
    await t.close();
  });

  const streamEvents = (streamId: string): Promise<StoredEvent[]> => log.readStream(streamId);
  const quoteEvents = async (id: string) => (await streamEvents(`quote-${id}`)).map((e) => e.type);
  const widgetLine = { sku: 'Q-WIDGET', quantity: 3, discount: '0.1' };
  const consultLine = { sku: 'Q-CONSULT', quantity: 1.5, unitPrice: '90' };
  const newQuote = async (body: Record<string, unknown> = {}): Promise<{ id: string; lines: { lineId: string }[]; version: number }> =>
    (await t.http().post('/v1/quotes').send({ customerId, lines: [widgetLine, consultLine], ...body }).expect(201)).body;
  const post = (id: string, action: string) => t.http().post(`/v1/quotes/${id}/${action}`);
  const sentQuote = async (body: Record<string, unknown> = {}) => {
    const quote = await newQuote(body);
    await post(quote.id, 'send').expect(200);
    return quote;
  };
  const acceptedQuote = async (body: Record<string, unknown> = {}) => {
    const quote = await sentQuote(body);
    await post(quote.id, 'accept').expect(200);
    return quote;
  };
  const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const DAY = 86_400_000;

  it('lists the quote endpoints in the OpenAPI document', async () => {
    const res = await t.http().get('/v1/openapi.json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/quotes',
        '/v1/quotes/{id}',
        '/v1/quotes/{id}/send',
        '/v1/quotes/{id}/accept',
        '/v1/quotes/{id}/decline',
        '/v1/quotes/{id}/convert',
        '/v1/quotes/{id}/lines',
        '/v1/quotes/{id}/lines/{lineId}',
      ]),
    );
    expect(res.body.components.schemas.QuoteLineDto.required).toEqual(['sku', 'quantity']);
  });

  describe('creating and reading', () => {
    it('creates a draft priced from the products, in the customer currency, valid 30 days; reads it back with an ETag', async () => {
      const before = Date.now();
      const res = await t.http().post('/v1/quotes').send({ customerId, lines: [widgetLine, consultLine] }).expect(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        customerId,
        status: 'draft',
        validUntil: expect.any(String),
        currency: 'EUR',
        billingAddress: null,
        shippingAddress: null,
        lines: [
          {
            lineId: expect.stringMatching(/^[0-9a-f-]{36}$/),
            sku: 'Q-WIDGET',
            kind: 'stocked',
            quantity: 3,
            unitPrice: '10.00',
            discount: '0.10',
            taxRate: '0.20',
            net: '27.00',
            tax: '5.40',
            gross: '32.40',
          },
          {
            lineId: expect.stringMatching(/^[0-9a-f-]{36}$/),
            sku: 'Q-CONSULT',
            kind: 'service',
            quantity: 1.5,
            unitPrice: '90.00',
            discount: '0.00',
            taxRate: '0.20',
            net: '135.00',
            tax: '27.00',
            gross: '162.00',
          },
        ],
        totals: { net: '162.00', tax: '32.40', gross: '194.40' },
        version: 0,
        position: expect.stringMatching(/^pg:\d{20}:\d{19}$/),
      });
      // 30 days after the day of the request (UTC), whichever side of midnight the request fell.
      expect([utcDate(before + 30 * DAY), utcDate(Date.now() + 30 * DAY)]).toContain(res.body.validUntil);
      expect(res.headers.etag).toBe('"0"');
      const got = await t.http().get(`/v1/quotes/${res.body.id}`).expect(200);
      expect(got.body).toEqual(res.body);
      expect(got.headers.etag).toBe('"0"');
      const [event] = await streamEvents(`quote-${res.body.id}`);
      expect(event).toMatchObject({ type: 'QuoteDrafted', metadata: { command: 'DraftQuote', actor: 'dev-admin' } });
    });

    it('takes validUntil as a date-time with offset (kept in UTC) and a currency of its own', async () => {
      const validUntil = new Date(Date.now() + 5 * DAY);
      validUntil.setUTCMilliseconds(0);
      const offset = `${validUntil.toISOString().slice(0, 19)}+00:00`;
      const quote = await newQuote({ validUntil: offset, currency: 'USD', lines: [{ sku: 'Q-WIDGET', quantity: 1, unitPrice: '12.5' }] });
      expect(quote).toMatchObject({ validUntil: validUntil.toISOString(), currency: 'USD', lines: [{ unitPrice: '12.50', net: '12.50' }] });
    });

    it('may start empty and is built line by line: add (201), change and remove (200), one version each', async () => {
      const { id } = await newQuote({ lines: [] });
      const added = await t.http().post(`/v1/quotes/${id}/lines`).send(widgetLine).expect(201);
      const { lineId } = added.body.lines[0];
      expect(added.body).toMatchObject({ version: 1, lines: [{ sku: 'Q-WIDGET', quantity: 3, discount: '0.10' }], totals: { gross: '32.40' } });
      const changed = await t.http().patch(`/v1/quotes/${id}/lines/${lineId}`).send({ quantity: 5, unitPrice: '8', discount: '0' }).expect(200);
      expect(changed.body).toMatchObject({ version: 2, lines: [{ lineId, quantity: 5, unitPrice: '8.00', discount: '0.00', net: '40.00' }] });
      const same = await t.http().patch(`/v1/quotes/${id}/lines/${lineId}`).send({ quantity: 5 }).expect(200);
      expect(same.body.version).toBe(2);
      // null is not "keep": a field is kept by leaving it out.
      const nulled = await t.http().patch(`/v1/quotes/${id}/lines/${lineId}`).send({ quantity: 5, discount: null }).expect(400);
      expect(nulled.body.errors).toEqual([expect.objectContaining({ field: 'discount' })]);
      const removed = await t.http().delete(`/v1/quotes/${id}/lines/${lineId}`).expect(200);
      expect(removed.body).toMatchObject({ version: 3, lines: [], totals: { net: '0.00', tax: '0.00', gross: '0.00' } });
      expect(await quoteEvents(id)).toEqual(['QuoteDrafted', 'QuoteLineAdded', 'QuoteLineChanged', 'QuoteLineRemoved']);
    });

    it('replays a create sent again with the same Idempotency-Key', async () => {
      const body = { customerId, lines: [widgetLine] };
      const first = await t.http().post('/v1/quotes').set('Idempotency-Key', 'quote-1').send(body).expect(201);
      const again = await t.http().post('/v1/quotes').set('Idempotency-Key', 'quote-1').send(body).expect(201);
      expect(again.body).toEqual(first.body);
      expect(await quoteEvents(first.body.id)).toEqual(['QuoteDrafted']);
    });
  });

  describe('refusals', () => {
    it('refuses invalid input with 400, writing nothing', async () => {
      const { id, lines } = await newQuote();
      const afterCreate = await logSize(t.databaseUrl);
      const invalid: Record<string, unknown>[] = [
        { customerId, lines: [widgetLine], rogue: true },
        { customerId, lines: [{ ...widgetLine, rogue: true }] },
        { customerId, lines: [{ ...widgetLine, unitPrice: '1.234' }] },
        { customerId, lines: [{ ...widgetLine, unitPrice: 12.5 }] },
        { customerId, lines: [{ ...widgetLine, quantity: 0 }] },
        { customerId, lines: [{ ...widgetLine, quantity: 1.0001 }] },
        { customerId, lines: [{ ...widgetLine, discount: '1.5' }] },
        { customerId, lines: [{ quantity: 1 }] },
        { customerId, lines: 'none' },
        { customerId },
        { customerId: 'not-a-uuid', lines: [widgetLine] },
        { customerId, lines: [widgetLine], validUntil: '31.12.2030' },
        { customerId, lines: [widgetLine], validUntil: '2030-02-30' },
        { customerId, lines: [widgetLine], validUntil: '2030-12-31T12:00:00' },
        { customerId, lines: [widgetLine], validUntil: '2020-01-01' },
        { customerId, lines: [widgetLine], currency: 'euro' },
      ];
      for (const body of invalid) expectProblem(await t.http().post('/v1/quotes').send(body), 400, 'VALIDATION_FAILED');
      const nested = await t.http().post('/v1/quotes').send({ customerId, lines: [widgetLine, { ...widgetLine, quantity: 0 }] });
      expect(nested.body.errors).toEqual([expect.objectContaining({ field: 'lines[1].quantity' })]);
      expectProblem(await t.http().post(`/v1/quotes/${id}/lines`).send({ ...widgetLine, unitPrice: 'ten' }), 400, 'VALIDATION_FAILED');
      const line = `/v1/quotes/${id}/lines/${lines[0].lineId}`;
      for (const body of [{ quantity: 0 }, { discount: '2' }, { sku: 'Q-CONSULT' }, {}]) expectProblem(await t.http().patch(line).send(body), 400, 'VALIDATION_FAILED');
      expect(await logSize(t.databaseUrl)).toBe(afterCreate);
    });

    it('answers 404 for an unknown quote, customer, sku or line', async () => {
      const unknown = '8d7a1c52-3b1e-4f7a-9a51-1f2d3c4b5a69';
      expectProblem(await t.http().get(`/v1/quotes/${unknown}`), 404, 'QUOTE_NOT_FOUND');
      expectProblem(await t.http().get('/v1/quotes/not-a-uuid'), 404, 'QUOTE_NOT_FOUND');
      for (const action of ['send', 'accept', 'decline', 'convert']) expectProblem(await post(unknown, action), 404, 'QUOTE_NOT_FOUND');
      expectProblem(await t.http().post(`/v1/quotes/${unknown}/lines`).send(widgetLine), 404, 'QUOTE_NOT_FOUND');
      expectProblem(await t.http().post('/v1/quotes').send({ customerId: unknown, lines: [widgetLine] }), 404, 'CUSTOMER_NOT_FOUND');
      expectProblem(await t.http().post('/v1/quotes').send({ customerId, lines: [{ sku: 'NOPE-1', quantity: 1 }] }), 404, 'PRODUCT_NOT_FOUND');
      const { id } = await newQuote();
      expectProblem(await t.http().post(`/v1/quotes/${id}/lines`).send({ sku: 'NOPE-1', quantity: 1 }), 404, 'PRODUCT_NOT_FOUND');
      expectProblem(await t.http().patch(`/v1/quotes/${id}/lines/${unknown}`).send({ quantity: 1 }), 404, 'LINE_NOT_FOUND');
      expectProblem(await t.http().delete(`/v1/quotes/${id}/lines/not-a-uuid`), 404, 'LINE_NOT_FOUND');
      expect(await quoteEvents(id)).toEqual(['QuoteDrafted']);
    });

    it('refuses a quote for a blocked customer, and a product priced in another currency without a unitPrice (409)', async () => {
      const blocked = (await t.http().post('/v1/customers').send({ name: 'Blocked' }).expect(201)).body.id;
      await t.http().patch(`/v1/customers/${blocked}`).send({ blocked: true }).expect(200);
      expectProblem(await t.http().post('/v1/quotes').send({ customerId: blocked, lines: [widgetLine] }), 409, 'CUSTOMER_BLOCKED');
      const dollars = (await t.http().post('/v1/customers').send({ name: 'Dollar Inc', currency: 'USD' }).expect(201)).body.id;
      const mismatch = await t.http().post('/v1/quotes').send({ customerId: dollars, lines: [widgetLine] });
      expectProblem(mismatch, 409, 'PRICE_CURRENCY_MISMATCH');
      expect(mismatch.body).toMatchObject({ sku: 'Q-WIDGET', productCurrency: 'EUR', quoteCurrency: 'USD' });
    });

    it('honours If-Match: 412 on a stale version, leaving the stream unchanged', async () => {
      const { id } = await newQuote();
      const stale = await post(id, 'send').set('If-Match', '"3"');
      expectProblem(stale, 412, 'VERSION_MISMATCH');
      expect(stale.headers.etag).toBe('"0"');
      const convertStale = await post(id, 'convert').set('If-Match', '"7"');
      expectProblem(convertStale, 412, 'VERSION_MISMATCH');
      expect(await quoteEvents(id)).toEqual(['QuoteDrafted']);
      expect(await streamEvents(`order-${orderIdForQuote(id)}`)).toEqual([]);
      const sent = await post(id, 'send').set('If-Match', '"0"').expect(200);
      expect(sent.headers.etag).toBe('"1"');
    });
  });

  describe('lifecycle', () => {
    it('sends, accepts or declines, each once (409 INVALID_TRANSITION otherwise)', async () => {
      const { id } = await newQuote();
      expectProblem(await post(id, 'accept'), 409, 'INVALID_TRANSITION');
      const sent = await post(id, 'send').expect(200);
      expect(sent.body).toMatchObject({ status: 'sent', version: 1 });
      const again = await post(id, 'send');
      expectProblem(again, 409, 'INVALID_TRANSITION');
      expect(again.body).toMatchObject({ from: 'sent', action: 'send' });
      expectProblem(await post(id, 'convert'), 409, 'INVALID_TRANSITION');
      const accepted = await post(id, 'accept').expect(200);
      expect(accepted.body).toMatchObject({ status: 'accepted', version: 2 });
      expectProblem(await post(id, 'decline'), 409, 'INVALID_TRANSITION');
      const declined = await sentQuote();
      expect((await post(declined.id, 'decline').expect(200)).body).toMatchObject({ status: 'declined' });
      const refused = await post(declined.id, 'convert');
      expectProblem(refused, 409, 'INVALID_TRANSITION');
      expect(refused.body).toMatchObject({ from: 'declined', action: 'convert' });
      expect(await quoteEvents(id)).toEqual(['QuoteDrafted', 'QuoteSent', 'QuoteAccepted']);
    });

    it('refuses to send a quote without lines (409 QUOTE_HAS_NO_LINES), writing nothing', async () => {
      const { id } = await newQuote({ lines: [] });
      expectProblem(await post(id, 'send'), 409, 'QUOTE_HAS_NO_LINES');
      expect((await t.http().get(`/v1/quotes/${id}`).expect(200)).body).toMatchObject({ status: 'draft', version: 0 });
    });

    it('edits lines only in draft (409 QUOTE_NOT_EDITABLE)', async () => {
      const { id, lines } = await sentQuote();
      const line = `/v1/quotes/${id}/lines/${lines[0].lineId}`;
      for (const res of [
        await t.http().post(`/v1/quotes/${id}/lines`).send(widgetLine),
        await t.http().patch(line).send({ quantity: 9 }),
        await t.http().delete(line),
      ]) {
        expectProblem(res, 409, 'QUOTE_NOT_EDITABLE');
        expect(res.body).toMatchObject({ quoteStatus: 'sent' });
      }
      expect(await quoteEvents(id)).toEqual(['QuoteDrafted', 'QuoteSent']);
    });

    it('leaves the stream version unchanged when a command is refused', async () => {
      const { id } = await acceptedQuote();
      const before = await t.http().get(`/v1/quotes/${id}`).expect(200);
      for (const action of ['send', 'accept', 'decline']) expectProblem(await post(id, action), 409, 'INVALID_TRANSITION');
      const after = await t.http().get(`/v1/quotes/${id}`).expect(200);
      expect(after.body).toEqual(before.body);
      expect(after.headers.etag).toBe(before.headers.etag);
      expect((await streamEvents(`quote-${id}`)).length).toBe(before.body.version + 1);
    });

    it('reads an open quote as expired once validUntil passes, and refuses to accept or convert it (409 QUOTE_EXPIRED)', async () => {
      // Long enough to send and accept before it passes, even on a busy machine.
      const validUntil = new Date(Date.now() + 2500).toISOString();
      const toAccept = await sentQuote({ validUntil });
      const toConvert = await acceptedQuote({ validUntil });
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(validUntil) - Date.now() + 50)));
      for (const id of [toAccept.id, toConvert.id]) {
        expect((await t.http().get(`/v1/quotes/${id}`).expect(200)).body).toMatchObject({ status: 'expired', validUntil });
      }
      const expired = await post(toAccept.id, 'accept');
      expectProblem(expired, 409, 'QUOTE_EXPIRED');
      expect(expired.body).toMatchObject({ validUntil });
      expectProblem(await post(toConvert.id, 'convert'), 409, 'QUOTE_EXPIRED');
      expect(await quoteEvents(toConvert.id)).toEqual(['QuoteDrafted', 'QuoteSent', 'QuoteAccepted']);
      expect(await streamEvents(`order-${orderIdForQuote(toConvert.id)}`)).toEqual([]);
    });
  });

  describe('conversion', () => {
    it('converts an accepted quote into a draft order carrying its customer, lines, prices and discounts; linked both ways', async () => {
      const quote = await acceptedQuote();
      const res = await post(quote.id, 'convert').set('x-correlation-id', 'convert-1').expect(201);
      expect(res.body).toEqual({ orderId: orderIdForQuote(quote.id), version: 3, position: expect.any(String) });
      const { orderId } = res.body;
      const got = await t.http().get(`/v1/quotes/${quote.id}`).expect(200);
      expect(got.body).toMatchObject({ status: 'accepted', orderId, version: 3 });

      const orderEvents = await streamEvents(`order-${orderId}`);
      expect(orderEvents).toHaveLength(1);
      expect(orderEvents[0]).toMatchObject({
        type: 'OrderDrafted',
        data: {
          orderId,
          customerId,
          quoteId: quote.id,
          orderType: 'standard',
          currency: 'EUR',
          invoicePolicy: null,
          lines: [
            { lineId: quote.lines[0].lineId, sku: 'Q-WIDGET', kind: 'stocked', quantity: 3, unitPrice: '10.00', discount: '0.10', taxRate: '0.20' },
            { lineId: quote.lines[1].lineId, sku: 'Q-CONSULT', kind: 'service', quantity: 1.5, unitPrice: '90.00', discount: '0.00', taxRate: '0.20' },
          ],
        },
        metadata: { command: 'DraftOrder', correlationId: 'convert-1' },
      });
      const converted = (await streamEvents(`quote-${quote.id}`)).at(-1);
      expect(converted).toMatchObject({ type: 'QuoteConverted', data: { quoteId: quote.id, orderId }, metadata: { correlationId: 'convert-1' } });
      expect(converted!.position > orderEvents[0].position).toBe(true);
    });

    it('returns the same order on a second convert and writes nothing', async () => {
      const { id } = await acceptedQuote();
      const first = await post(id, 'convert').expect(201);
      const eventsBefore = await logSize(t.databaseUrl);
      const second = await post(id, 'convert').expect(201);
      expect(second.body).toEqual(first.body);
      expect(await logSize(t.databaseUrl)).toBe(eventsBefore);
    });

    it('gives one order to ten concurrent converts', async () => {
      const { id } = await acceptedQuote();
      const responses = await Promise.all(Array.from({ length: 10 }, () => post(id, 'convert')));
      expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
      expect(new Set(responses.map((r) => r.body.orderId))).toEqual(new Set([orderIdForQuote(id)]));
      expect(await streamEvents(`order-${orderIdForQuote(id)}`)).toHaveLength(1);
      expect(await quoteEvents(id)).toEqual(['QuoteDrafted', 'QuoteSent', 'QuoteAccepted', 'QuoteConverted']);
    });

    it('completes a conversion whose order an interrupted attempt already drafted', async () => {
      const { id } = await acceptedQuote();
      const orderId = orderIdForQuote(id);
      // What a first attempt leaves when it stops between the two streams: the order, and no QuoteConverted.
      await log.append(
        `order-${orderId}`,
        [
          {
            type: 'OrderDrafted',
            data: {
              orderId,
              customerId,
              orderType: 'standard',
              currency: 'EUR',
              requestedDeliveryDate: null,
              customerReference: null,
              shippingAddress: null,
              invoicePolicy: null,
              quoteId: id,
              lines: [],
            },
            metadata: { actor: 'dev-admin', correlationId: 'crashed', causationId: 'crashed', command: 'DraftOrder', schemaVersion: 1 },
          },
        ],
        'no_stream',
      );
      expect((await post(id, 'convert').expect(201)).body.orderId).toBe(orderId);
      expect(await streamEvents(`order-${orderId}`)).toHaveLength(1);
      expect(await quoteEvents(id)).toEqual(['QuoteDrafted', 'QuoteSent', 'QuoteAccepted', 'QuoteConverted']);
    });

    it('refuses to convert for a customer blocked since the quote was accepted, writing nothing', async () => {
      const blockedLater = (await t.http().post('/v1/customers').send({ name: 'Blocked later' }).expect(201)).body.id;
      const { id } = await acceptedQuote({ customerId: blockedLater });
      await t.http().patch(`/v1/customers/${blockedLater}`).send({ blocked: true }).expect(200);
      expectProblem(await post(id, 'convert'), 409, 'CUSTOMER_BLOCKED');
      expect(await streamEvents(`order-${orderIdForQuote(id)}`)).toEqual([]);
      expect(await quoteEvents(id)).toEqual(['QuoteDrafted', 'QuoteSent', 'QuoteAccepted']);
    });
  });
});

describe('quotes and roles over HTTP', () => {
  let t: TestApp;
  const as = (key: string) => ({ Authorization: `Bearer ${key}` });

  beforeAll(async () => {
    t = await startTestApp({ API_KEYS: 'k-sales:sales,k-wh:warehouse,k-aud:auditor' });
  });
  afterAll(() => t.close());

  it('lets sales write quotes, every role read them, and refuses warehouse and auditor writes with 403', async () => {
    await t.http().post('/v1/products').set(as('k-sales')).send({ sku: 'R-Q', name: 'R', kind: 'service', unitPrice: '5', taxRate: '0' }).expect(201);
    const customerId = (await t.http().post('/v1/customers').set(as('k-sales')).send({ name: 'Roles' }).expect(201)).body.id;
    const body = { customerId, lines: [{ sku: 'R-Q', quantity: 1 }] };
    const { id } = (await t.http().post('/v1/quotes').set(as('k-sales')).send(body).expect(201)).body;
    for (const key of ['k-wh', 'k-aud']) {
      await t.http().get(`/v1/quotes/${id}`).set(as(key)).expect(200);
      for (const res of [
        await t.http().post('/v1/quotes').set(as(key)).send(body),
        await t.http().post(`/v1/quotes/${id}/send`).set(as(key)),
        await t.http().post(`/v1/quotes/${id}/lines`).set(as(key)).send({ sku: 'R-Q', quantity: 1 }),
      ]) {
        expectProblem(res, 403, 'FORBIDDEN');
      }
    }
    await t.http().post(`/v1/quotes/${id}/send`).set(as('k-sales')).expect(200);
  });
});
