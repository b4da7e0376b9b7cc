import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { TestApp, startTestApp } from '../support/test-app';
import { Mutation, OpenApiDocument, Operation, mutations, writeOperations } from './openapi-mutations';

/**
 * Every write route of the served OpenAPI document, sent thousands of malformed requests (openapi-mutations.ts):
 * not one answers 5xx, every error is problem+json with a stable code, and no refused request writes an
 * event (none carries its request id as causation).
 */
describe('fuzzing every write route of the OpenAPI document', () => {
  let t: TestApp;
  let pool: Pool;
  let doc: OpenApiDocument;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    pool = new Pool({ connectionString: t.databaseUrl, max: 2 });
    doc = (await t.http().get('/v1/openapi.json').expect(200)).body;
    const post = async (path: string, body: object) => (await t.http().post(path).send(body).expect((r) => expect(r.status).toBeLessThan(300))).body;
    ids.customer = (await post('/v1/customers', { name: 'Fuzz GmbH' })).id;
    await post('/v1/products', { sku: 'FUZZ-1', name: 'Fuzz', kind: 'stocked', unitPrice: '10.00', taxRate: '0.20', unitCost: '4.00' });
    await post('/v1/stock/receipts', { sku: 'FUZZ-1', quantity: 1000, unitCost: '4.00' });
    const quote = await post('/v1/quotes', { customerId: ids.customer, lines: [{ sku: 'FUZZ-1', quantity: 1 }] });
    [ids.quote, ids.quoteLine] = [quote.id, quote.lines[0].lineId];
    const order = await post('/v1/orders', { customerId: ids.customer, lines: [{ sku: 'FUZZ-1', quantity: 100 }] });
    [ids.order, ids.orderLine] = [order.id, order.lines[0].lineId];
    await post(`/v1/orders/${ids.order}/confirm`, {});
    ids.shipment = (await post(`/v1/orders/${ids.order}/shipments`, { lines: [{ lineId: ids.orderLine, quantity: 1 }] })).id;
    ids.invoice = (await post(`/v1/orders/${ids.order}/invoices`, { lines: [{ lineId: ids.orderLine, quantity: 1 }] })).id;
  });
  afterAll(async () => {
    await pool.end();
    await t.close();
  });

  /** Path parameters name the fixtures above; a route this test does not know gets an unknown id. */
  function concretePath(path: string, broken?: { name: string; value: string }): string {
    const area = path.split('/')[2];
    const byName: Record<string, string | undefined> = {
      id: { customers: ids.customer, quotes: ids.quote, orders: ids.order, invoices: ids.invoice }[area],
      lineId: area === 'quotes' ? ids.quoteLine : ids.orderLine,
      shipmentId: ids.shipment,
    };
    return path.replace(/\{(\w+)\}/g, (_, name: string) => (broken?.name === name ? broken.value : (byName[name] ?? randomUUID())));
  }

  const known = () => ({ customerId: ids.customer, invoiceId: ids.invoice, lineId: ids.orderLine, sku: 'FUZZ-1', validUntil: '2099-12-31' });

  /** Path parameters that name nothing: not ids, escapes, another resource's id. */
  const BROKEN_IDS = ['not-a-uuid', '..%2F..%2Fetc', '%00', '%ED%A0%BD', '00000000-0000-0000-0000-000000000000', 'x'.repeat(300)];
  const pathMutations = (op: Operation): (Mutation & { path: string })[] =>
    [...op.path.matchAll(/\{(\w+)\}/g)].flatMap(([, name]) =>
      BROKEN_IDS.map((value) => ({ family: 'path parameter', what: `${name} = ${value.slice(0, 20)}`, raw: '{}', path: concretePath(op.path, { name, value }) })),
    );

  async function send(op: Operation, m: Mutation & { path?: string }) {
    const request = t.http()[op.method](m.path ?? concretePath(op.path));
    if (m.contentType !== '') request.set('content-type', m.contentType ?? 'application/json');
    for (const [name, value] of Object.entries(m.headers ?? {})) request.set(name, value);
    return m.raw === undefined ? request : request.send(m.raw);
  }

  it('answers every malformed request with a 4xx problem+json that writes nothing, never a 5xx', async () => {
    const operations = writeOperations(doc);
    expect(operations.length).toBeGreaterThanOrEqual(29);
    const failures: string[] = [];
    const tally = new Map<string, number>();
    let total = 0;
    for (const op of operations) {
      for (const m of [...mutations(doc, op, known()), ...pathMutations(op)]) {
        const res = await send(op, m);
        total++;
        tally.set(`${m.family} → ${Math.floor(res.status / 100)}xx`, (tally.get(`${m.family} → ${Math.floor(res.status / 100)}xx`) ?? 0) + 1);
        const where = `${op.method.toUpperCase()} ${op.path} [${m.family}: ${m.what}] → ${res.status}`;
        if (res.status >= 500) failures.push(`${where} ${JSON.stringify(res.body).slice(0, 200)}`);
        if (res.status < 400) continue;
        if (!/^application\/problem\+json/.test(res.headers['content-type'] ?? '') || typeof res.body.code !== 'string' || res.body.status !== res.status) {
          failures.push(`${where}: not a problem+json (${res.headers['content-type']})`);
        }
        const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM es_events WHERE metadata->>'causationId' = $1`, [res.headers['x-request-id']]);
        if (Number(rows[0].n) > 0) failures.push(`${where}: wrote ${rows[0].n} events`);
      }
    }
    const summary = [...tally.entries()].sort().map(([k, n]) => `${k}: ${n}`);
    process.stdout.write(`fuzzed ${total} requests on ${operations.length} write routes\n  ${summary.join('\n  ')}\n`);
    expect(failures).toEqual([]);
    expect(total).toBeGreaterThan(2500);
  }, 180_000);
});
