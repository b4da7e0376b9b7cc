import { PostgresEventStore } from '@ledgerline/event-store/postgres/postgres-event-store';
import type { StoredEvent } from '@ledgerline/event-store/port';
import { ApiProcess, StandbyApi, standbyApi } from '../support/api-process';
import { lastAppendedPosition } from '../support/log-size';
import { createTestDatabase } from '../support/test-database';
import { runVerify } from '../support/cli-child';
import { untilAllVisible } from '../support/until-readable';

type Body = Record<string, unknown> & { id: string; code?: string };
interface Seen {
  path: string;
  body: unknown;
  status: number;
  answer: Body;
}
interface Round {
  customerId: string;
  sku: string;
  receiptId: string;
  orderId: string;
  shipmentId: string;
  invoiceId: string;
  number: string;
  paymentId: string;
}

const CLIENTS = 3;
const KILLS = 2;
/** How long a retry may meet IDEMPOTENCY_KEY_IN_PROGRESS: a dead holder's claim is taken over at once. */
const IN_PROGRESS_LIMIT_MS = 5000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A small version of a user's load: a few clients run order-to-cash rounds, every POST with an
 * Idempotency-Key, against the api as a child process that is SIGKILLed twice at random moments and
 * restarted on the same database. A client retries whatever got no answer with the same key and body.
 * Afterwards nothing acknowledged is lost or doubled, in the log or the read models, invoice numbers have
 * no gap, `verify` passes, and every key answers with the response its client saw.
 */
describe('the api under load, killed twice and restarted on the same data', () => {
  let database: { url: string; drop: () => Promise<void> };
  const processes: (ApiProcess | StandbyApi)[] = [];
  let current: ApiProcess;

  beforeAll(async () => {
    database = await createTestDatabase('crash_load');
  });
  afterAll(async () => {
    gaveUp = true;
    for (const p of processes) await p.kill();
    await database.drop();
  });

  /** Clients finish their round and stop; after a failure they give up retrying at once. */
  let stop = false;
  let gaveUp = false;
  const seen = new Map<string, Seen>();
  const inFlight = new Set<string>();
  const interrupted = new Set<string>();
  let longestInProgressMs = 0;

  /** POSTs until answered: no answer (the process died) or a key still in progress means the same request again. */
  async function send(key: string, path: string, body: unknown): Promise<Body> {
    let inProgressSince: number | undefined;
    for (;;) {
      let answer: { status: number; body: Body };
      inFlight.add(key);
      try {
        const res = await fetch(`${current.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': key },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(15_000),
        });
        answer = { status: res.status, body: (await res.json()) as Body };
      } catch (error) {
        if (gaveUp) throw error;
        interrupted.add(key);
        await sleep(50);
        continue;
      } finally {
        inFlight.delete(key);
      }
      if (answer.status === 409 && answer.body.code === 'IDEMPOTENCY_KEY_IN_PROGRESS') {
        inProgressSince ??= Date.now();
        longestInProgressMs = Math.max(longestInProgressMs, Date.now() - inProgressSince);
        if (Date.now() - inProgressSince > IN_PROGRESS_LIMIT_MS) throw new Error(`${key}: still in progress after ${IN_PROGRESS_LIMIT_MS} ms`);
        await sleep(100);
        continue;
      }
      // Anything but a 2xx fails the test, *_EXISTS for a retry above all.
      if (answer.status >= 300) throw new Error(`${key} POST ${path} → ${answer.status} ${JSON.stringify(answer.body)}`);
      seen.set(key, { path, body, status: answer.status, answer: answer.body });
      return answer.body;
    }
  }

  async function round(client: number, n: number): Promise<Round> {
    const k = (step: string) => `load-${client}-${n}-${step}`;
    const sku = `LOAD-${client}-${n}`;
    const customer = await send(k('customer'), '/v1/customers', { name: `Load ${client}/${n}`, paymentTermsDays: 30 });
    await send(k('product'), '/v1/products', { sku, name: 'Load crate', kind: 'stocked', unitPrice: '10.00', taxRate: '0.20' });
    const receipt = await send(k('receipt'), '/v1/stock/receipts', { sku, quantity: 10, unitCost: '4.00' });
    const order = await send(k('order'), '/v1/orders', { customerId: customer.id, lines: [{ sku, quantity: 2 }] });
    const withLines = await send(k('line'), `/v1/orders/${order.id}/lines`, { sku, quantity: 1 });
    await send(k('confirm'), `/v1/orders/${order.id}/confirm`, {});
    const [first, second] = withLines.lines as { lineId: string }[];
    const shipment = await send(k('shipment'), `/v1/orders/${order.id}/shipments`, { lines: [{ lineId: first.lineId, quantity: 2 }] });
    const invoice = await send(k('invoice'), `/v1/orders/${order.id}/invoices`, {
      invoiceDate: '2026-06-01',
      lines: [
        { lineId: first.lineId, quantity: 2 },
        { lineId: second.lineId, quantity: 1 },
      ],
    });
    const gross = (invoice.totals as { gross: string }).gross;
    const payment = await send(k('payment'), '/v1/payments', { customerId: customer.id, amount: gross, allocations: [{ invoiceId: invoice.id, amount: gross }] });
    return {
      customerId: customer.id,
      sku,
      receiptId: receipt.id,
      orderId: order.id,
      shipmentId: shipment.id,
      invoiceId: invoice.id,
      number: invoice.number as string,
      paymentId: payment.id,
    };
  }

  it('loses nothing, doubles nothing, and answers every retry with its first response', async () => {
    // The processes that take over are loaded while the load runs; a restart then costs the app's start only.
    const first = await standbyApi(database.url);
    processes.push(first);
    current = await first.start();
    processes.push(current);
    const loading = Array.from({ length: KILLS }, () => standbyApi(database.url).then((standby) => (processes.push(standby), standby)));

    const rounds: Round[] = [];
    const clients = Array.from({ length: CLIENTS }, async (_, client) => {
      try {
        for (let n = 0; !stop; n++) rounds.push(await round(client, n));
      } catch (error) {
        gaveUp = true;
        throw error;
      }
    });
    const cutOff: string[][] = [];
    const killer = (async () => {
      for (const standby of loading) {
        const next = await standby;
        await sleep(700 + Math.random() * 1500);
        if (gaveUp) return;
        cutOff.push([...inFlight]);
        await current.kill();
        current = await next.start();
        processes.push(current);
      }
      await sleep(700 + Math.random() * 800);
      stop = true;
    })();
    await Promise.all([killer, ...clients]);

    // Each kill cut requests off mid-flight, and each of those was answered in the end.
    expect(cutOff.map((keys) => keys.length > 0)).toEqual(Array(KILLS).fill(true));
    for (const key of cutOff.flat()) expect([key, seen.has(key)]).toEqual([key, true]);
    expect(interrupted.size).toBeGreaterThanOrEqual(KILLS);
    expect(longestInProgressMs).toBeLessThan(IN_PROGRESS_LIMIT_MS);
    expect(rounds.length).toBeGreaterThanOrEqual(CLIENTS);

    // Nothing writes from here on: verify runs alongside the checks below.
    const verified = runVerify(database.url).then((run) => ({ code: run.code, ok: run.report?.ok ?? run.problem }));

    // Every key, sent once more, replays exactly the answer its client saw.
    const keys = [...seen.keys()];
    for (let i = 0; i < keys.length; i += 20) {
      await Promise.all(
        keys.slice(i, i + 20).map(async (key) => {
          const { path, body, status, answer } = seen.get(key)!;
          const res = await fetch(`${current.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify(body) });
          expect({ key, status: res.status, answer: await res.json(), replayed: res.headers.get('idempotent-replayed') }).toEqual({ key, status, answer, replayed: 'true' });
        }),
      );
    }

    // The log holds each acknowledged write once, and nothing else.
    const store = PostgresEventStore.fromConnectionString(database.url, { max: 2 });
    const events: StoredEvent[] = [];
    try {
      await untilAllVisible(store);
      for (let batch = await store.readAll({ limit: 1000 }); batch.length > 0; batch = await store.readAll({ after: batch[batch.length - 1].position, limit: 1000 })) {
        events.push(...batch);
      }
    } finally {
      await store.close();
    }
    const streams = new Map<string, string[]>();
    for (const e of events) streams.set(e.streamId, [...(streams.get(e.streamId) ?? []), e.type]);
    const expected = new Map<string, string[]>([['invoiceNumbers-2026', rounds.map(() => 'InvoiceNumberAssigned')]]);
    for (const r of rounds) {
      expected.set(`customer-${r.customerId}`, ['CustomerCreated']);
      expected.set(`product-${r.sku}`, ['ProductCreated']);
      expected.set(`stockReceipt-${r.receiptId}`, ['StockReceived']);
      expected.set(`order-${r.orderId}`, ['OrderDrafted', 'OrderLineAdded', 'OrderConfirmed', 'LinesShipped', 'InvoiceIssued']);
      expected.set(`invoice-${r.invoiceId}`, ['InvoiceNumbered']);
      expected.set(`customerAccount-${r.customerId}`, ['PaymentReceived']);
    }
    expect(Object.fromEntries([...streams].sort())).toEqual(Object.fromEntries([...expected].sort()));
    // …and they are the writes the clients were told about.
    const dataOf = (streamId: string, type: string) => events.find((e) => e.streamId === streamId && e.type === type)?.data;
    for (const r of rounds) {
      expect(dataOf(`order-${r.orderId}`, 'LinesShipped')).toMatchObject({ shipmentId: r.shipmentId });
      expect(dataOf(`invoice-${r.invoiceId}`, 'InvoiceNumbered')).toMatchObject({ number: r.number });
      expect(dataOf(`customerAccount-${r.customerId}`, 'PaymentReceived')).toMatchObject({ paymentId: r.paymentId });
    }

    // Invoice numbers: one per invoice, 1..n without a gap, as the clients were told.
    const numbers = rounds.map((r) => r.number).sort();
    expect(numbers).toEqual(rounds.map((_, i) => `INV-2026-${String(i + 1).padStart(6, '0')}`));

    // The read models, once caught up with the log, show the same.
    const after = await lastAppendedPosition(database.url);
    const read = async (path: string) => {
      const res = await fetch(`${current.url}${path}${path.includes('?') ? '&' : '?'}after=${encodeURIComponent(after)}`);
      expect([path, res.status]).toEqual([path, 200]);
      return (await res.json()) as Record<string, unknown>;
    };
    for (let i = 0; i < rounds.length; i += 10) {
      await Promise.all(
        rounds.slice(i, i + 10).map(async (r) => {
          const orders = (await read(`/v1/orders?customerId=${r.customerId}`)).orders as { id: string }[];
          expect(orders.map((o) => o.id)).toEqual([r.orderId]);
          expect(await read(`/v1/receivables/customers/${r.customerId}`)).toMatchObject({ balance: '0.00', openInvoices: [] });
          expect(await read(`/v1/stock/${r.sku}`)).toMatchObject({ onHand: 8 });
        }),
      );
    }

    expect(await verified).toMatchObject({ code: 0, ok: true });
    // Generous: a guard against a hang on a busy machine, not a measure of speed.
  }, 240_000);
});

