import { PostgresEventStore } from '@ledgerline/event-store/postgres/postgres-event-store';
import type { StoredEvent } from '@ledgerline/event-store/port';
import { paymentView } from '@ledgerline/application/payments/payment.handlers';
import { nameBasedUuid } from '@ledgerline/application/shared/ids';
import { ApiProcess, StandbyApi, standbyApi, startApiProcess } from '../support/api-process';
import { logSize } from '../support/log-size';
import { createTestDatabase } from '../support/test-database';

type Body = Record<string, unknown> & { id?: string; version?: number; position?: string; code?: string };
interface Answer {
  status: number;
  body: Body;
  replayed: boolean;
}

/**
 * api.md "Idempotency-Key": a retry gets the first response, even when the process that ran the first
 * attempt was killed after its command was written and before its response was recorded (ADR 0011). The
 * api runs as a child process that kills itself at exactly that moment; the retry goes to a new process on
 * the same database.
 */
describe('a keyed retry after the api was killed between the write and the recorded response', () => {
  let database: { url: string; drop: () => Promise<void> };
  let api: ApiProcess | undefined;
  let next: StandbyApi | undefined;
  let log: PostgresEventStore;

  beforeAll(async () => {
    database = await createTestDatabase('crash_retry');
    log = PostgresEventStore.fromConnectionString(database.url, { max: 2 });
  });
  afterAll(async () => {
    await api?.kill();
    await next?.kill();
    await log.close();
    await database.drop();
  });

  const post = async (path: string, body: unknown, key?: string): Promise<Answer> => {
    const res = await fetch(`${api!.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Body, replayed: res.headers.get('idempotent-replayed') === 'true' };
  };
  const get = async (path: string): Promise<Body> => {
    const res = await fetch(`${api!.url}${path}`);
    expect(res.status).toBe(200);
    return (await res.json()) as Body;
  };
  const created = async (path: string, body: unknown): Promise<Body> => {
    const answer = await post(path, body);
    expect(answer.status).toBeLessThan(300);
    return answer.body;
  };
  const eventsOf = (streamId: string, type: string, match: (e: StoredEvent) => boolean = () => true) =>
    log.readStream(streamId).then((events) => events.filter((e) => e.type === type && match(e)));

  it('answers orders, confirmations, invoices, shipments and payments with their first response, writing nothing twice', async () => {
    // The process the retries go to is loaded meanwhile; it starts after the crash, on the same database.
    [api, next] = await Promise.all([startApiProcess(database.url, { CRASH_MARKER: 'crash-', CRASH_AFTER: '5' }), standbyApi(database.url)]);
    const customer = await created('/v1/customers', { name: 'Crash Ltd', paymentTermsDays: 30 });
    await created('/v1/products', { sku: 'CR-1', name: 'Crate', kind: 'stocked', unitPrice: '12.50', taxRate: '0.20' });
    await created('/v1/stock/receipts', { sku: 'CR-1', quantity: 100, unitCost: '5.00' });
    const order = (lines: unknown) => created('/v1/orders', { customerId: customer.id, lines });
    const toConfirm = await order([{ sku: 'CR-1', quantity: 2 }]);
    const toInvoice = await order([{ sku: 'CR-1', quantity: 4 }]);
    await created(`/v1/orders/${toInvoice.id}/confirm`, {});
    const lineId = (toInvoice.lines as { lineId: string }[])[0].lineId;
    const paidInvoice = await created(`/v1/orders/${toInvoice.id}/invoices`, { lines: [{ lineId, quantity: 1 }] });

    // Five commands, each killed after it was written and before its response was recorded.
    const requests: Record<string, [string, unknown]> = {
      'crash-order': ['/v1/orders', { customerId: customer.id, customerReference: 'PO-9', lines: [{ sku: 'CR-1', quantity: 3 }] }],
      'crash-confirm': [`/v1/orders/${toConfirm.id}/confirm`, {}],
      'crash-invoice': [`/v1/orders/${toInvoice.id}/invoices`, { lines: [{ lineId, quantity: 2 }] }],
      'crash-shipment': [`/v1/orders/${toInvoice.id}/shipments`, { lines: [{ lineId, quantity: 1 }] }],
      'crash-payment': ['/v1/payments', { customerId: customer.id, amount: '40.00', allocations: [{ invoiceId: paidInvoice.id, amount: '15.00' }] }],
    };
    const firstAttempts = await Promise.allSettled(Object.entries(requests).map(([key, [path, body]]) => post(path, body, key)));
    expect(firstAttempts.map((a) => a.status)).toEqual(Array(5).fill('rejected')); // no answer: the connection dropped
    expect(await api.exited).toBe('SIGKILL');
    const first = api.firstResponses();
    expect(Object.keys(first).sort()).toEqual(Object.keys(requests).sort());
    const written = await logSize(database.url);

    api = await next.start();
    const retried = Object.fromEntries(
      await Promise.all(Object.entries(requests).map(async ([key, [path, body]]) => [key, await post(path, body, key)] as const)),
    );
    // Answered at once, by the new process, from what the first attempt wrote.
    expect(Object.fromEntries(Object.entries(retried).map(([key, a]) => [key, a.status]))).toEqual({
      'crash-order': 201,
      'crash-confirm': 200,
      'crash-invoice': 201,
      'crash-shipment': 201,
      'crash-payment': 201,
    });
    expect(await logSize(database.url)).toBe(written);
    for (const key of Object.keys(requests)) expect({ key, ...first[key] }).toEqual({ key, status: retried[key].status, body: retried[key].body });

    // And that answer is what the log says, read back another way.
    const drafted = retried['crash-order'].body;
    expect(drafted.id).toBe(nameBasedUuid('order', 'dev-admin', 'crash-order'));
    expect(drafted).toEqual(await get(`/v1/orders/${drafted.id}?version=${drafted.version}`));
    expect(drafted).toMatchObject({ status: 'draft', customerReference: 'PO-9', version: 0 });
    expect(await eventsOf(`order-${drafted.id}`, 'OrderDrafted')).toHaveLength(1);

    const confirmed = retried['crash-confirm'].body;
    expect(confirmed).toEqual(await get(`/v1/orders/${toConfirm.id}?version=${confirmed.version}`));
    expect(confirmed).toMatchObject({ id: toConfirm.id, status: 'confirmed' });
    expect(await eventsOf(`order-${toConfirm.id}`, 'OrderConfirmed')).toHaveLength(1);

    const invoice = retried['crash-invoice'].body;
    expect(invoice.id).toBe(nameBasedUuid('invoice', 'dev-admin', 'crash-invoice'));
    const [numbered] = await eventsOf(`invoice-${invoice.id}`, 'InvoiceNumbered');
    // A GET gives the position of the issue; the command's answer that of the number it waited for.
    expect(invoice).toEqual({ ...(await get(`/v1/invoices/${invoice.id}`)), position: numbered.position });
    expect(invoice).toMatchObject({ number: `INV-${new Date().getUTCFullYear()}-000002`, outstanding: '30.00' });
    expect(await eventsOf(`order-${toInvoice.id}`, 'InvoiceIssued')).toHaveLength(2);

    const shipment = retried['crash-shipment'].body;
    const shipmentId = nameBasedUuid('shipment', 'dev-admin', 'crash-shipment');
    const shipped = await eventsOf(`order-${toInvoice.id}`, 'LinesShipped');
    expect(shipped).toHaveLength(1);
    // A GET gives the order's latest position (the invoice came after); the command's, its own event's.
    expect(shipment).toEqual({ ...(await get(`/v1/orders/${toInvoice.id}/shipments/${shipmentId}`)), position: shipped[0].position });

    const payment = retried['crash-payment'].body;
    const received = await eventsOf(`customerAccount-${customer.id}`, 'PaymentReceived');
    expect(received).toHaveLength(1);
    expect(payment).toEqual(paymentView(received[0].data as never, received[0].position, received[0].version));
    expect(payment).toMatchObject({ id: nameBasedUuid('payment', 'dev-admin', 'crash-payment'), allocated: '15.00', unallocated: '25.00' });

    // The rebuilt answers are now recorded: the next retry replays them as they are.
    for (const [key, [path, body]] of Object.entries(requests)) {
      const again = await post(path, body, key);
      expect({ key, status: again.status, body: again.body, replayed: again.replayed }).toEqual({ key, status: retried[key].status, body: retried[key].body, replayed: true });
    }
    expect(await logSize(database.url)).toBe(written);
  }, 180_000);
});
