import fc from 'fast-check';
import { Pool } from 'pg';
import { PostgresEventStore } from '@ledgerline/event-store/postgres/postgres-event-store';
import { ALL_PROJECTIONS } from '@ledgerline/projections/all-projections';
import { verifyAll } from '@ledgerline/projections/verify/verify-all';
import { checkHashChain } from '../../apps/cli/src/verify/hash-chain-check';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * The two sides held together: order-to-cash commands with values at and beyond every bound go through
 * the real HTTP validation and deciders; whatever is accepted, every projection applies (none stops, every
 * read model reaches the last accepted position) and `verify` finds the read models equal to a replay of
 * the log, the ledger invariants holding and the hash chain whole.
 */

/** A JSON number written exactly as given, so that texts a double cannot hold reach the server unchanged. */
class RawNumber {
  constructor(readonly text: string) {}
}
const raw = (text: string) => new RawNumber(text);

function toJson(value: unknown): string {
  if (value instanceof RawNumber) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

// Inside the bounds, at their edges, and beyond them.
const quantity = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(0.001, 0.5, 1, 3, 7.125, 999_999_999.999).map((q) => raw(String(q))) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 999_999_999_999 }).map((milli) => raw(String(milli / 1000))) },
  { weight: 1, arbitrary: fc.constantFrom('0', '-1', '1000000000', '1e21', '9007199254740993', '1e308', '1.0001', '1e-7', '0.0005').map(raw) },
);
const money = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('0.01', '1.00', '19.99', '1234.5', '9999999999999.99', '0') },
  { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: 999_999_999_999_999n }).map((cents) => `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`) },
  { weight: 1, arbitrary: fc.constantFrom('10000000000000', '1.001', '-1', '1e3', '') },
);
const rate = fc.constantFrom('0', '0.2', '0.2', '0.123456', '0.000001', '1', '1.000000', '1.0000001', '0.1234567');
const exchangeRate = fc.constantFrom(undefined, undefined, undefined, '1', '1.0825', '0.0000000001', '999999999.9999999999', '0', '1234567890');
const currency = fc.constantFrom('EUR', 'EUR', 'USD', 'JPY', 'KWD');
const text = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }) },
  { weight: 3, arbitrary: fc.string({ minLength: 1, maxLength: 20 }) },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(200), 'x'.repeat(201), '  padded  ', '   ', 'Zürich – 東京 🙂', 'a\u0000b', 'a\ud800b') },
);
const day = fc.constantFrom(undefined, undefined, '2026-11-23', '1900-01-01', '2999-12-31', '3000-01-01', '2026-02-30');
const pick = fc.nat();

const step = fc.oneof(
  { depthSize: 'small' },
  fc.record({ kind: fc.constant('customer' as const), name: text, currency, creditLimit: fc.option(money) }),
  fc.record({ kind: fc.constant('product' as const), name: text, stocked: fc.boolean(), unitPrice: money, taxRate: rate, unitCost: money }),
  fc.record({ kind: fc.constant('receipt' as const), product: pick, quantity, unitCost: money }),
  fc.record({
    kind: fc.constant('order' as const),
    customer: pick,
    currency: fc.option(currency, { nil: undefined }),
    exchangeRate,
    lines: fc.array(fc.record({ product: pick, quantity, unitPrice: fc.option(money, { nil: undefined }), discount: fc.option(rate, { nil: undefined }) }), { minLength: 1, maxLength: 3 }),
  }),
  fc.record({ kind: fc.constant('confirm' as const), order: pick }),
  fc.record({ kind: fc.constant('ship' as const), order: pick, line: pick, quantity }),
  fc.record({ kind: fc.constant('return' as const), shipment: pick, quantity }),
  fc.record({ kind: fc.constant('invoice' as const), order: pick, line: pick, quantity, invoiceDate: day, exchangeRate }),
  fc.record({ kind: fc.constant('creditNote' as const), invoice: pick, quantity, reason: text, reopenBilling: fc.boolean() }),
  fc.record({ kind: fc.constant('payment' as const), customer: pick, amount: money, currency, exchangeRate, receivedOn: day, invoice: fc.option(pick), allocated: money }),
  fc.record({ kind: fc.constant('applyCredit' as const), customer: pick, invoice: pick, amount: money }),
);
type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

interface Known {
  customers: string[];
  skus: string[];
  orders: { id: string; lines: string[] }[];
  shipments: { orderId: string; id: string; lines: string[] }[];
  invoices: { id: string; lines: string[] }[];
}

describe('bounds through deciders into every read model', () => {
  let t: TestApp;
  let pool: Pool;
  let store: PostgresEventStore;
  let skuSeq = 0;
  /** Shared by the runs: later runs work on what earlier ones made, as a long-lived ledger does. */
  const known: Known = { customers: [], skus: [], orders: [], shipments: [], invoices: [] };

  beforeAll(async () => {
    t = await startTestApp();
    pool = new Pool({ connectionString: t.databaseUrl, max: 4 });
    store = PostgresEventStore.fromConnectionString(t.databaseUrl);
    known.customers.push((await t.http().post('/v1/customers').send({ name: 'Seed' }).expect(201)).body.id);
    await t.http().post('/v1/products').send({ sku: 'B-0', name: 'Seed', kind: 'stocked', unitPrice: '10.00', taxRate: '0.20', unitCost: '4.00' }).expect(201);
    known.skus.push('B-0');
  });
  afterAll(async () => {
    await store.close();
    await pool.end();
    await t.close();
  });

  const of = <T>(list: T[], index: number): T | undefined => (list.length === 0 ? undefined : list[index % list.length]);

  /** The request a step makes of what exists so far; undefined when nothing fits yet. */
  function request(s: Step, k: Known): { path: string; body: unknown } | undefined {
    switch (s.kind) {
      case 'customer':
        return { path: '/v1/customers', body: { name: s.name, currency: s.currency, creditLimit: s.creditLimit } };
      case 'product':
        return {
          path: '/v1/products',
          body: { sku: `B-${++skuSeq}`, name: s.name, kind: s.stocked ? 'stocked' : 'service', unitPrice: s.unitPrice, taxRate: s.taxRate, unitCost: s.unitCost },
        };
      case 'receipt': {
        const sku = of(k.skus, s.product);
        return sku === undefined ? undefined : { path: '/v1/stock/receipts', body: { sku, quantity: s.quantity, unitCost: s.unitCost } };
      }
      case 'order': {
        const customerId = of(k.customers, s.customer);
        const lines = s.lines.map((l) => ({ sku: of(k.skus, l.product), quantity: l.quantity, unitPrice: l.unitPrice, discount: l.discount }));
        return customerId && k.skus.length > 0 ? { path: '/v1/orders', body: { customerId, currency: s.currency, exchangeRate: s.exchangeRate, lines } } : undefined;
      }
      case 'confirm': {
        const order = of(k.orders, s.order);
        return order && { path: `/v1/orders/${order.id}/confirm`, body: { overrideCreditLimit: true, reason: 'property' } };
      }
      case 'ship': {
        const order = of(k.orders, s.order);
        const lineId = order && of(order.lines, s.line);
        return lineId ? { path: `/v1/orders/${order.id}/shipments`, body: { lines: [{ lineId, quantity: s.quantity }] } } : undefined;
      }
      case 'return': {
        const shipment = of(k.shipments, s.shipment);
        return shipment && { path: `/v1/orders/${shipment.orderId}/shipments/${shipment.id}/returns`, body: { lines: [{ lineId: shipment.lines[0], quantity: s.quantity }] } };
      }
      case 'invoice': {
        const order = of(k.orders, s.order);
        const lineId = order && of(order.lines, s.line);
        return lineId
          ? { path: `/v1/orders/${order.id}/invoices`, body: { lines: [{ lineId, quantity: s.quantity }], invoiceDate: s.invoiceDate, exchangeRate: s.exchangeRate } }
          : undefined;
      }
      case 'creditNote': {
        const invoice = of(k.invoices, s.invoice);
        return invoice && { path: `/v1/invoices/${invoice.id}/credit-notes`, body: { lines: [{ lineId: invoice.lines[0], quantity: s.quantity }], reason: s.reason, reopenBilling: s.reopenBilling } };
      }
      case 'payment': {
        const customerId = of(k.customers, s.customer);
        const invoice = s.invoice === null ? undefined : of(k.invoices, s.invoice);
        const allocations = invoice ? [{ invoiceId: invoice.id, amount: s.allocated }] : undefined;
        return customerId === undefined ? undefined : { path: '/v1/payments', body: { customerId, amount: s.amount, currency: s.currency, exchangeRate: s.exchangeRate, receivedOn: s.receivedOn, allocations } };
      }
      case 'applyCredit': {
        const customerId = of(k.customers, s.customer);
        const invoice = of(k.invoices, s.invoice);
        return customerId && invoice ? { path: `/v1/customers/${customerId}/apply-credit`, body: { invoiceId: invoice.id, amount: s.amount } } : undefined;
      }
    }
  }

  /** Remembers what an accepted step created, for later steps to name. */
  function remember(s: Step, path: string, body: { id?: string; lines?: { lineId: string }[] }, k: Known, sent: unknown): void {
    const lineIds = (body.lines ?? []).map((l) => l.lineId);
    if (s.kind === 'customer') k.customers.push(body.id as string);
    if (s.kind === 'product') k.skus.push((sent as { sku: string }).sku);
    if (s.kind === 'order') k.orders.push({ id: body.id as string, lines: lineIds });
    if (s.kind === 'ship') k.shipments.push({ orderId: path.split('/')[3], id: body.id as string, lines: lineIds });
    if (s.kind === 'invoice') k.invoices.push({ id: body.id as string, lines: lineIds });
  }

  it('never answers 5xx, and whatever it accepts every projection applies and verify finds clean', async () => {
    const tally = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 40, maxLength: 60 }), async (steps) => {
        let last: string | undefined;
        for (const s of steps) {
          const req = request(s, known);
          if (!req) continue;
          const res = await t.http().post(req.path).set('content-type', 'application/json').send(toJson(req.body));
          if (res.status >= 500) throw new Error(`${req.path} ${toJson(req.body)} → ${res.status} ${JSON.stringify(res.body)}`);
          if (res.status >= 300) {
            tally.refused++;
            continue;
          }
          tally.accepted++;
          remember(s, req.path, res.body, known, req.body);
          last = res.body.position ?? last;
        }
        if (last !== undefined) {
          for (const path of ['/v1/stock', '/v1/orders', '/v1/journals', '/v1/receivables/aging']) {
            const res = await t.http().get(path).query({ after: last });
            if (res.status !== 200) throw new Error(`${path}?after=${last} → ${res.status} ${JSON.stringify(res.body)}`);
          }
        }
        const report = await verifyAll({ store, pool, databaseUrl: t.databaseUrl, projections: ALL_PROJECTIONS, checkChain: checkHashChain, totalEvents: 1000 });
        if (!report.ok) throw new Error(`verify failed: ${JSON.stringify({ replay: report.replay, invariants: report.invariants.filter((i) => !i.holds), chain: report.hashChain.findings }).slice(0, 3000)}`);
      }),
      { numRuns: 5, endOnFailure: true },
    );
    // The generators reach both sides of the bounds, or the property proves little.
    expect(tally.accepted).toBeGreaterThan(20);
    expect(tally.refused).toBeGreaterThan(20);
  }, 240_000);
});
