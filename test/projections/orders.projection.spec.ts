import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AggregateStore } from '@ledgerline/application/shared/aggregate-store';
import { CommandContext } from '@ledgerline/application/shared/command-context';
import { Lookups } from '@ledgerline/application/shared/lookups';
import { orderView } from '@ledgerline/application/orders/order-views';
import { upcast } from '@ledgerline/contracts/upcasters';
import { customerDecider, customerStream } from '@ledgerline/domain/customer/customer';
import { ProductKind, productDecider, productStream } from '@ledgerline/domain/product/product';
import { OrderCommand } from '@ledgerline/domain/sales-order/commands';
import { OrderType, orderStream } from '@ledgerline/domain/sales-order/events';
import { orderDecider } from '@ledgerline/domain/sales-order/sales-order';
import { PostgresEventStore } from '@ledgerline/event-store/postgres/postgres-event-store';
import { START, StoredEvent } from '@ledgerline/event-store/port';
import { InvalidCursorError } from '@ledgerline/projections/orders/list-cursor';
import { ordersProjection } from '@ledgerline/projections/orders/orders.projection';
import { CreateOrders1767312000000 } from '@ledgerline/projections/orders/migrations/1767312000000-create-orders';
import { listOrders, openOrdersBase, orderSummary } from '@ledgerline/projections/orders/orders.queries';
import { generationSchema, openGeneration, readCheckpoint } from '@ledgerline/projections/runtime/generation';
import { ProjectionRunner } from '@ledgerline/projections/runtime/projection-runner';
import { lastAppendedPosition } from '../support/log-size';
import { createTestDatabase } from '../support/test-database';
import { generationTables, statementsPerBatch } from './generation-tables';

const context = (): CommandContext => ({ actor: 'tester', correlationId: 'corr', causationId: 'cause', receivedAt: new Date() });
const meta = { actor: 't', correlationId: 'c', causationId: 'c', command: 'T', schemaVersion: 1 };

interface LineInput {
  sku: string;
  quantity: number;
  unitPrice?: string;
  discount?: string;
}

interface DraftOptions {
  orderType?: OrderType;
  /** EUR by default; the products are priced in EUR, so lines of another currency give a unitPrice. */
  currency?: string;
  exchangeRate?: string | null;
}

/** The ledger's base currency in these specs. */
const BASE = 'EUR';

/**
 * Events as the order decider writes them, made by hand as plain data: for payloads of another time (before
 * exchange rates were recorded, nothing carried a rate) and for ones the decider would refuse. Positions grow
 * across all of them.
 */
let handMadePosition = 0;
function handMade(orderId: string) {
  let version = 0;
  return (type: string, data: Record<string, unknown>): StoredEvent => ({
    id: randomUUID(),
    streamId: orderStream(orderId),
    version: version++,
    position: `pg:${String(++handMadePosition).padStart(20, '0')}`,
    type,
    data: { orderId, ...data } as StoredEvent['data'],
    metadata: meta,
    occurredAt: new Date(Date.UTC(2025, 11, 1) + handMadePosition * 1000).toISOString(),
  });
}

const draftedData = (customerId: string, currency: string, lines: Record<string, unknown>[]) => ({
  customerId,
  orderType: 'standard',
  currency,
  requestedDeliveryDate: null,
  customerReference: null,
  channel: 'manual',
  billingAddress: null,
  shippingAddress: null,
  invoicePolicy: null,
  quoteId: null,
  lines,
});

/**
 * Drives customers, products and orders through their real deciders and the PostgreSQL store, as the
 * command handlers do; every call returns the position of what it appended.
 */
class Sales {
  constructor(
    private readonly aggregates: AggregateStore,
    private readonly lookups: Lookups,
  ) {}

  async customer(): Promise<string> {
    const customerId = randomUUID();
    await this.aggregates.execute(
      customerDecider,
      customerStream(customerId),
      {
        type: 'CreateCustomer',
        data: {
          customerId,
          name: `Customer ${customerId.slice(0, 8)}`,
          currency: 'EUR',
          creditLimit: null,
          paymentTermsDays: 30,
          invoicePolicy: 'ordered',
          email: null,
          billingAddress: null,
          shippingAddress: null,
          salespersonId: null,
        },
      },
      context(),
    );
    return customerId;
  }

  async product(sku: string, kind: ProductKind, unitPrice: string, taxRate: string): Promise<void> {
    const data = { sku, name: sku, kind, currency: 'EUR', unitPrice, taxRate, unitCost: kind === 'stocked' ? '1.00' : null };
    await this.aggregates.execute(productDecider, productStream(sku), { type: 'CreateProduct', data }, context());
  }

  async draft(customerId: string, lines: LineInput[], options: OrderType | DraftOptions = {}): Promise<{ orderId: string; lineIds: string[]; position: string }> {
    const { orderType = 'standard', currency = 'EUR', exchangeRate = null } = typeof options === 'string' ? { orderType: options } : options;
    const orderId = randomUUID();
    const requested = await Promise.all(lines.map(async (line) => ({ ...line, lineId: randomUUID(), product: await this.lookups.product(line.sku) })));
    const position = await this.order({
      type: 'DraftOrder',
      data: {
        orderId,
        customer: await this.lookups.customer(customerId),
        orderType,
        currency,
        requestedDeliveryDate: '2026-12-01',
        customerReference: 'PO-1',
        channel: 'manual',
        billingAddress: null,
        shippingAddress: null,
        invoicePolicy: null,
        quoteId: null,
        exchangeRate,
        lines: requested,
      },
    });
    return { orderId, lineIds: requested.map((l) => l.lineId), position };
  }

  async addLine(orderId: string, line: LineInput): Promise<{ lineId: string; position: string }> {
    const lineId = randomUUID();
    const product = await this.lookups.product(line.sku);
    return { lineId, position: await this.order({ type: 'AddLine', data: { orderId, line: { ...line, lineId, product } } }) };
  }

  /** The customers here have no credit limit: nothing to check. */
  async confirm(orderId: string): Promise<string> {
    const customer = await this.lookups.customer(await this.customerOf(orderId));
    return this.order({ type: 'ConfirmOrder', data: { orderId, customer, baseCurrency: BASE, credit: null } });
  }

  async ship(orderId: string, lines: { lineId: string; quantity: number }[]): Promise<{ shipmentId: string; position: string }> {
    const shipmentId = randomUUID();
    return { shipmentId, position: await this.order({ type: 'ShipLines', data: { orderId, shipmentId, lines } }) };
  }

  async invoice(orderId: string, lines: { lineId: string; quantity: number }[], invoiceId: string = randomUUID()): Promise<string> {
    const customer = await this.lookups.customer(await this.customerOf(orderId));
    return this.order({ type: 'InvoiceLines', data: { orderId, invoiceId, lines, invoiceDate: '2026-03-01', customer, baseCurrency: BASE } });
  }

  async creditNote(orderId: string, invoiceId: string, lines: { lineId: string; quantity: number }[], reopenBilling: boolean): Promise<string> {
    const reason = reopenBilling ? 'wrong quantity, invoice again' : 'damaged goods';
    return this.order({ type: 'IssueCreditNote', data: { orderId, invoiceId, creditNoteId: randomUUID(), lines, reason, reopenBilling, creditDate: '2026-03-10' } });
  }

  /** Any order command; returns the position of its last event. */
  async order(command: OrderCommand): Promise<string> {
    const result = await this.aggregates.execute(orderDecider, orderStream(command.data.orderId), command, context());
    return result.position;
  }

  private async customerOf(orderId: string): Promise<string> {
    const { state } = await this.aggregates.load(orderDecider, orderStream(orderId));
    if (state.status === 'none') throw new Error(`no order ${orderId}`);
    return state.customerId;
  }
}

describe('orders projection on PostgreSQL', () => {
  let database: { url: string; drop: () => Promise<void> };
  let store: PostgresEventStore;
  let aggregates: AggregateStore;
  let sales: Sales;
  let live: DataSource;
  let runner: ProjectionRunner;
  let running: Promise<void>;
  const stop = new AbortController();
  const liveSchema = generationSchema('orders', 1);

  beforeAll(async () => {
    database = await createTestDatabase('proj_orders');
    store = PostgresEventStore.fromConnectionString(database.url);
    await store.migrate();
    aggregates = new AggregateStore(store);
    sales = new Sales(aggregates, new Lookups(aggregates));
    await sales.product('WIDGET', 'stocked', '10.00', '0.20');
    await sales.product('GADGET', 'stocked', '2.50', '0.10');
    await sales.product('SETUP', 'service', '100.00', '0.20');
    live = await openGeneration(database.url, ordersProjection, liveSchema);
    // Small batches: the live generation sees the log cut differently from the rebuilds compared below.
    runner = new ProjectionRunner(store, live, ordersProjection, liveSchema, { batchSize: 7, batchWaitMs: 2 });
    running = runner.run(stop.signal);
  });

  afterAll(async () => {
    stop.abort();
    await running;
    await live.destroy();
    await store.close();
    await database.drop();
  });

  const settled = async (position: string) => {
    expect(await runner.waitFor(position, 15_000)).toBe(true);
  };
  const settledAll = async () => settled(await lastAppendedPosition(database.url));
  const summary = async (orderId: string) => {
    const found = await orderSummary(live, orderId);
    if (!found) throw new Error(`order ${orderId} is not in the read model`);
    return found;
  };

  /** The read model says what the order aggregate says, line by line. */
  const expectMatchesAggregate = async (orderId: string) => {
    const loaded = await aggregates.load(orderDecider, orderStream(orderId));
    if (loaded.state.status === 'none') throw new Error('no order');
    const view = orderView(orderId, loaded);
    const read = await summary(orderId);
    expect(read).toMatchObject({ id: view.id, customerId: view.customerId, type: view.type, status: view.status, totals: view.totals });
    expect(read.exchangeRate).toBe(loaded.state.exchangeRate);
    expect(read.version).toBe(loaded.version);
    expect(read.position).toBe(loaded.position);
    expect(read.lines.map(({ lineNo: _lineNo, ...line }) => line)).toEqual(
      view.lines.map((l) => ({
        lineId: l.lineId,
        sku: l.sku,
        kind: l.kind,
        quantity: l.quantity,
        unitPrice: l.unitPrice,
        discount: l.discount,
        taxRate: l.taxRate,
        shippedQuantity: l.shippedQuantity,
        invoicedQuantity: l.invoicedQuantity,
        creditedQuantity: l.creditedQuantity,
        net: l.net,
        tax: l.tax,
        gross: l.gross,
      })),
    );
    const shipments = loaded.state.shipments;
    expect(read.shipments.map((s) => [s.id, s.status]).sort()).toEqual(shipments.map((s) => [s.shipmentId, s.status]).sort());
    expect(read.activeShipments).toBe(shipments.filter((s) => s.status === 'shipped').length);
    return read;
  };

  it('follows the status through sending, editing, confirming and locking; discarding and canceling', async () => {
    const customerId = await sales.customer();
    const { orderId, lineIds } = await sales.draft(customerId, [{ sku: 'WIDGET', quantity: 2 }]);
    const statusAfter = async (position: string) => {
      await settled(position);
      return (await expectMatchesAggregate(orderId)).status;
    };
    expect(await statusAfter(await sales.order({ type: 'SendOrder', data: { orderId } }))).toBe('sent');
    // Editing a sent order's lines takes it back to draft (OrderReturnedToDraft + OrderLineChanged).
    expect(await statusAfter(await sales.order({ type: 'ChangeLine', data: { orderId, lineId: lineIds[0], quantity: 3 } }))).toBe('draft');
    expect(await statusAfter(await sales.order({ type: 'SendOrder', data: { orderId } }))).toBe('sent');
    expect(await statusAfter(await sales.confirm(orderId))).toBe('confirmed');
    const { shipmentId } = await sales.ship(orderId, [{ lineId: lineIds[0], quantity: 3 }]);
    await settled(await sales.order({ type: 'DeliverShipment', data: { orderId, shipmentId } }));
    expect(await statusAfter(await sales.order({ type: 'LockOrder', data: { orderId } }))).toBe('locked');
    const read = await summary(orderId);
    expect(read.confirmedAt).not.toBeNull();
    expect(Date.parse(read.updatedAt)).toBeGreaterThanOrEqual(Date.parse(read.confirmedAt as string));
    expect(Date.parse(read.confirmedAt as string)).toBeGreaterThanOrEqual(Date.parse(read.draftedAt));
    expect(await statusAfter(await sales.order({ type: 'CancelOrder', data: { orderId, reason: 'changed mind' } }))).toBe('canceled');

    const discarded = await sales.draft(customerId, [{ sku: 'SETUP', quantity: 1 }]);
    await settled(await sales.order({ type: 'DiscardDraft', data: { orderId: discarded.orderId } }));
    expect(await summary(discarded.orderId)).toMatchObject({ status: 'discarded', confirmedAt: null, expectedRevenue: '0.00' });

    const canceled = await sales.draft(customerId, [{ sku: 'SETUP', quantity: 1 }]);
    await sales.order({ type: 'SendOrder', data: { orderId: canceled.orderId } });
    await settled(await sales.order({ type: 'CancelOrder', data: { orderId: canceled.orderId } }));
    expect(await summary(canceled.orderId)).toMatchObject({ status: 'canceled', confirmedAt: null });
  });

  it('keeps header, lines and totals in step with line additions, changes and removals', async () => {
    const customerId = await sales.customer();
    const { orderId, lineIds } = await sales.draft(customerId, [
      { sku: 'WIDGET', quantity: 3 },
      { sku: 'GADGET', quantity: 1.5, discount: '0.10' },
    ]);
    await settled(await sales.order({ type: 'ChangeOrderDetails', data: { orderId, changes: { customerReference: 'PO-77', requestedDeliveryDate: null } } }));
    // WIDGET 3 × 10.00 = 30.00 + 6.00 tax; GADGET 1.5 × 2.50 × 0.9 = 3.375 → 3.38 + 0.34 tax.
    expect(await expectMatchesAggregate(orderId)).toMatchObject({
      customerReference: 'PO-77',
      requestedDeliveryDate: null,
      lineCount: 2,
      totals: { net: '33.38', tax: '6.34', gross: '39.72' },
      orderedQuantity: 4.5,
      stockedQuantity: 4.5,
      shippedPercent: 0,
      invoicedPercent: 0,
      expectedRevenue: '0.00',
    });

    const added = await sales.addLine(orderId, { sku: 'SETUP', quantity: 1, unitPrice: '80.00' });
    await sales.order({ type: 'ChangeLine', data: { orderId, lineId: lineIds[0], quantity: 4, unitPrice: '9.50' } });
    await settled(await sales.order({ type: 'RemoveLine', data: { orderId, lineId: lineIds[1] } }));
    const read = await expectMatchesAggregate(orderId);
    // WIDGET 4 × 9.50 = 38.00 + 7.60; SETUP 80.00 + 16.00.
    expect(read).toMatchObject({ lineCount: 2, totals: { net: '118.00', tax: '23.60', gross: '141.60' }, orderedQuantity: 5, stockedQuantity: 4 });
    expect(read.lines.map((l) => [l.lineId, l.lineNo])).toEqual([
      [lineIds[0], 1],
      [added.lineId, 3],
    ]);
    const [{ count }] = await live.query('SELECT count(*)::int AS count FROM order_summary_lines WHERE order_id = $1', [orderId]);
    expect(count).toBe(2);

    // The totals at confirmation are the ones OrderConfirmed carries.
    const confirmed = await sales.confirm(orderId);
    await settled(confirmed);
    const [event] = (await store.readStream(orderStream(orderId))).filter((e) => e.type === 'OrderConfirmed');
    expect((await summary(orderId)).totals).toEqual(event.data.totals);
  });

  it('measures shipped and invoiced shares, active shipments and expected revenue through shipments, returns and invoices', async () => {
    const customerId = await sales.customer();
    const { orderId, lineIds } = await sales.draft(customerId, [
      { sku: 'WIDGET', quantity: 10 },
      { sku: 'GADGET', quantity: 5 },
      { sku: 'SETUP', quantity: 1 },
    ]);
    const [widget, gadget, setup] = lineIds;
    await settled(await sales.confirm(orderId));
    // 100.00 + 20.00, 12.50 + 1.25, 100.00 + 20.00
    let read = await expectMatchesAggregate(orderId);
    expect(read).toMatchObject({ totals: { gross: '253.75' }, shippedPercent: 0, invoicedPercent: 0, activeShipments: 0, expectedRevenue: '253.75', invoicedGross: '0.00' });

    const s1 = await sales.ship(orderId, [{ lineId: widget, quantity: 6 }]);
    const s2 = await sales.ship(orderId, [{ lineId: gadget, quantity: 5 }]);
    await settled(s2.position);
    read = await expectMatchesAggregate(orderId);
    expect(read).toMatchObject({ shippedQuantity: 11, stockedQuantity: 15, shippedPercent: 73.33, activeShipments: 2 });

    await settled(await sales.order({ type: 'DeliverShipment', data: { orderId, shipmentId: s1.shipmentId } }));
    expect(await expectMatchesAggregate(orderId)).toMatchObject({ activeShipments: 1 });

    await settled(await sales.order({ type: 'ReturnShipmentLines', data: { orderId, shipmentId: s2.shipmentId, lines: [{ lineId: gadget, quantity: 2 }] } }));
    read = await expectMatchesAggregate(orderId);
    expect(read).toMatchObject({ shippedQuantity: 9, shippedPercent: 60, activeShipments: 1 });
    expect(read.shipments.find((s) => s.id === s2.shipmentId)).toMatchObject({ status: 'shipped', quantity: 5, returnedQuantity: 2 });

    // Everything of s2 back: it is returned, no longer active.
    await settled(await sales.order({ type: 'ReturnShipmentLines', data: { orderId, shipmentId: s2.shipmentId, lines: [{ lineId: gadget, quantity: 3 }] } }));
    read = await expectMatchesAggregate(orderId);
    expect(read).toMatchObject({ shippedQuantity: 6, shippedPercent: 40, activeShipments: 0 });
    expect(read.shipments.find((s) => s.id === s2.shipmentId)).toMatchObject({ status: 'returned', returnedQuantity: 5 });

    // WIDGET 4 → 40.00 + 8.00, SETUP 1 → 100.00 + 20.00: 168.00 invoiced of 253.75.
    await settled(await sales.invoice(orderId, [{ lineId: widget, quantity: 4 }, { lineId: setup, quantity: 1 }]));
    read = await expectMatchesAggregate(orderId);
    expect(read).toMatchObject({ invoicedQuantity: 5, orderedQuantity: 16, invoicedPercent: 31.25, invoicedGross: '168.00', expectedRevenue: '85.75' });

    await settled(await sales.invoice(orderId, [{ lineId: gadget, quantity: 5 }, { lineId: widget, quantity: 6 }]));
    read = await expectMatchesAggregate(orderId);
    expect(read).toMatchObject({ invoicedPercent: 100, invoicedGross: '253.75', expectedRevenue: '0.00', shippedPercent: 40 });

    await settled(await sales.order({ type: 'CancelOrder', data: { orderId } }));
    expect(await expectMatchesAggregate(orderId)).toMatchObject({ status: 'canceled', expectedRevenue: '0.00', invoicedGross: '253.75' });
  });

  it('expects revenue only from confirmed orders, never below zero, and none once locked', async () => {
    const customerId = await sales.customer();
    const { orderId, lineIds } = await sales.draft(customerId, [{ sku: 'WIDGET', quantity: 2 }], 'blanket');
    await settled(await sales.order({ type: 'SendOrder', data: { orderId } }));
    expect(await summary(orderId)).toMatchObject({ status: 'sent', totals: { gross: '24.00' }, expectedRevenue: '0.00' });
    await settled(await sales.confirm(orderId));
    expect(await summary(orderId)).toMatchObject({ expectedRevenue: '24.00' });
    await settled(await sales.invoice(orderId, [{ lineId: lineIds[0], quantity: 2 }]));
    expect(await summary(orderId)).toMatchObject({ invoicedGross: '24.00', expectedRevenue: '0.00' });
    // A price cut after invoicing leaves invoiced gross above the order's gross: nothing more is expected.
    await settled(await sales.order({ type: 'ChangeLine', data: { orderId, lineId: lineIds[0], quantity: 3, unitPrice: '5.00' } }));
    expect(await expectMatchesAggregate(orderId)).toMatchObject({ totals: { gross: '18.00' }, invoicedGross: '24.00', expectedRevenue: '0.00' });
    await settled(await sales.order({ type: 'ChangeLine', data: { orderId, lineId: lineIds[0], quantity: 5 } }));
    expect(await summary(orderId)).toMatchObject({ totals: { gross: '30.00' }, expectedRevenue: '6.00' });
    // A blanket order may close before everything shipped; a locked order takes no more invoices.
    await settled(await sales.order({ type: 'LockOrder', data: { orderId } }));
    expect(await expectMatchesAggregate(orderId)).toMatchObject({ status: 'locked', expectedRevenue: '0.00', shippedPercent: 0 });
  });

  it('credits lines: an allowance grows credited and stays invoiced, a reopening credit note gives quantity and value back to billing', async () => {
    const customerId = await sales.customer();
    const { orderId, lineIds } = await sales.draft(customerId, [
      { sku: 'WIDGET', quantity: 10 },
      { sku: 'SETUP', quantity: 1 },
    ]);
    const [widget, setup] = lineIds;
    await sales.confirm(orderId);
    // WIDGET 6 → 60.00 + 12.00, SETUP 1 → 100.00 + 20.00: 192.00 invoiced of 240.00.
    const invoiceId = randomUUID();
    await settled(await sales.invoice(orderId, [{ lineId: widget, quantity: 6 }, { lineId: setup, quantity: 1 }], invoiceId));
    expect(await expectMatchesAggregate(orderId)).toMatchObject({ invoicedQuantity: 7, creditedQuantity: 0, invoicedGross: '192.00', creditedGross: '0.00', expectedRevenue: '48.00' });

    // A price allowance on 2 widgets (24.00): the line stays invoiced, nothing more is to be invoiced.
    await settled(await sales.creditNote(orderId, invoiceId, [{ lineId: widget, quantity: 2 }], false));
    let read = await expectMatchesAggregate(orderId);
    expect(read).toMatchObject({
      invoicedQuantity: 7,
      creditedQuantity: 2,
      invoicedPercent: 63.64,
      invoicedGross: '192.00',
      creditedGross: '24.00',
      expectedRevenue: '48.00',
    });
    expect(read.lines.find((l) => l.lineId === widget)).toMatchObject({ invoicedQuantity: 6, creditedQuantity: 2 });

    // The setup was billed by mistake (120.00): credited with reopenBilling, it is to be invoiced again.
    await settled(await sales.creditNote(orderId, invoiceId, [{ lineId: setup, quantity: 1 }], true));
    read = await expectMatchesAggregate(orderId);
    expect(read).toMatchObject({
      invoicedQuantity: 6,
      creditedQuantity: 2,
      invoicedPercent: 54.55,
      invoicedGross: '72.00',
      creditedGross: '144.00',
      expectedRevenue: '168.00',
    });
    expect(read.lines.find((l) => l.lineId === setup)).toMatchObject({ invoicedQuantity: 0, creditedQuantity: 0 });

    // One more widget reopened (12.00) on top of the allowance: invoiced drops, credited stays.
    await settled(await sales.creditNote(orderId, invoiceId, [{ lineId: widget, quantity: 1 }], true));
    read = await expectMatchesAggregate(orderId);
    expect(read).toMatchObject({ invoicedQuantity: 5, creditedQuantity: 2, invoicedGross: '60.00', creditedGross: '156.00', expectedRevenue: '180.00' });
    expect(read.lines.find((l) => l.lineId === widget)).toMatchObject({ invoicedQuantity: 5, creditedQuantity: 2 });

    // What was reopened is invoiced again.
    await settled(await sales.invoice(orderId, [{ lineId: setup, quantity: 1 }, { lineId: widget, quantity: 5 }]));
    expect(await expectMatchesAggregate(orderId)).toMatchObject({ invoicedQuantity: 11, invoicedPercent: 100, invoicedGross: '240.00', expectedRevenue: '0.00' });

    // invoiced_gross = Σ invoice gross − Σ reopening credit gross; credited_gross = Σ credit gross, from the log.
    const log = await store.readStream(orderStream(orderId));
    const gross = (type: string, keep: (data: Record<string, unknown>) => boolean = () => true) =>
      log
        .filter((e) => e.type === type && keep(e.data))
        .reduce((sum, e) => sum + Math.round(Number((e.data.totals as { gross: string }).gross) * 100), 0);
    read = await summary(orderId);
    expect(Math.round(Number(read.invoicedGross) * 100)).toBe(gross('InvoiceIssued') - gross('CreditNoteIssued', (d) => d.reopenBilling === true));
    expect(Math.round(Number(read.creditedGross) * 100)).toBe(gross('CreditNoteIssued'));

    // A canceled order's invoices are still corrected by credit notes; it expects nothing either way.
    await sales.order({ type: 'CancelOrder', data: { orderId } });
    await settled(await sales.creditNote(orderId, invoiceId, [{ lineId: widget, quantity: 3 }], true));
    expect(await expectMatchesAggregate(orderId)).toMatchObject({ status: 'canceled', invoicedQuantity: 8, invoicedGross: '204.00', creditedGross: '192.00', expectedRevenue: '0.00' });
  });

  it('keeps the exchange rate as drafted and changed, then as confirmed, with the base currency from confirmation', async () => {
    const customerId = await sales.customer();
    const usd = await sales.draft(customerId, [{ sku: 'WIDGET', quantity: 3, unitPrice: '7.77' }], { currency: 'USD', exchangeRate: '0.9' });
    await settled(usd.position);
    expect(await expectMatchesAggregate(usd.orderId)).toMatchObject({ currency: 'USD', exchangeRate: '0.9', baseCurrency: null });
    await settled(await sales.order({ type: 'ChangeOrderDetails', data: { orderId: usd.orderId, changes: { exchangeRate: null } } }));
    expect(await expectMatchesAggregate(usd.orderId)).toMatchObject({ exchangeRate: null, baseCurrency: null });
    await settled(await sales.order({ type: 'ChangeOrderDetails', data: { orderId: usd.orderId, changes: { exchangeRate: '1.0825' } } }));
    expect(await expectMatchesAggregate(usd.orderId)).toMatchObject({ exchangeRate: '1.0825', baseCurrency: null });
    await settled(await sales.confirm(usd.orderId));
    // 3 × 7.77 = 23.31 + 4.66 tax, in USD; the rate keeps the digits it was given.
    expect(await expectMatchesAggregate(usd.orderId)).toMatchObject({ totals: { gross: '27.97' }, expectedRevenue: '27.97', exchangeRate: '1.0825', baseCurrency: BASE });

    // A base-currency order confirms at "1", whatever its draft said.
    const eur = await sales.draft(customerId, [{ sku: 'WIDGET', quantity: 1 }], { exchangeRate: '1.5' });
    await settled(eur.position);
    expect(await summary(eur.orderId)).toMatchObject({ exchangeRate: '1.5', baseCurrency: null });
    await settled(await sales.confirm(eur.orderId));
    expect(await expectMatchesAggregate(eur.orderId)).toMatchObject({ exchangeRate: '1', baseCurrency: BASE });
    // Locking keeps them.
    await sales.invoice(eur.orderId, [{ lineId: eur.lineIds[0], quantity: 1 }]);
    const { shipmentId } = await sales.ship(eur.orderId, [{ lineId: eur.lineIds[0], quantity: 1 }]);
    await sales.order({ type: 'DeliverShipment', data: { orderId: eur.orderId, shipmentId } });
    await settled(await sales.order({ type: 'LockOrder', data: { orderId: eur.orderId } }));
    expect(await summary(eur.orderId)).toMatchObject({ status: 'locked', exchangeRate: '1', baseCurrency: BASE });
  });

  it('sums the open orders of a customer in the base currency: confirmed ones only, each at its rate, net of what is invoiced', async () => {
    const [customerId, other] = [await sales.customer(), await sales.customer()];
    const open = (exclude: string | null = null, base = BASE) => openOrdersBase(live, customerId, exclude, base);
    expect(await open()).toBe('0.00');

    // Confirmed EUR, nothing invoiced: 24.00.
    const eur = await sales.draft(customerId, [{ sku: 'WIDGET', quantity: 2 }]);
    await sales.confirm(eur.orderId);
    // Confirmed USD 27.97 at 1.0825 = 30.277525 → 30.28 EUR.
    const usd = await sales.draft(customerId, [{ sku: 'WIDGET', quantity: 3, unitPrice: '7.77' }], { currency: 'USD', exchangeRate: '1.0825' });
    await sales.confirm(usd.orderId);
    // 60.00, 24.00 invoiced: 36.00; an allowance on the invoice does not make anything open again.
    const partly = await sales.draft(customerId, [{ sku: 'WIDGET', quantity: 5 }]);
    await sales.confirm(partly.orderId);
    const partlyInvoice = randomUUID();
    await sales.invoice(partly.orderId, [{ lineId: partly.lineIds[0], quantity: 2 }], partlyInvoice);
    await sales.creditNote(partly.orderId, partlyInvoice, [{ lineId: partly.lineIds[0], quantity: 1 }], false);
    // 48.00 fully invoiced, then one widget (12.00) credited with reopenBilling: 12.00 open again.
    const reopened = await sales.draft(customerId, [{ sku: 'WIDGET', quantity: 4 }]);
    await sales.confirm(reopened.orderId);
    const reopenedInvoice = randomUUID();
    await sales.invoice(reopened.orderId, [{ lineId: reopened.lineIds[0], quantity: 4 }], reopenedInvoice);
    await sales.creditNote(reopened.orderId, reopenedInvoice, [{ lineId: reopened.lineIds[0], quantity: 1 }], true);
    // Invoiced in full, then the price cut: invoiced gross above gross counts 0, not less.
    const cut = await sales.draft(customerId, [{ sku: 'WIDGET', quantity: 2 }]);
    await sales.confirm(cut.orderId);
    await sales.invoice(cut.orderId, [{ lineId: cut.lineIds[0], quantity: 2 }]);
    await sales.order({ type: 'ChangeLine', data: { orderId: cut.orderId, lineId: cut.lineIds[0], unitPrice: '5.00' } });
    // None of these count: locked (closed for work, though not invoiced), canceled, sent, draft, another customer's.
    const locked = await sales.draft(customerId, [{ sku: 'WIDGET', quantity: 1 }]);
    await sales.confirm(locked.orderId);
    const { shipmentId } = await sales.ship(locked.orderId, [{ lineId: locked.lineIds[0], quantity: 1 }]);
    await sales.order({ type: 'DeliverShipment', data: { orderId: locked.orderId, shipmentId } });
    await sales.order({ type: 'LockOrder', data: { orderId: locked.orderId } });
    const canceled = await sales.draft(customerId, [{ sku: 'SETUP', quantity: 1 }]);
    await sales.confirm(canceled.orderId);
    await sales.order({ type: 'CancelOrder', data: { orderId: canceled.orderId } });
    const sent = await sales.draft(customerId, [{ sku: 'SETUP', quantity: 1 }]);
    await sales.order({ type: 'SendOrder', data: { orderId: sent.orderId } });
    await sales.draft(customerId, [{ sku: 'SETUP', quantity: 2 }]);
    const others = await sales.draft(other, [{ sku: 'SETUP', quantity: 1 }]);
    await sales.confirm(others.orderId);
    await settledAll();

    expect(await summary(locked.orderId)).toMatchObject({ status: 'locked', invoicedGross: '0.00', totals: { gross: '12.00' } });
    expect(await summary(cut.orderId)).toMatchObject({ status: 'confirmed', invoicedGross: '24.00', totals: { gross: '12.00' } });
    // 24.00 + 30.28 + 36.00 + 12.00 + 0
    expect(await open()).toBe('102.28');
    expect(await open(eur.orderId)).toBe('78.28');
    expect(await open(usd.orderId)).toBe('72.00');
    // The order being confirmed may be one the read model has not seen (or no UUID): nothing to leave out.
    expect(await open(randomUUID())).toBe('102.28');
    expect(await open('not-a-uuid')).toBe('102.28');
    expect(await openOrdersBase(live, other, null, BASE)).toBe('120.00');
    expect(await openOrdersBase(live, other, others.orderId, BASE)).toBe('0.00');

    // Exactly the base currency's minor digits.
    const nobody = randomUUID();
    expect(await openOrdersBase(live, nobody, null, 'EUR')).toBe('0.00');
    expect(await openOrdersBase(live, nobody, null, 'JPY')).toBe('0');
    expect(await openOrdersBase(live, nobody, null, 'KWD')).toBe('0.000');
    expect(await openOrdersBase(live, 'not-a-uuid', null, 'EUR')).toBe('0.00');
    await expect(openOrdersBase(live, customerId, null, 'euro')).rejects.toBeInstanceOf(RangeError);
  });

  it('migrates a generation built before credit notes to the rows a rebuild writes, and folds new events on it alike', async () => {
    const [rebuiltSchema, oldSchema] = [generationSchema('orders', 92), generationSchema('orders', 93)];
    const rebuilt = await openGeneration(database.url, ordersProjection, rebuiltSchema);
    const old = await openGeneration(database.url, { ...ordersProjection, migrations: [CreateOrders1767312000000] }, oldSchema);
    const customerId = randomUUID();
    const line = (sku: string, quantity: number, unitPrice: string) => ({ lineId: randomUUID(), sku, kind: 'stocked', quantity, unitPrice, discount: '0.00', taxRate: '0.20' });
    // The log as written before exchange rates were recorded: no rates, no base currency, no credit notes.
    const [eurId, usdId, jpyId, invoiceId] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const [eur, usd, jpy] = [handMade(eurId), handMade(usdId), handMade(jpyId)];
    const eurLine = line('WIDGET', 4, '10.00');
    const invoiceLine = { lineId: eurLine.lineId, sku: 'WIDGET', quantity: 2, unitPrice: '10.00', discount: '0.00', taxRate: '0.20', net: '20.00', tax: '4.00', gross: '24.00' };
    const legacy = [
      eur('OrderDrafted', draftedData(customerId, 'EUR', [eurLine])),
      eur('OrderConfirmed', { customerId, reservations: [], totals: { net: '40.00', tax: '8.00', gross: '48.00' } }),
      usd('OrderDrafted', draftedData(customerId, 'USD', [line('WIDGET', 1, '9.99')])),
      jpy('OrderDrafted', draftedData(customerId, 'JPY', [line('WIDGET', 2, '1500')])),
      usd('OrderConfirmed', { customerId, reservations: [], totals: { net: '9.99', tax: '2.00', gross: '11.99' } }),
      eur('InvoiceIssued', {
        invoiceId,
        customerId,
        currency: 'EUR',
        invoiceDate: '2025-12-01',
        dueDate: '2025-12-31',
        lines: [invoiceLine],
        totals: { net: '20.00', tax: '4.00', gross: '24.00' },
      }),
    ];
    // Read as the runner reads them: upcast to the current shape.
    await rebuilt.transaction((manager) => ordersProjection.apply(legacy.map((event) => upcast(event)), manager));
    // What the code before wrote: the same rows in the columns it had (it folded those exactly as now).
    for (const table of ['order_summaries', 'order_summary_lines', 'order_shipments']) {
      const columns: { column_name: string }[] = await old.query(
        'SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position',
        [oldSchema, table],
      );
      const list = columns.map((c) => c.column_name).join(', ');
      await old.query(`INSERT INTO ${oldSchema}.${table} (${list}) SELECT ${list} FROM ${rebuiltSchema}.${table}`);
    }
    await old.destroy();

    const migrated = await openGeneration(database.url, ordersProjection, oldSchema);
    expect(await generationTables(migrated, oldSchema)).toEqual(await generationTables(rebuilt, rebuiltSchema));
    expect(await orderSummary(migrated, eurId)).toMatchObject({ exchangeRate: '1', baseCurrency: 'EUR', creditedGross: '0.00', creditedQuantity: 0, expectedRevenue: '24.00' });
    expect(await orderSummary(migrated, usdId)).toMatchObject({ exchangeRate: '1', baseCurrency: 'USD', creditedGross: '0.00' });
    expect(await orderSummary(migrated, jpyId)).toMatchObject({ exchangeRate: null, baseCurrency: null, creditedGross: '0', invoicedGross: '0' });

    // From here on the new code folds new events on the migrated rows as on the rebuilt ones.
    const later = [
      eur('CreditNoteIssued', {
        creditNoteId: randomUUID(),
        invoiceId,
        customerId,
        currency: 'EUR',
        creditDate: '2026-01-10',
        reason: 'invoice again',
        reopenBilling: true,
        lines: [{ ...invoiceLine, quantity: 1, net: '10.00', tax: '2.00', gross: '12.00' }],
        totals: { net: '10.00', tax: '2.00', gross: '12.00' },
        exchangeRate: '1',
        baseCurrency: 'EUR',
        baseTotals: { net: '10.00', tax: '2.00', gross: '12.00' },
      }),
      jpy('OrderDetailsChanged', { changes: { exchangeRate: '0.0061' } }),
    ];
    for (const ds of [rebuilt, migrated]) await ds.transaction((manager) => ordersProjection.apply(later, manager));
    expect(await generationTables(migrated, oldSchema)).toEqual(await generationTables(rebuilt, rebuiltSchema));
    expect(await orderSummary(migrated, eurId)).toMatchObject({ invoicedQuantity: 1, invoicedGross: '12.00', creditedGross: '12.00', expectedRevenue: '36.00' });
    expect(await orderSummary(migrated, jpyId)).toMatchObject({ exchangeRate: '0.0061', baseCurrency: null });
    // Orders confirmed before exchange rates were recorded count at rate "1" in their own currency, as the log says.
    expect(await openOrdersBase(migrated, customerId, null, 'EUR')).toBe('47.99');
    await Promise.all([rebuilt.destroy(), migrated.destroy()]);
  });

  it('lists newest first, filtered by status and customer, in keyset pages', async () => {
    const [alice, bob] = [await sales.customer(), await sales.customer()];
    const aliceOrders: string[] = [];
    for (let i = 0; i < 7; i++) {
      const { orderId } = await sales.draft(alice, [{ sku: 'SETUP', quantity: i + 1 }]);
      aliceOrders.push(orderId);
      if (i % 2 === 0) await sales.confirm(orderId);
    }
    const bobOrder = (await sales.draft(bob, [{ sku: 'WIDGET', quantity: 1 }])).orderId;
    await sales.confirm(bobOrder);
    await settledAll();

    const all = await listOrders(live, { customerId: alice });
    expect(all.orders.map((o) => o.id)).toEqual([...aliceOrders].reverse());
    expect(all.next).toBeNull();
    expect(all.orders[0]).toMatchObject({ customerId: alice, status: 'confirmed', currency: 'EUR', totals: { gross: '840.00' } });

    const pages: string[][] = [];
    let after: string | undefined;
    do {
      const page = await listOrders(live, { customerId: alice, limit: 3, after });
      pages.push(page.orders.map((o) => o.id));
      after = page.next ?? undefined;
    } while (after);
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual(all.orders.map((o) => o.id));

    const confirmed = await listOrders(live, { customerId: alice, status: 'confirmed' });
    expect(confirmed.orders.map((o) => o.id)).toEqual([aliceOrders[6], aliceOrders[4], aliceOrders[2], aliceOrders[0]]);
    const drafts = await listOrders(live, { status: 'draft', limit: 500 });
    expect(drafts.orders.every((o) => o.status === 'draft')).toBe(true);
    expect(drafts.orders.map((o) => o.id)).toEqual(expect.arrayContaining([aliceOrders[1], aliceOrders[3], aliceOrders[5]]));
    expect(drafts.orders.map((o) => o.id)).not.toContain(bobOrder);
    expect((await listOrders(live, { customerId: bob })).orders.map((o) => o.id)).toEqual([bobOrder]);

    const newest = await listOrders(live, { limit: 2 });
    expect(newest.orders.map((o) => o.id)).toEqual([bobOrder, aliceOrders[6]]);
    expect(newest.next).not.toBeNull();
    expect(await listOrders(live, { customerId: 'not-a-uuid' })).toEqual({ orders: [], next: null });
    expect(await orderSummary(live, 'not-a-uuid')).toBeNull();
    expect(await orderSummary(live, randomUUID())).toBeNull();
    await expect(listOrders(live, { after: 'garbage' })).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(listOrders(live, { limit: 0 })).rejects.toBeInstanceOf(RangeError);
    expect((await listOrders(live, { limit: 100_000 })).orders.length).toBeLessThanOrEqual(500);
  });

  it('ignores every other event type, even one naming an order', async () => {
    const customerId = await sales.customer();
    const { orderId } = await sales.draft(customerId, [{ sku: 'WIDGET', quantity: 1 }]);
    await settled(await sales.confirm(orderId));
    const before = await summary(orderId);
    const tables = async () => Promise.all(['order_summaries', 'order_summary_lines', 'order_shipments'].map((t) => live.query(`SELECT count(*)::int AS n FROM ${t}`)));
    const counts = await tables();
    await store.append(`invoice-${randomUUID()}`, [{ type: 'InvoiceNumbered', data: { invoiceId: randomUUID(), orderId, number: 'INV-2026-000001', year: 2026 }, metadata: meta }], 'no_stream');
    await store.append(`stockReceipt-${randomUUID()}`, [{ type: 'StockReceived', data: { sku: 'WIDGET', quantity: 5 }, metadata: meta }], 'no_stream');
    await store.append(`orderNote-${randomUUID()}`, [{ type: 'OrderNoteAdded', data: { orderId, note: 'call first' }, metadata: meta }], 'no_stream');
    await store.append(`thing-${randomUUID()}`, [{ type: 'Whatever', data: {}, metadata: meta }], 'no_stream');
    await settledAll();
    expect(runner.current.state).toBe('running');
    expect(await summary(orderId)).toEqual(before);
    expect(await tables()).toEqual(counts);
  });

  it('refuses events the order decider could never have written, so the runtime stops naming them', async () => {
    const schema = generationSchema('orders', 90);
    const ds = await openGeneration(database.url, ordersProjection, schema);
    const event = handMade(randomUUID());
    const drafted = event('OrderDrafted', draftedData(randomUUID(), 'EUR', []));
    const apply = (events: StoredEvent[]) => ds.transaction((manager) => ordersProjection.apply(events, manager));
    await expect(apply([event('OrderSent', {})])).rejects.toThrow(/never drafted/);
    await expect(apply([drafted, event('OrderLineChanged', { lineId: randomUUID(), sku: 'X', quantity: 1, unitPrice: '1.00', discount: '0.00', previousQuantity: 1 })])).rejects.toThrow(
      /has no line/,
    );
    await expect(apply([drafted, event('ShipmentDelivered', { shipmentId: randomUUID() })])).rejects.toThrow(/has no shipment/);
    const credited = { lineId: randomUUID(), sku: 'X', quantity: 1, unitPrice: '1.00', discount: '0.00', taxRate: '0.00', net: '1.00', tax: '0.00', gross: '1.00' };
    const totals = { net: '1.00', tax: '0.00', gross: '1.00' };
    const creditNote = { creditNoteId: randomUUID(), invoiceId: randomUUID(), customerId: randomUUID(), currency: 'EUR', creditDate: '2026-01-01', reason: 'x' };
    const base = { exchangeRate: '1', baseCurrency: 'EUR', baseTotals: totals };
    await expect(apply([drafted, event('CreditNoteIssued', { ...creditNote, reopenBilling: false, lines: [credited], totals, ...base })])).rejects.toThrow(/CreditNoteIssued: .* has no line/);
    await apply([drafted]);
    await expect(apply([drafted])).rejects.toThrow(/exists already/);
    await ds.destroy();
  });

  it('rebuilds from zero to exactly the rows of the live generation, which took its events while they were being written', async () => {
    const customers = await Promise.all([1, 2, 3].map(() => sales.customer()));
    // Forty orders worked through their whole lifecycle at once, while the live runner applies batches:
    // every fifth in USD at a rate changed before confirming, some invoices corrected by credit notes.
    await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const usd = i % 5 === 1;
        const price = (eur: string) => (usd ? { unitPrice: eur } : {});
        const { orderId, lineIds } = await sales.draft(
          customers[i % 3],
          [
            { sku: 'WIDGET', quantity: 4 + i, ...price('10.75') },
            { sku: 'GADGET', quantity: 2.5, discount: '0.05', ...price('2.69') },
            { sku: 'SETUP', quantity: 1, ...price('107.50') },
          ],
          usd ? { currency: 'USD', exchangeRate: '0.93' } : i % 5 === 2 ? { exchangeRate: '1.2' } : {},
        );
        const [widget, gadget, setup] = lineIds;
        const extra = await sales.addLine(orderId, { sku: 'GADGET', quantity: 1, ...price('2.69') });
        await sales.order({ type: 'RemoveLine', data: { orderId, lineId: extra.lineId } });
        if (usd) await sales.order({ type: 'ChangeOrderDetails', data: { orderId, changes: { exchangeRate: `0.9${i}` } } });
        await sales.order({ type: 'SendOrder', data: { orderId } });
        if (i % 4 === 0) {
          await sales.order({ type: 'CancelOrder', data: { orderId } });
          return;
        }
        await sales.confirm(orderId);
        await sales.order({ type: 'ChangeLine', data: { orderId, lineId: widget, quantity: 5 + i, discount: '0.10' } });
        const first = await sales.ship(orderId, [{ lineId: widget, quantity: 3 }, { lineId: gadget, quantity: 2.5 }]);
        const invoiceId = randomUUID();
        await sales.invoice(orderId, [{ lineId: setup, quantity: 1 }, { lineId: widget, quantity: 2 }], invoiceId);
        if (i % 3 !== 2) await sales.creditNote(orderId, invoiceId, [{ lineId: widget, quantity: 1 }], i % 3 === 0);
        if (i % 6 === 1) await sales.creditNote(orderId, invoiceId, [{ lineId: setup, quantity: 1 }], true);
        await sales.order({ type: 'ReturnShipmentLines', data: { orderId, shipmentId: first.shipmentId, lines: [{ lineId: gadget, quantity: 0.5 }] } });
        await sales.order({ type: 'DeliverShipment', data: { orderId, shipmentId: first.shipmentId } });
        if (i % 3 === 0) return;
        const second = await sales.ship(orderId, [{ lineId: widget, quantity: 2 + i }, { lineId: gadget, quantity: 0.5 }]);
        if (i % 2 === 0) await sales.order({ type: 'ReturnShipmentLines', data: { orderId, shipmentId: second.shipmentId, lines: [{ lineId: widget, quantity: 2 + i }, { lineId: gadget, quantity: 0.5 }] } });
        else await sales.order({ type: 'DeliverShipment', data: { orderId, shipmentId: second.shipmentId } });
      }),
    );
    await settledAll();

    const schema = generationSchema('orders', 2);
    const fresh = await openGeneration(database.url, ordersProjection, schema);
    const rebuildStop = new AbortController();
    const rebuild = new ProjectionRunner(store, fresh, ordersProjection, schema, { batchSize: 500, batchWaitMs: 20 });
    const rebuilding = rebuild.run(rebuildStop.signal);
    const head = await lastAppendedPosition(database.url);
    expect(await rebuild.waitFor(head, 30_000)).toBe(true);
    rebuildStop.abort();
    await rebuilding;

    const [liveTables, freshTables] = [await generationTables(live, liveSchema), await generationTables(fresh, schema)];
    expect(Object.keys(liveTables).sort()).toEqual(['order_shipments', 'order_summaries', 'order_summary_lines']);
    for (const rows of Object.values(liveTables)) expect(rows.length).toBeGreaterThan(10);
    // The fixture did hold what the new columns show.
    const summaries = liveTables.order_summaries as { credited_gross: string; invoiced_quantity: string; exchange_rate: string | null; base_currency: string | null }[];
    expect(summaries.some((r) => Number(r.credited_gross) > 0)).toBe(true);
    expect(summaries.some((r) => r.base_currency === BASE && r.exchange_rate !== null && Number(r.exchange_rate) < 1)).toBe(true);
    expect((liveTables.order_summary_lines as { credited: string }[]).some((r) => Number(r.credited) > 0)).toBe(true);
    expect(freshTables).toEqual(liveTables);
    expect(await readCheckpoint(fresh, schema)).toEqual(await readCheckpoint(live, liveSchema));
    await fresh.destroy();
  });

  it('reads and writes each batch in two statements, however many events and orders it holds', async () => {
    await settledAll();
    const schema = generationSchema('orders', 91);
    const ds = await openGeneration(database.url, ordersProjection, schema);
    const log = await store.readAll({ after: START, limit: 100_000 });
    const statements = await statementsPerBatch(ordersProjection, ds, log, 200);
    expect(log.length).toBeGreaterThan(400);
    // One read (summaries, lines and shipments of the named orders) and one write (every changed row).
    expect(Math.max(...statements)).toBe(2);
    expect(await generationTables(ds, schema)).toEqual(await generationTables(live, liveSchema));
    await ds.destroy();
  });
});
