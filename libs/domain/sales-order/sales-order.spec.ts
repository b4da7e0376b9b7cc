import { fold } from '../shared/decider';
import { deciderSpec } from '../shared/decider-spec';
import { Amounts } from '../shared/line-amounts';
import { CreditFacts, CustomerFacts, OrderCommand, OrderDetailChanges, ProductFacts, RequestedLine } from './commands';
import { addDays } from './decide';
import { CreditCheck, InvoiceLine, OrderEvent, OrderLineSnapshot } from './events';
import { InvoiceIssuedV1, OrderDraftedV1, invoiceIssuedFromV1, orderDraftedFromV1 } from './legacy-events';
import { orderDecider } from './sales-order';

/** given(events).when(command).then(events | refusal) for every rule of domain.md's order sections. */
const spec = deciderSpec(orderDecider);
const orderId = 'o-1';
const customer: CustomerFacts = { customerId: 'c-1', exists: true, blocked: false, invoicePolicy: 'ordered', paymentTermsDays: 30 };
const widget: ProductFacts = { sku: 'W-1', kind: 'stocked', currency: 'EUR', unitPrice: '10.00', taxRate: '0.20', active: true };
const service: ProductFacts = { sku: 'S-1', kind: 'service', currency: 'EUR', unitPrice: '50.00', taxRate: '0.20', active: true };
const request = (lineId: string, product: ProductFacts | null, quantity: number, extra: Partial<RequestedLine> = {}): RequestedLine => ({
  lineId,
  product,
  sku: product?.sku ?? 'NOPE',
  quantity,
  ...extra,
});
const snapshot = (lineId: string, product: ProductFacts, quantity: number, extra: Partial<OrderLineSnapshot> = {}): OrderLineSnapshot => ({
  lineId,
  sku: product.sku,
  kind: product.kind,
  quantity,
  unitPrice: product.unitPrice,
  discount: '0.00',
  taxRate: product.taxRate,
  ...extra,
});

const drafted = (lines: OrderLineSnapshot[] = [snapshot('L1', widget, 10), snapshot('L2', service, 2)], extra = {}): OrderEvent => ({
  type: 'OrderDrafted',
  data: {
    orderId,
    customerId: 'c-1',
    orderType: 'standard',
    currency: 'EUR',
    requestedDeliveryDate: null,
    customerReference: null,
    channel: 'manual',
    billingAddress: null,
    shippingAddress: null,
    invoicePolicy: null,
    quoteId: null,
    exchangeRate: null,
    lines,
    ...extra,
  },
});
const sent: OrderEvent = { type: 'OrderSent', data: { orderId } };
const confirmed: OrderEvent = {
  type: 'OrderConfirmed',
  data: {
    orderId,
    customerId: 'c-1',
    reservations: [{ lineId: 'L1', sku: 'W-1', quantity: 10 }],
    totals: { net: '200.00', tax: '40.00', gross: '240.00' },
    exchangeRate: '1',
    baseCurrency: 'EUR',
    baseTotals: { net: '200.00', tax: '40.00', gross: '240.00' },
    creditCheck: null,
  },
};
const shipped = (shipmentId: string, quantity: number, lineId = 'L1'): OrderEvent => ({
  type: 'LinesShipped',
  data: { orderId, shipmentId, lines: [{ lineId, sku: 'W-1', quantity }] },
});
const delivered = (shipmentId: string): OrderEvent => ({ type: 'ShipmentDelivered', data: { orderId, shipmentId } });
/**
 * An invoice as written before invoices carried exchange rates (no rate, no base totals; amounts irrelevant
 * to the quantity rules), read through its upcaster as the aggregate store reads it.
 */
const invoiced = (invoiceId: string, lineId: string, quantity: number): OrderEvent => ({
  type: 'InvoiceIssued',
  data: invoiceIssuedFromV1({
    orderId,
    invoiceId,
    customerId: 'c-1',
    currency: 'EUR',
    invoiceDate: '2026-11-23',
    dueDate: '2026-12-23',
    lines: [{ lineId, sku: 'W-1', quantity, unitPrice: '10.00', discount: '0.00', taxRate: '0.20', net: '0', tax: '0', gross: '0' }],
    totals: { net: '0', tax: '0', gross: '0' },
  }),
});
const draftCommand = (lines: RequestedLine[], customerFacts = customer) =>
  ({
    type: 'DraftOrder',
    data: {
      orderId,
      customer: customerFacts,
      orderType: 'standard',
      currency: 'EUR',
      requestedDeliveryDate: null,
      customerReference: null,
      channel: 'manual',
      billingAddress: null,
      shippingAddress: null,
      invoicePolicy: null,
      quoteId: null,
      lines,
    },
  }) as const;
const ship = (lines: { lineId: string; quantity: number }[], shipmentId = 'SH-new') => ({ type: 'ShipLines', data: { orderId, shipmentId, lines } }) as const;
const invoice = (lines: { lineId: string; quantity: number }[], customerFacts = customer) =>
  ({ type: 'InvoiceLines', data: { orderId, invoiceId: 'INV-new', lines, invoiceDate: '2026-11-23', customer: customerFacts, baseCurrency: 'EUR' } }) as const;

describe('sales order: drafting and lines', () => {
  it('drafts an order with lines that snapshot price, tax rate and kind', () => {
    spec
      .given([])
      .when(draftCommand([request('L1', widget, 10), request('L2', service, 2, { unitPrice: '45', discount: '0.1' })]))
      .then([drafted([snapshot('L1', widget, 10), snapshot('L2', service, 2, { unitPrice: '45.00', discount: '0.10' })])]);
  });

  it('refuses an unknown or blocked customer, an unknown product, a price in another currency', () => {
    spec.given([]).when(draftCommand([], { ...customer, exists: false })).thenRefuses('CUSTOMER_NOT_FOUND');
    spec.given([]).when(draftCommand([], { ...customer, blocked: true })).thenRefuses('CUSTOMER_BLOCKED');
    spec.given([]).when(draftCommand([request('L1', null, 1)])).thenRefuses('PRODUCT_NOT_FOUND');
    spec.given([]).when(draftCommand([request('L1', { ...widget, currency: 'USD' }, 1)])).thenRefuses('PRICE_CURRENCY_MISMATCH');
    spec.given([drafted()]).when(draftCommand([])).thenRefuses('ORDER_EXISTS');
  });

  it('refuses an inactive product on a drafted or added line, and keeps the lines it already has', () => {
    const inactive = { ...widget, active: false };
    spec.given([]).when(draftCommand([request('L1', inactive, 1)])).thenRefuses('PRODUCT_INACTIVE', { sku: 'W-1' });
    spec.given([drafted()]).when({ type: 'AddLine', data: { orderId, line: request('L3', inactive, 1) } }).thenRefuses('PRODUCT_INACTIVE');
    spec.given([drafted()]).when({ type: 'ChangeLine', data: { orderId, lineId: 'L1', quantity: 3 } }).then([
      { type: 'OrderLineChanged', data: { orderId, lineId: 'L1', sku: 'W-1', quantity: 3, unitPrice: '10.00', discount: '0.00', previousQuantity: 10 } },
    ]);
  });

  it('keeps the channel and addresses it was drafted with; an order drafted before they were recorded is manual, with no billing address', () => {
    const address = { line1: 'Rynek 1', city: 'Łódź', country: 'PL' };
    spec
      .given([])
      .when({ ...draftCommand([]), data: { ...draftCommand([]).data, channel: 'edi', billingAddress: address, shippingAddress: address } })
      .then([drafted([], { channel: 'edi', billingAddress: address, shippingAddress: address })]);
    const { channel: _c, billingAddress: _b, ...older } = (drafted() as Extract<OrderEvent, { type: 'OrderDrafted' }>).data;
    expect(fold(orderDecider, [{ type: 'OrderDrafted', data: older }])).toMatchObject({ channel: 'manual', billingAddress: null });
  });

  it('refuses a unit price with more decimals than the order currency has', () => {
    spec.given([]).when(draftCommand([request('L1', widget, 1, { unitPrice: '1.005' })])).thenRefuses('VALIDATION_FAILED');
  });

  it('adds, changes and removes lines of a draft', () => {
    spec
      .given([drafted()])
      .when({ type: 'AddLine', data: { orderId, line: request('L3', widget, 1) } })
      .then([{ type: 'OrderLineAdded', data: { orderId, line: snapshot('L3', widget, 1) } }]);
    spec
      .given([drafted()])
      .when({ type: 'ChangeLine', data: { orderId, lineId: 'L1', quantity: 4, discount: '0.05' } })
      .then([{ type: 'OrderLineChanged', data: { orderId, lineId: 'L1', sku: 'W-1', quantity: 4, unitPrice: '10.00', discount: '0.05', previousQuantity: 10 } }]);
    spec
      .given([drafted()])
      .when({ type: 'RemoveLine', data: { orderId, lineId: 'L2' } })
      .then([{ type: 'OrderLineRemoved', data: { orderId, lineId: 'L2', sku: 'S-1', quantity: 2 } }]);
  });

  it('writes nothing for a change that changes nothing', () => {
    spec.given([drafted()]).when({ type: 'ChangeLine', data: { orderId, lineId: 'L1', quantity: 10 } }).then([]);
  });

  it('sends an edited sent order back to draft', () => {
    spec
      .given([drafted(), sent])
      .when({ type: 'ChangeLine', data: { orderId, lineId: 'L1', quantity: 5 } })
      .then([
        { type: 'OrderReturnedToDraft', data: { orderId } },
        { type: 'OrderLineChanged', data: { orderId, lineId: 'L1', sku: 'W-1', quantity: 5, unitPrice: '10.00', discount: '0.00', previousQuantity: 10 } },
      ]);
  });

  it('changes the header of a draft, recording only what changed; a sent order goes back to draft', () => {
    const change = { type: 'ChangeOrderDetails', data: { orderId, changes: { customerReference: 'PO-1', requestedDeliveryDate: null } } } as const;
    spec.given([drafted()]).when(change).then([{ type: 'OrderDetailsChanged', data: { orderId, changes: { customerReference: 'PO-1' } } }]);
    spec.given([drafted(), sent]).when(change).then([
      { type: 'OrderReturnedToDraft', data: { orderId } },
      { type: 'OrderDetailsChanged', data: { orderId, changes: { customerReference: 'PO-1' } } },
    ]);
    spec.given([drafted(undefined, { customerReference: 'PO-1' })]).when(change).then([]);
    spec.given([drafted(), confirmed]).when(change).thenRefuses('ORDER_NOT_EDITABLE');
  });

  it('refuses an unknown line', () => {
    spec.given([drafted()]).when({ type: 'ChangeLine', data: { orderId, lineId: 'nope', quantity: 1 } }).thenRefuses('LINE_NOT_FOUND');
    spec.given([drafted()]).when({ type: 'RemoveLine', data: { orderId, lineId: 'nope' } }).thenRefuses('LINE_NOT_FOUND');
  });

  it('lets a confirmed order change quantities and prices, never below what was shipped or invoiced', () => {
    const history = [drafted(), confirmed, shipped('SH1', 4), invoiced('I1', 'L2', 1)];
    spec.given(history).when({ type: 'ChangeLine', data: { orderId, lineId: 'L1', quantity: 3 } }).thenRefuses('QUANTITY_BELOW_FULFILLED', { shippedQuantity: 4 });
    spec.given(history).when({ type: 'ChangeLine', data: { orderId, lineId: 'L2', quantity: 0.5 } }).thenRefuses('QUANTITY_BELOW_FULFILLED');
    spec
      .given(history)
      .when({ type: 'ChangeLine', data: { orderId, lineId: 'L1', quantity: 4, unitPrice: '9.5' } })
      .then([{ type: 'OrderLineChanged', data: { orderId, lineId: 'L1', sku: 'W-1', quantity: 4, unitPrice: '9.50', discount: '0.00', previousQuantity: 10 } }]);
  });

  it('refuses to remove a line with a shipment or an invoice', () => {
    spec.given([drafted(), confirmed, shipped('SH1', 1)]).when({ type: 'RemoveLine', data: { orderId, lineId: 'L1' } }).thenRefuses('LINE_HAS_ACTIVITY');
    spec.given([drafted(), confirmed, invoiced('I1', 'L2', 1)]).when({ type: 'RemoveLine', data: { orderId, lineId: 'L2' } }).thenRefuses('LINE_HAS_ACTIVITY');
    // Even fully returned, the line has had a shipment: its history stays attached.
    const returned: OrderEvent = { type: 'ShipmentLinesReturned', data: { orderId, shipmentId: 'SH1', lines: [{ lineId: 'L1', sku: 'W-1', quantity: 1 }] } };
    spec.given([drafted(), confirmed, shipped('SH1', 1), returned]).when({ type: 'RemoveLine', data: { orderId, lineId: 'L1' } }).thenRefuses('LINE_HAS_ACTIVITY');
  });

  it('accepts no line edits once locked, canceled or discarded', () => {
    const locked: OrderEvent = { type: 'OrderLocked', data: { orderId } };
    for (const history of [
      [drafted(), confirmed, shipped('SH1', 10), delivered('SH1'), locked],
      [drafted(), sent, { type: 'OrderCanceled', data: { orderId, reason: null, releasedReservations: [] } } as OrderEvent],
      [drafted(), { type: 'OrderDiscarded', data: { orderId, reason: null } } as OrderEvent],
    ]) {
      spec.given(history).when({ type: 'AddLine', data: { orderId, line: request('L9', widget, 1) } }).thenRefuses('ORDER_NOT_EDITABLE');
    }
  });
});

describe('sales order: the state table', () => {
  const locked: OrderEvent = { type: 'OrderLocked', data: { orderId } };
  const canceled: OrderEvent = { type: 'OrderCanceled', data: { orderId, reason: null, releasedReservations: [] } };
  const discarded: OrderEvent = { type: 'OrderDiscarded', data: { orderId, reason: null } };
  const confirm = { type: 'ConfirmOrder', data: { orderId, customer, baseCurrency: 'EUR', credit: null } } as const;
  const fullyShipped = [drafted([snapshot('L1', widget, 10)]), confirmed, shipped('SH1', 10), delivered('SH1')];

  it('draft → sent → confirmed → locked', () => {
    spec.given([drafted()]).when({ type: 'SendOrder', data: { orderId } }).then([sent]);
    spec.given([drafted(), sent]).when(confirm).then([confirmed]);
    spec.given(fullyShipped).when({ type: 'LockOrder', data: { orderId } }).then([locked]);
  });

  it('confirms straight from draft', () => {
    spec.given([drafted()]).when(confirm).then([confirmed]);
  });

  it('refuses every transition the table does not have', () => {
    spec.given([drafted(), sent]).when({ type: 'SendOrder', data: { orderId } }).thenRefuses('INVALID_TRANSITION');
    spec.given([drafted()]).when({ type: 'LockOrder', data: { orderId } }).thenRefuses('INVALID_TRANSITION');
    spec.given([drafted(), sent]).when({ type: 'LockOrder', data: { orderId } }).thenRefuses('INVALID_TRANSITION');
    spec.given([drafted()]).when({ type: 'CancelOrder', data: { orderId } }).thenRefuses('INVALID_TRANSITION');
    spec.given([drafted(), confirmed]).when(confirm).thenRefuses('INVALID_TRANSITION');
    spec.given([drafted(), confirmed]).when({ type: 'SendOrder', data: { orderId } }).thenRefuses('INVALID_TRANSITION');
    spec.given([...fullyShipped, locked]).when(confirm).thenRefuses('INVALID_TRANSITION');
    spec.given([...fullyShipped, locked]).when({ type: 'LockOrder', data: { orderId } }).thenRefuses('INVALID_TRANSITION');
    spec.given([drafted(), sent, canceled]).when(confirm).thenRefuses('INVALID_TRANSITION');
    spec.given([drafted(), sent, canceled]).when({ type: 'CancelOrder', data: { orderId } }).thenRefuses('INVALID_TRANSITION');
    spec.given([drafted(), discarded]).when({ type: 'SendOrder', data: { orderId } }).thenRefuses('INVALID_TRANSITION');
    spec.given([drafted(), sent]).when({ type: 'DiscardDraft', data: { orderId } }).thenRefuses('INVALID_TRANSITION');
  });

  it('discards a draft', () => {
    spec.given([drafted()]).when({ type: 'DiscardDraft', data: { orderId, reason: 'typo' } }).then([{ type: 'OrderDiscarded', data: { orderId, reason: 'typo' } }]);
  });

  it('cancels sent, confirmed and locked orders, releasing what confirmation reserved', () => {
    spec.given([drafted(), sent]).when({ type: 'CancelOrder', data: { orderId, reason: 'lost' } }).then([
      { type: 'OrderCanceled', data: { orderId, reason: 'lost', releasedReservations: [] } },
    ]);
    spec
      .given([drafted(), confirmed, shipped('SH1', 3), delivered('SH1')])
      .when({ type: 'CancelOrder', data: { orderId } })
      .then([{ type: 'OrderCanceled', data: { orderId, reason: null, releasedReservations: [{ lineId: 'L1', sku: 'W-1', quantity: 7 }] } }]);
    spec
      .given([...fullyShipped, locked])
      .when({ type: 'CancelOrder', data: { orderId } })
      .then([{ type: 'OrderCanceled', data: { orderId, reason: null, releasedReservations: [] } }]);
  });

  it('refuses to cancel with an active shipment', () => {
    spec.given([drafted(), confirmed, shipped('SH1', 3)]).when({ type: 'CancelOrder', data: { orderId } }).thenRefuses('ACTIVE_SHIPMENTS', { shipmentIds: ['SH1'] });
  });

  it('refuses to send or confirm an order without lines', () => {
    spec.given([drafted([])]).when({ type: 'SendOrder', data: { orderId } }).thenRefuses('ORDER_HAS_NO_LINES');
    spec.given([drafted([])]).when(confirm).thenRefuses('ORDER_HAS_NO_LINES');
  });

  it('confirms only for an existing, unblocked customer and reserves the stocked lines', () => {
    spec.given([drafted()]).when({ type: 'ConfirmOrder', data: { ...confirm.data, customer: { ...customer, blocked: true } } }).thenRefuses('CUSTOMER_BLOCKED');
    spec.given([drafted()]).when({ type: 'ConfirmOrder', data: { ...confirm.data, customer: { ...customer, exists: false } } }).thenRefuses('CUSTOMER_NOT_FOUND');
    // 10 × 10.00 + 2 × 50.00 = 200.00 net, 40.00 tax; only the stocked line is reserved.
    spec.given([drafted()]).when(confirm).then([confirmed]);
  });

  it('refuses commands on an order that does not exist', () => {
    spec.given([]).when({ type: 'SendOrder', data: { orderId } }).thenRefuses('ORDER_NOT_FOUND');
  });

  describe('locking restrictions by order type', () => {
    it('forbids locking with active shipments and when not fully shipped (standard)', () => {
      spec.given([drafted([snapshot('L1', widget, 10)]), confirmed, shipped('SH1', 10)]).when({ type: 'LockOrder', data: { orderId } }).thenRefuses('ACTIVE_SHIPMENTS');
      spec
        .given([drafted([snapshot('L1', widget, 10)]), confirmed, shipped('SH1', 4), delivered('SH1')])
        .when({ type: 'LockOrder', data: { orderId } })
        .thenRefuses('NOT_FULLY_SHIPPED');
    });

    it('lets a blanket order lock before it is fully shipped', () => {
      spec
        .given([drafted([snapshot('L1', widget, 10)], { orderType: 'blanket' }), confirmed, shipped('SH1', 4), delivered('SH1')])
        .when({ type: 'LockOrder', data: { orderId } })
        .then([locked]);
    });

    it('lets a drop-ship order lock with undelivered shipments', () => {
      spec
        .given([drafted([snapshot('L1', widget, 10)], { orderType: 'drop-ship' }), confirmed, shipped('SH1', 10)])
        .when({ type: 'LockOrder', data: { orderId } })
        .then([locked]);
    });

    it('counts only stocked lines for "fully shipped": services are never shipped', () => {
      spec.given([drafted(), confirmed, shipped('SH1', 10), delivered('SH1')]).when({ type: 'LockOrder', data: { orderId } }).then([locked]);
    });
  });
});

describe('sales order: shipments', () => {
  it('ships part of a confirmed order, then the rest', () => {
    spec.given([drafted(), confirmed]).when(ship([{ lineId: 'L1', quantity: 4 }], 'SH1')).then([shipped('SH1', 4)]);
    spec.given([drafted(), confirmed, shipped('SH1', 4)]).when(ship([{ lineId: 'L1', quantity: 6 }], 'SH2')).then([shipped('SH2', 6)]);
  });

  it('refuses to ship more than ordered, counting earlier shipments', () => {
    spec.given([drafted(), confirmed, shipped('SH1', 4)]).when(ship([{ lineId: 'L1', quantity: 6.001 }])).thenRefuses('OVER_SHIPMENT', { ordered: 10, shipped: 4 });
  });

  it('ships only confirmed orders and only stocked lines', () => {
    spec.given([drafted()]).when(ship([{ lineId: 'L1', quantity: 1 }])).thenRefuses('ORDER_NOT_CONFIRMED');
    spec.given([drafted(), sent]).when(ship([{ lineId: 'L1', quantity: 1 }])).thenRefuses('ORDER_NOT_CONFIRMED');
    spec.given([drafted(), confirmed]).when(ship([{ lineId: 'L2', quantity: 1 }])).thenRefuses('LINE_NOT_STOCKED');
    spec.given([drafted(), confirmed]).when(ship([{ lineId: 'nope', quantity: 1 }])).thenRefuses('LINE_NOT_FOUND');
  });

  it('refuses a line named twice in one shipment', () => {
    spec.given([drafted(), confirmed]).when(ship([{ lineId: 'L1', quantity: 1 }, { lineId: 'L1', quantity: 1 }])).thenRefuses('VALIDATION_FAILED');
  });

  it('delivers a shipped shipment once', () => {
    spec.given([drafted(), confirmed, shipped('SH1', 4)]).when({ type: 'DeliverShipment', data: { orderId, shipmentId: 'SH1' } }).then([delivered('SH1')]);
    spec.given([drafted(), confirmed, shipped('SH1', 4), delivered('SH1')]).when({ type: 'DeliverShipment', data: { orderId, shipmentId: 'SH1' } }).thenRefuses('INVALID_TRANSITION');
    spec.given([drafted(), confirmed]).when({ type: 'DeliverShipment', data: { orderId, shipmentId: 'SH9' } }).thenRefuses('SHIPMENT_NOT_FOUND');
  });

  it('takes returns up to what the shipment still has out, reducing the shipped quantity', () => {
    const back = (quantity: number) => ({ type: 'ReturnShipmentLines', data: { orderId, shipmentId: 'SH1', lines: [{ lineId: 'L1', quantity }] } }) as const;
    const returned = (quantity: number): OrderEvent => ({ type: 'ShipmentLinesReturned', data: { orderId, shipmentId: 'SH1', lines: [{ lineId: 'L1', sku: 'W-1', quantity }] } });
    spec.given([drafted(), confirmed, shipped('SH1', 4), delivered('SH1')]).when(back(1)).then([returned(1)]);
    spec.given([drafted(), confirmed, shipped('SH1', 4), returned(3)]).when(back(1.5)).thenRefuses('OVER_RETURN');
    // Returned goods can be shipped again: the line's shipped quantity went down.
    spec.given([drafted(), confirmed, shipped('SH1', 10), returned(3)]).when(ship([{ lineId: 'L1', quantity: 3 }], 'SH2')).then([shipped('SH2', 3)]);
  });

  it('treats a fully returned shipment as no longer active', () => {
    const returnedAll: OrderEvent = { type: 'ShipmentLinesReturned', data: { orderId, shipmentId: 'SH1', lines: [{ lineId: 'L1', sku: 'W-1', quantity: 4 }] } };
    spec
      .given([drafted(), confirmed, shipped('SH1', 4), returnedAll])
      .when({ type: 'CancelOrder', data: { orderId } })
      .then([{ type: 'OrderCanceled', data: { orderId, reason: null, releasedReservations: [{ lineId: 'L1', sku: 'W-1', quantity: 10 }] } }]);
  });
});

describe('sales order: invoices', () => {
  it('invoices part of the ordered quantity with amounts rounded per line, due after the payment terms', () => {
    spec
      .given([drafted([snapshot('L1', widget, 10, { unitPrice: '19.99', discount: '0.10' }), snapshot('L2', service, 2)]), confirmed])
      .when(invoice([{ lineId: 'L1', quantity: 2.5 }, { lineId: 'L2', quantity: 1 }]))
      .then([
        {
          type: 'InvoiceIssued',
          data: {
            orderId,
            invoiceId: 'INV-new',
            customerId: 'c-1',
            currency: 'EUR',
            invoiceDate: '2026-11-23',
            dueDate: '2026-12-23',
            lines: [
              // 2.5 × 19.99 × 0.9 = 44.9775 → 44.98; 20 % → 8.996 → 9.00
              { lineId: 'L1', sku: 'W-1', quantity: 2.5, unitPrice: '19.99', discount: '0.10', taxRate: '0.20', net: '44.98', tax: '9.00', gross: '53.98' },
              { lineId: 'L2', sku: 'S-1', quantity: 1, unitPrice: '50.00', discount: '0.00', taxRate: '0.20', net: '50.00', tax: '10.00', gross: '60.00' },
            ],
            totals: { net: '94.98', tax: '19.00', gross: '113.98' },
            exchangeRate: '1',
            baseCurrency: 'EUR',
            baseTotals: { net: '94.98', tax: '19.00', gross: '113.98' },
          },
        },
      ]);
  });

  it('refuses to invoice more than ordered (policy "ordered")', () => {
    spec.given([drafted(), confirmed, invoiced('I1', 'L1', 8)]).when(invoice([{ lineId: 'L1', quantity: 3 }])).thenRefuses('OVER_INVOICE', { limit: 10, basis: 'ordered' });
  });

  it('caps invoicing at the shipped quantity under the "delivered" policy, from the customer or the order', () => {
    const delivering = { ...customer, invoicePolicy: 'delivered' as const };
    spec.given([drafted(), confirmed, shipped('SH1', 4)]).when(invoice([{ lineId: 'L1', quantity: 5 }], delivering)).thenRefuses('OVER_INVOICE', { limit: 4, basis: 'shipped' });
    spec
      .given([drafted(undefined, { invoicePolicy: 'delivered' }), confirmed, shipped('SH1', 4)])
      .when(invoice([{ lineId: 'L1', quantity: 5 }]))
      .thenRefuses('OVER_INVOICE');
    // The order's own policy wins over the customer's.
    spec.given([drafted(undefined, { invoicePolicy: 'ordered' }), confirmed, shipped('SH1', 4)]).when(invoice([{ lineId: 'L1', quantity: 5 }], delivering)).then([
      expect.objectContaining({ type: 'InvoiceIssued' }),
    ]);
  });

  it('invoices services on the ordered quantity whatever the policy', () => {
    const delivering = { ...customer, invoicePolicy: 'delivered' as const };
    spec.given([drafted(), confirmed]).when(invoice([{ lineId: 'L2', quantity: 2 }], delivering)).then([expect.objectContaining({ type: 'InvoiceIssued' })]);
  });

  it('invoices only confirmed orders', () => {
    spec.given([drafted()]).when(invoice([{ lineId: 'L1', quantity: 1 }])).thenRefuses('ORDER_NOT_CONFIRMED');
    const locked: OrderEvent = { type: 'OrderLocked', data: { orderId } };
    spec.given([drafted([snapshot('L1', widget, 1)]), confirmed, shipped('SH1', 1), delivered('SH1'), locked]).when(invoice([{ lineId: 'L1', quantity: 1 }])).thenRefuses('ORDER_NOT_CONFIRMED');
  });

  it('computes due dates across months and years', () => {
    expect(addDays('2026-12-15', 30)).toBe('2027-01-14');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-01-31', 0)).toBe('2026-01-31');
  });
});

describe('sales order: exchange rate', () => {
  const usd = { currency: 'USD' };
  const confirmCommand = (extra: { credit?: CreditFacts | null; baseCurrency?: string } = {}) =>
    ({ type: 'ConfirmOrder', data: { orderId, customer, baseCurrency: 'EUR', credit: null, ...extra } }) as const;
  const change = (changes: OrderDetailChanges) => ({ type: 'ChangeOrderDetails', data: { orderId, changes } }) as const;

  it('drafts an order with its rate in canonical form, or none', () => {
    const command = draftCommand([request('L1', widget, 10)]);
    spec
      .given([])
      .when({ ...command, data: { ...command.data, exchangeRate: '1.10' } })
      .then([drafted([snapshot('L1', widget, 10)], { exchangeRate: '1.1' })]);
    spec.given([]).when(command).then([drafted([snapshot('L1', widget, 10)])]);
    spec
      .given([])
      .when({ ...command, data: { ...command.data, exchangeRate: null } })
      .then([drafted([snapshot('L1', widget, 10)])]);
  });

  it('refuses a rate that is not a positive decimal (400)', () => {
    const command = draftCommand([request('L1', widget, 10)]);
    for (const exchangeRate of ['0', '-1.2', 'abc', '1.12345678901', '']) {
      spec.given([]).when({ ...command, data: { ...command.data, exchangeRate } }).thenRefuses('VALIDATION_FAILED');
      spec.given([drafted()]).when(change({ exchangeRate })).thenRefuses('VALIDATION_FAILED');
    }
  });

  it('changes the rate like any other detail: canonical, only when it changes, draft and sent only', () => {
    spec.given([drafted()]).when(change({ exchangeRate: '1.0825' })).then([{ type: 'OrderDetailsChanged', data: { orderId, changes: { exchangeRate: '1.0825' } } }]);
    spec.given([drafted(undefined, { exchangeRate: '1.1' })]).when(change({ exchangeRate: '1.10' })).then([]);
    spec.given([drafted(undefined, { exchangeRate: '1.1' })]).when(change({ exchangeRate: null })).then([
      { type: 'OrderDetailsChanged', data: { orderId, changes: { exchangeRate: null } } },
    ]);
    spec.given([drafted(), sent]).when(change({ exchangeRate: '0.9' })).then([
      { type: 'OrderReturnedToDraft', data: { orderId } },
      { type: 'OrderDetailsChanged', data: { orderId, changes: { exchangeRate: '0.9' } } },
    ]);
    spec.given([drafted(), confirmed]).when(change({ exchangeRate: '0.9' })).thenRefuses('ORDER_NOT_EDITABLE');
  });

  it('keeps the rate in the state; an order drafted before rates existed has none', () => {
    // As the log holds it (no exchangeRate at all), read through its upcaster as the aggregate store reads it.
    const { exchangeRate: _none, ...v1 } = drafted().data as OrderDraftedV1;
    const legacy: OrderEvent = { type: 'OrderDrafted', data: orderDraftedFromV1(v1) };
    expect(fold(orderDecider, [legacy])).toMatchObject({ exchangeRate: null, invoices: [], creditNoteIds: [] });
    expect(fold(orderDecider, [drafted(), { type: 'OrderDetailsChanged', data: { orderId, changes: { exchangeRate: '0.9' } } }])).toMatchObject({
      exchangeRate: '0.9',
    });
    // A legacy EUR order confirms as before.
    spec.given([legacy]).when(confirmCommand()).then([confirmed]);
  });

  it('confirms a foreign-currency order at its rate, with its totals in the base currency', () => {
    spec
      .given([drafted(undefined, { ...usd, exchangeRate: '0.9137' })])
      .when(confirmCommand())
      .then([
        {
          type: 'OrderConfirmed',
          data: {
            ...(confirmed.data as object),
            // 200.00 × 0.9137 = 182.74; 40.00 × 0.9137 = 36.548 → 36.55
            exchangeRate: '0.9137',
            baseCurrency: 'EUR',
            baseTotals: { net: '182.74', tax: '36.55', gross: '219.29' },
            creditCheck: null,
          },
        } as OrderEvent,
      ]);
  });

  it('refuses to confirm a foreign-currency order without a rate', () => {
    spec.given([drafted(undefined, usd)]).when(confirmCommand()).thenRefuses('EXCHANGE_RATE_REQUIRED', { currency: 'USD', baseCurrency: 'EUR' });
    // The base currency is the ledger's: a EUR order under a USD ledger needs a rate too.
    spec.given([drafted()]).when(confirmCommand({ baseCurrency: 'USD' })).thenRefuses('EXCHANGE_RATE_REQUIRED', { currency: 'EUR', baseCurrency: 'USD' });
  });

  it('confirms a base-currency order at rate "1" whatever its draft said', () => {
    spec.given([drafted(undefined, { exchangeRate: '1.1' })]).when(confirmCommand()).then([confirmed]);
  });
});

describe('sales order: credit limit at confirmation', () => {
  const confirmWith = (credit: CreditFacts | null) => ({ type: 'ConfirmOrder', data: { orderId, customer, baseCurrency: 'EUR', credit } }) as const;
  const facts = (limit: string, override: CreditFacts['override'] = null): CreditFacts => ({ limit, openReceivables: '300.00', openOrders: '200', override });
  const confirmedWith = (creditCheck: CreditCheck | null): OrderEvent => ({ type: 'OrderConfirmed', data: { ...(confirmed.data as object), creditCheck } }) as OrderEvent;
  const check = (limit: string, exceeded: boolean, override: CreditCheck['override'] = null): CreditCheck => ({
    currency: 'EUR',
    limit,
    openReceivables: '300.00',
    openOrders: '200.00',
    thisOrder: '240.00',
    exposure: '740.00',
    exceeded,
    override,
  });

  it('confirms within the limit and records the check', () => {
    spec.given([drafted()]).when(confirmWith(facts('1000'))).then([confirmedWith(check('1000.00', false))]);
  });

  it('confirms exactly at the limit', () => {
    spec.given([drafted()]).when(confirmWith(facts('740.00'))).then([confirmedWith(check('740.00', false))]);
  });

  it('refuses past the limit, showing the breakdown', () => {
    spec
      .given([drafted()])
      .when(confirmWith(facts('739.99')))
      .thenRefuses('CREDIT_LIMIT_EXCEEDED', {
        currency: 'EUR',
        limit: '739.99',
        openReceivables: '300.00',
        openOrders: '200.00',
        thisOrder: '240.00',
        exposure: '740.00',
        excess: '0.01',
      });
    expect(() => orderDecider.decide(confirmWith(facts('739.99')), fold(orderDecider, [drafted()]))).toThrow(
      /739\.99.*0\.01.*300\.00.*200\.00.*240\.00.*740\.00/,
    );
  });

  it('confirms past the limit with an override, and records who and why', () => {
    const override = { by: 'u-credit', reason: 'paid by wire today' };
    spec.given([drafted()]).when(confirmWith(facts('500', override))).then([confirmedWith(check('500.00', true, override))]);
  });

  it('records no override that was not needed', () => {
    spec
      .given([drafted()])
      .when(confirmWith(facts('1000', { by: 'u-credit', reason: null })))
      .then([confirmedWith(check('1000.00', false))]);
  });

  it('checks nothing for a customer without a limit', () => {
    spec.given([drafted()]).when(confirmWith(null)).then([confirmedWith(null)]);
  });

  it('counts a foreign-currency order at its base-currency gross', () => {
    // 240.00 USD at 0.9137: 182.74 + 36.55 = 219.29 EUR; 300 + 200 + 219.29 = 719.29 > 719.28.
    spec
      .given([drafted(undefined, { currency: 'USD', exchangeRate: '0.9137' })])
      .when(confirmWith(facts('719.28')))
      .thenRefuses('CREDIT_LIMIT_EXCEEDED', { thisOrder: '219.29', exposure: '719.29', excess: '0.01' });
  });

  it('checks the customer and the status before the credit', () => {
    spec.given([drafted(), confirmed]).when(confirmWith(facts('0'))).thenRefuses('INVALID_TRANSITION');
    spec
      .given([drafted()])
      .when({ type: 'ConfirmOrder', data: { orderId, customer: { ...customer, blocked: true }, baseCurrency: 'EUR', credit: facts('0') } })
      .thenRefuses('CUSTOMER_BLOCKED');
  });
});

describe('sales order: invoices in the base currency', () => {
  const usdConfirmed = (exchangeRate?: string): OrderEvent =>
    ({
      type: 'OrderConfirmed',
      data: {
        ...(confirmed.data as object),
        ...(exchangeRate ? { exchangeRate, baseTotals: { net: '182.74', tax: '36.55', gross: '219.29' }, baseCurrency: 'EUR' } : {}),
      },
    }) as OrderEvent;
  const legacyConfirmed: OrderEvent = {
    type: 'OrderConfirmed',
    data: { orderId, customerId: 'c-1', reservations: [{ lineId: 'L1', sku: 'W-1', quantity: 10 }], totals: { net: '200.00', tax: '40.00', gross: '240.00' } },
  };
  const issuedUsd = (exchangeRate: string, baseTotals: Amounts): OrderEvent => ({
    type: 'InvoiceIssued',
    data: {
      orderId,
      invoiceId: 'INV-new',
      customerId: 'c-1',
      currency: 'USD',
      invoiceDate: '2026-11-23',
      dueDate: '2026-12-23',
      lines: [{ lineId: 'L1', sku: 'W-1', quantity: 2, unitPrice: '10.00', discount: '0.00', taxRate: '0.20', net: '20.00', tax: '4.00', gross: '24.00' }],
      totals: { net: '20.00', tax: '4.00', gross: '24.00' },
      exchangeRate,
      baseCurrency: 'EUR',
      baseTotals,
    },
  });
  const usdOrder = [drafted(undefined, { currency: 'USD', exchangeRate: '0.9137' }), usdConfirmed('0.9137')];
  const withRate = (exchangeRate: string) => ({ ...invoice([{ lineId: 'L1', quantity: 2 }]), data: { ...invoice([{ lineId: 'L1', quantity: 2 }]).data, exchangeRate } });

  it("invoices a USD order at the order's rate, net and tax converted and rounded each", () => {
    // 20.00 × 0.9137 = 18.274 → 18.27; 4.00 × 0.9137 = 3.6548 → 3.65
    spec.given(usdOrder).when(invoice([{ lineId: 'L1', quantity: 2 }])).then([issuedUsd('0.9137', { net: '18.27', tax: '3.65', gross: '21.92' })]);
  });

  it("invoices at the invoice's own rate when one is given", () => {
    spec.given(usdOrder).when(withRate('0.950')).then([issuedUsd('0.95', { net: '19.00', tax: '3.80', gross: '22.80' })]);
    spec.given(usdOrder).when(withRate('-1')).thenRefuses('VALIDATION_FAILED');
  });

  it('needs a rate for a foreign-currency order confirmed before rates existed', () => {
    const legacyUsd = [drafted(undefined, { currency: 'USD' }), legacyConfirmed];
    spec.given(legacyUsd).when(invoice([{ lineId: 'L1', quantity: 2 }])).thenRefuses('EXCHANGE_RATE_REQUIRED', { currency: 'USD', baseCurrency: 'EUR' });
    spec.given(legacyUsd).when(withRate('0.95')).then([issuedUsd('0.95', { net: '19.00', tax: '3.80', gross: '22.80' })]);
  });

  it('invoices a base-currency order at rate "1" and refuses any other rate for it', () => {
    const eur = [drafted(), legacyConfirmed];
    const expected = (e: OrderEvent) => e.type === 'InvoiceIssued' && e.data.exchangeRate === '1' && e.data.baseTotals?.gross === '24.00';
    expect(expected(orderDecider.decide(invoice([{ lineId: 'L1', quantity: 2 }]), fold(orderDecider, eur))[0])).toBe(true);
    expect(expected(orderDecider.decide(withRate('1.000'), fold(orderDecider, eur))[0])).toBe(true);
    spec.given(eur).when(withRate('1.1')).thenRefuses('VALIDATION_FAILED');
  });

  it('invoices up to the shipped quantity under "delivered", counting earlier invoices, from the customer or the order', () => {
    const delivering = { ...customer, invoicePolicy: 'delivered' as const };
    const isInvoice = [expect.objectContaining({ type: 'InvoiceIssued' })];
    spec.given([drafted(), confirmed, shipped('SH1', 4)]).when(invoice([{ lineId: 'L1', quantity: 4 }], delivering)).then(isInvoice);
    spec
      .given([drafted(), confirmed, shipped('SH1', 4), invoiced('I1', 'L1', 3)])
      .when(invoice([{ lineId: 'L1', quantity: 2 }], delivering))
      .thenRefuses('OVER_INVOICE', { limit: 4, basis: 'shipped', invoiced: 3, requested: 2 });
    spec.given([drafted(undefined, { invoicePolicy: 'delivered' }), confirmed, shipped('SH1', 4)]).when(invoice([{ lineId: 'L1', quantity: 4 }])).then(isInvoice);
    spec
      .given([drafted(undefined, { invoicePolicy: 'delivered' }), confirmed, shipped('SH1', 4), invoiced('I1', 'L1', 3)])
      .when(invoice([{ lineId: 'L1', quantity: 2 }]))
      .thenRefuses('OVER_INVOICE', { limit: 4, basis: 'shipped', invoiced: 3 });
    // Returned goods are no longer shipped: they cannot be invoiced under "delivered".
    const returned: OrderEvent = { type: 'ShipmentLinesReturned', data: { orderId, shipmentId: 'SH1', lines: [{ lineId: 'L1', sku: 'W-1', quantity: 2 }] } };
    spec.given([drafted(), confirmed, shipped('SH1', 4), returned]).when(invoice([{ lineId: 'L1', quantity: 3 }], delivering)).thenRefuses('OVER_INVOICE', { limit: 2 });
  });

  it('keeps each issued invoice in the state; one issued before rates existed reads as rate "1" in its currency', () => {
    const state = fold(orderDecider, [drafted(), confirmed, invoiced('I1', 'L1', 2)]);
    expect(state).toMatchObject({
      invoiceIds: ['I1'],
      invoices: [
        {
          invoiceId: 'I1',
          currency: 'EUR',
          exchangeRate: '1',
          baseCurrency: 'EUR',
          totals: { net: '0', tax: '0', gross: '0' },
          baseTotals: { net: '0', tax: '0', gross: '0' },
          lines: [{ lineId: 'L1', sku: 'W-1', quantity: 2, creditedQuantity: 0, creditedNet: '0.00', creditedTax: '0.00' }],
          creditedBase: { net: '0.00', tax: '0.00' },
        },
      ],
    });
  });
});

describe('sales order: credit notes', () => {
  const canceled: OrderEvent = { type: 'OrderCanceled', data: { orderId, reason: null, releasedReservations: [] } };
  const locked: OrderEvent = { type: 'OrderLocked', data: { orderId } };
  type Amt = [net: string, tax: string, gross: string];
  const line = (lineId: string, quantity: number, [net, tax, gross]: Amt, unitPrice = lineId === 'L2' ? '50.00' : '10.00', discount = '0.00'): InvoiceLine => ({
    lineId,
    sku: lineId === 'L2' ? 'S-1' : 'W-1',
    quantity,
    unitPrice,
    discount,
    taxRate: '0.20',
    net,
    tax,
    gross,
  });
  const amounts = ([net, tax, gross]: Amt): Amounts => ({ net, tax, gross });
  const issued = (invoiceId: string, lines: InvoiceLine[], totals: Amt, extra: Record<string, unknown> = {}): OrderEvent => ({
    type: 'InvoiceIssued',
    data: {
      orderId,
      invoiceId,
      customerId: 'c-1',
      currency: 'EUR',
      invoiceDate: '2026-11-23',
      dueDate: '2026-12-23',
      lines,
      totals: amounts(totals),
      exchangeRate: '1',
      baseCurrency: 'EUR',
      baseTotals: amounts(totals),
      ...extra,
    },
  });
  /** I1: 4 widgets (40.00 + 8.00) and 1 service (50.00 + 10.00). */
  const i1 = issued('I1', [line('L1', 4, ['40.00', '8.00', '48.00']), line('L2', 1, ['50.00', '10.00', '60.00'])], ['90.00', '18.00', '108.00']);
  const history = [drafted(), confirmed, i1];
  const credit = (lines: { lineId: string; quantity: number }[], extra: Partial<{ creditNoteId: string; invoiceId: string; reopenBilling: boolean }> = {}) =>
    ({
      type: 'IssueCreditNote',
      data: { orderId, invoiceId: 'I1', creditNoteId: 'CN-1', lines, reason: 'damaged in transit', reopenBilling: false, creditDate: '2026-12-01', ...extra },
    }) as const;
  const creditIssued = (lines: InvoiceLine[], totals: Amt, extra: Record<string, unknown> = {}): OrderEvent => ({
    type: 'CreditNoteIssued',
    data: {
      orderId,
      creditNoteId: 'CN-1',
      invoiceId: 'I1',
      customerId: 'c-1',
      currency: 'EUR',
      creditDate: '2026-12-01',
      reason: 'damaged in transit',
      reopenBilling: false,
      lines,
      totals: amounts(totals),
      exchangeRate: '1',
      baseCurrency: 'EUR',
      baseTotals: amounts(totals),
      ...extra,
    },
  });
  const apply = (events: OrderEvent[], command: OrderCommand): OrderEvent[] => [...events, ...orderDecider.decide(command, fold(orderDecider, events))];

  it('credits part of an invoice line, priced like the invoice', () => {
    spec
      .given(history)
      .when(credit([{ lineId: 'L1', quantity: 1.5 }]))
      .then([creditIssued([line('L1', 1.5, ['15.00', '3.00', '18.00'])], ['15.00', '3.00', '18.00'])]);
  });

  it('credits a whole invoice', () => {
    spec
      .given(history)
      .when(credit([{ lineId: 'L1', quantity: 4 }, { lineId: 'L2', quantity: 1 }], { reopenBilling: true }))
      .then([
        creditIssued([line('L1', 4, ['40.00', '8.00', '48.00']), line('L2', 1, ['50.00', '10.00', '60.00'])], ['90.00', '18.00', '108.00'], { reopenBilling: true }),
      ]);
  });

  it('refuses an invoice the order does not have, and a credit note id already used', () => {
    spec.given(history).when(credit([{ lineId: 'L1', quantity: 1 }], { invoiceId: 'I9' })).thenRefuses('INVOICE_NOT_FOUND');
    spec.given([drafted()]).when(credit([{ lineId: 'L1', quantity: 1 }])).thenRefuses('INVOICE_NOT_FOUND');
    spec.given([]).when(credit([{ lineId: 'L1', quantity: 1 }])).thenRefuses('ORDER_NOT_FOUND');
    const once = apply(history, credit([{ lineId: 'L1', quantity: 1 }]));
    spec.given(once).when(credit([{ lineId: 'L1', quantity: 1 }])).thenRefuses('CREDIT_NOTE_EXISTS');
  });

  it('refuses no lines, a line named twice and a quantity that is not > 0 (400)', () => {
    spec.given(history).when(credit([])).thenRefuses('VALIDATION_FAILED');
    spec.given(history).when(credit([{ lineId: 'L1', quantity: 1 }, { lineId: 'L1', quantity: 1 }])).thenRefuses('VALIDATION_FAILED');
    for (const quantity of [0, -1, 0.0001]) spec.given(history).when(credit([{ lineId: 'L1', quantity }])).thenRefuses('VALIDATION_FAILED');
  });

  it('refuses a line that is not on that invoice', () => {
    spec.given(history).when(credit([{ lineId: 'L9', quantity: 1 }])).thenRefuses('LINE_NOT_FOUND');
    // L2 is on the order and on I1, but not on I2.
    const i2 = issued('I2', [line('L1', 1, ['10.00', '2.00', '12.00'])], ['10.00', '2.00', '12.00']);
    spec.given([...history, i2]).when(credit([{ lineId: 'L2', quantity: 1 }], { invoiceId: 'I2' })).thenRefuses('LINE_NOT_FOUND');
  });

  it('never credits more than invoiced and not yet credited, counting every earlier credit note', () => {
    spec.given(history).when(credit([{ lineId: 'L1', quantity: 4.001 }])).thenRefuses('OVER_CREDIT', { lineId: 'L1', invoiced: 4, credited: 0, requested: 4.001 });
    const once = apply(history, credit([{ lineId: 'L1', quantity: 1 }]));
    spec.given(once).when(credit([{ lineId: 'L1', quantity: 3.5 }], { creditNoteId: 'CN-2' })).thenRefuses('OVER_CREDIT', { invoiced: 4, credited: 1, requested: 3.5 });
    spec.given(once).when(credit([{ lineId: 'L1', quantity: 3 }], { creditNoteId: 'CN-2' })).then([
      creditIssued([line('L1', 3, ['30.00', '6.00', '36.00'])], ['30.00', '6.00', '36.00'], { creditNoteId: 'CN-2' }),
    ]);
    // A reopening credit note counts as well: the invoice's quantity is used up either way.
    const reopened = apply(history, credit([{ lineId: 'L1', quantity: 4 }], { reopenBilling: true }));
    spec.given(reopened).when(credit([{ lineId: 'L1', quantity: 1 }], { creditNoteId: 'CN-2' })).thenRefuses('OVER_CREDIT', { credited: 4 });
  });

  it('returns exactly the invoice totals when an invoice is credited in pieces', () => {
    // 3 units at 1.00 less 66.7 % = 0.333 each: the invoice line is round(0.999) = 1.00 + 0.20 tax.
    const piece = snapshot('P1', widget, 3, { unitPrice: '1.00', discount: '0.667' });
    const p1 = (quantity: number, amt: Amt): InvoiceLine => ({ ...line('P1', quantity, amt, '1.00', '0.667') });
    const invoiceP = issued('I1', [p1(3, ['1.00', '0.20', '1.20'])], ['1.00', '0.20', '1.20']);
    const start = [drafted([piece]), confirmed, invoiceP];
    const piece1 = credit([{ lineId: 'P1', quantity: 1 }]);
    // round(0.333) = 0.33; round(0.066) = 0.07
    spec.given(start).when(piece1).then([creditIssued([p1(1, ['0.33', '0.07', '0.40'])], ['0.33', '0.07', '0.40'])]);
    const afterTwo = apply(apply(start, piece1), credit([{ lineId: 'P1', quantity: 1 }], { creditNoteId: 'CN-2' }));
    // The last unit takes what is left: 1.00 − 0.66 and 0.20 − 0.14, not another 0.33 + 0.07.
    spec
      .given(afterTwo)
      .when(credit([{ lineId: 'P1', quantity: 1 }], { creditNoteId: 'CN-3' }))
      .then([creditIssued([p1(1, ['0.34', '0.06', '0.40'])], ['0.34', '0.06', '0.40'], { creditNoteId: 'CN-3' })]);
  });

  it('returns exactly the base totals when a foreign-currency invoice is credited in pieces', () => {
    const piece = snapshot('P1', widget, 3, { unitPrice: '1.00', discount: '0.667' });
    const p1 = (quantity: number, amt: Amt): InvoiceLine => ({ ...line('P1', quantity, amt, '1.00', '0.667') });
    // 1.00 × 0.9137 → 0.91; 0.20 × 0.9137 → 0.18
    const base = { exchangeRate: '0.9137', baseCurrency: 'EUR', currency: 'USD' };
    const invoiceP = issued('I1', [p1(3, ['1.00', '0.20', '1.20'])], ['1.00', '0.20', '1.20'], { ...base, baseTotals: amounts(['0.91', '0.18', '1.09']) });
    let events: OrderEvent[] = [drafted([piece], { currency: 'USD', exchangeRate: '0.9137' }), confirmed, invoiceP];
    const notes: OrderEvent[] = [];
    for (const creditNoteId of ['CN-1', 'CN-2', 'CN-3']) {
      const [note] = orderDecider.decide(credit([{ lineId: 'P1', quantity: 1 }], { creditNoteId }), fold(orderDecider, events));
      notes.push(note);
      events = [...events, note];
    }
    // Each piece: 0.33 × 0.9137 → 0.30, 0.07 × 0.9137 → 0.06; the last takes 0.91 − 0.60 and 0.18 − 0.12.
    expect(notes.map((n) => n.type === 'CreditNoteIssued' && [n.data.totals, n.data.baseTotals])).toEqual([
      [amounts(['0.33', '0.07', '0.40']), amounts(['0.30', '0.06', '0.36'])],
      [amounts(['0.33', '0.07', '0.40']), amounts(['0.30', '0.06', '0.36'])],
      [amounts(['0.34', '0.06', '0.40']), amounts(['0.31', '0.06', '0.37'])],
    ]);
    expect(notes[0]).toMatchObject({ data: { currency: 'USD', exchangeRate: '0.9137', baseCurrency: 'EUR' } });
    expect(fold(orderDecider, events)).toMatchObject({
      creditNoteIds: ['CN-1', 'CN-2', 'CN-3'],
      invoices: [{ lines: [{ creditedQuantity: 3, creditedNet: '1.00', creditedTax: '0.20' }], creditedBase: { net: '0.91', tax: '0.18' } }],
    });
  });

  it('takes the rest of the base totals only with the note that completes the invoice', () => {
    // 3 × 0.333 on P1 and 1 × 0.333 on P2, at 0.9137: crediting P1 whole converts; crediting P2 then completes.
    const lines = [snapshot('P1', widget, 3, { unitPrice: '1.00', discount: '0.667' }), snapshot('P2', widget, 1, { unitPrice: '1.00', discount: '0.667' })];
    const p = (lineId: string, quantity: number, amt: Amt): InvoiceLine => ({ ...line(lineId, quantity, amt, '1.00', '0.667') });
    const inv = issued('I1', [p('P1', 3, ['1.00', '0.20', '1.20']), p('P2', 1, ['0.33', '0.07', '0.40'])], ['1.33', '0.27', '1.60'], {
      currency: 'USD',
      exchangeRate: '0.9137',
      // 1.33 × 0.9137 = 1.215… → 1.22; 0.27 × 0.9137 = 0.2467 → 0.25
      baseTotals: amounts(['1.22', '0.25', '1.47']),
    });
    const start = [drafted(lines, { currency: 'USD', exchangeRate: '0.9137' }), confirmed, inv];
    const first = apply(start, credit([{ lineId: 'P1', quantity: 3 }]));
    // Not the whole invoice: 1.00 × 0.9137 → 0.91, 0.20 × 0.9137 → 0.18.
    expect(first[3]).toMatchObject({ data: { totals: amounts(['1.00', '0.20', '1.20']), baseTotals: amounts(['0.91', '0.18', '1.09']) } });
    // The rest: 1.22 − 0.91, 0.25 − 0.18 (converting 0.33 and 0.07 would give 0.30 and 0.06).
    const [second] = orderDecider.decide(credit([{ lineId: 'P2', quantity: 1 }], { creditNoteId: 'CN-2' }), fold(orderDecider, first));
    expect(second).toMatchObject({ data: { totals: amounts(['0.33', '0.07', '0.40']), baseTotals: amounts(['0.31', '0.07', '0.38']) } });
  });

  it('never gives a partial credit more than the line has left, when small credits round up', () => {
    // 100 units at 0.01 less 50 %: the line is 0.50; each single unit rounds up to 0.01.
    const cheap = snapshot('C1', widget, 100, { unitPrice: '0.01', discount: '0.50', taxRate: '0.00' });
    const c1 = (quantity: number, [net, gross]: [string, string]): InvoiceLine => ({ ...line('C1', quantity, [net, '0.00', gross], '0.01', '0.50'), taxRate: '0.00' });
    let events: OrderEvent[] = [drafted([cheap]), confirmed, issued('I1', [c1(100, ['0.50', '0.50'])], ['0.50', '0.00', '0.50'])];
    for (let n = 1; n <= 50; n++) events = apply(events, credit([{ lineId: 'C1', quantity: 1 }], { creditNoteId: `CN-${n}` }));
    spec.given(events).when(credit([{ lineId: 'C1', quantity: 1 }], { creditNoteId: 'CN-51' })).then([
      creditIssued([c1(1, ['0.00', '0.00'])], ['0.00', '0.00', '0.00'], { creditNoteId: 'CN-51' }),
    ]);
    spec.given(events).when(credit([{ lineId: 'C1', quantity: 50 }], { creditNoteId: 'CN-51' })).then([
      creditIssued([c1(50, ['0.00', '0.00'])], ['0.00', '0.00', '0.00'], { creditNoteId: 'CN-51' }),
    ]);
  });

  it('by default keeps the line invoiced: the credited quantity grows and it cannot be invoiced again', () => {
    const full = [drafted(), confirmed, issued('I1', [line('L1', 10, ['100.00', '20.00', '120.00'])], ['100.00', '20.00', '120.00'])];
    const credited = apply(full, credit([{ lineId: 'L1', quantity: 4 }]));
    expect(fold(orderDecider, credited)).toMatchObject({ lines: [{ lineId: 'L1', invoicedQuantity: 10, creditedQuantity: 4 }, { lineId: 'L2' }] });
    spec.given(credited).when(invoice([{ lineId: 'L1', quantity: 1 }])).thenRefuses('OVER_INVOICE', { invoiced: 10, limit: 10 });
    spec.given(credited).when({ type: 'ChangeLine', data: { orderId, lineId: 'L1', quantity: 6 } }).thenRefuses('QUANTITY_BELOW_FULFILLED');
  });

  it('with reopenBilling gives the quantity back to billing: it can be invoiced again', () => {
    const full = [drafted(), confirmed, issued('I1', [line('L1', 10, ['100.00', '20.00', '120.00'])], ['100.00', '20.00', '120.00'])];
    const reopened = apply(full, credit([{ lineId: 'L1', quantity: 4 }], { reopenBilling: true }));
    expect(fold(orderDecider, reopened)).toMatchObject({ lines: [{ lineId: 'L1', invoicedQuantity: 6, creditedQuantity: 0 }, { lineId: 'L2' }] });
    spec
      .given(reopened)
      .when(invoice([{ lineId: 'L1', quantity: 4 }]))
      .then([
        {
          type: 'InvoiceIssued',
          data: {
            orderId,
            invoiceId: 'INV-new',
            customerId: 'c-1',
            currency: 'EUR',
            invoiceDate: '2026-11-23',
            dueDate: '2026-12-23',
            lines: [line('L1', 4, ['40.00', '8.00', '48.00'])],
            totals: amounts(['40.00', '8.00', '48.00']),
            exchangeRate: '1',
            baseCurrency: 'EUR',
            baseTotals: amounts(['40.00', '8.00', '48.00']),
          },
        },
      ]);
    spec.given(reopened).when(invoice([{ lineId: 'L1', quantity: 4.001 }])).thenRefuses('OVER_INVOICE', { invoiced: 6 });
  });

  it('lets a line whose invoices were all reopened drop its quantity, but never be removed', () => {
    const full = [drafted(), confirmed, issued('I1', [line('L1', 10, ['100.00', '20.00', '120.00'])], ['100.00', '20.00', '120.00'])];
    const reopened = apply(full, credit([{ lineId: 'L1', quantity: 10 }], { reopenBilling: true }));
    spec
      .given(reopened)
      .when({ type: 'ChangeLine', data: { orderId, lineId: 'L1', quantity: 2 } })
      .then([{ type: 'OrderLineChanged', data: { orderId, lineId: 'L1', sku: 'W-1', quantity: 2, unitPrice: '10.00', discount: '0.00', previousQuantity: 10 } }]);
    spec.given(reopened).when({ type: 'RemoveLine', data: { orderId, lineId: 'L1' } }).thenRefuses('LINE_HAS_ACTIVITY');
  });

  it('credits the invoices of a canceled or locked order', () => {
    const creditOne = credit([{ lineId: 'L2', quantity: 1 }]);
    const expected = [creditIssued([line('L2', 1, ['50.00', '10.00', '60.00'])], ['50.00', '10.00', '60.00'])];
    spec.given([...history, canceled]).when(creditOne).then(expected);
    spec.given([...history, shipped('SH1', 10), delivered('SH1'), locked]).when(creditOne).then(expected);
  });

  it('credits an invoice issued before rates existed at rate "1" in its currency', () => {
    const stored = issued('I1', [line('L1', 4, ['40.00', '8.00', '48.00'])], ['40.00', '8.00', '48.00']);
    for (const key of ['exchangeRate', 'baseCurrency', 'baseTotals']) delete (stored.data as Record<string, unknown>)[key];
    // Read through its upcaster, as the aggregate store reads the log.
    const legacy: OrderEvent = { type: 'InvoiceIssued', data: invoiceIssuedFromV1(stored.data as InvoiceIssuedV1) };
    spec.given([drafted(), confirmed, legacy]).when(credit([{ lineId: 'L1', quantity: 4 }])).then([creditIssued([line('L1', 4, ['40.00', '8.00', '48.00'])], ['40.00', '8.00', '48.00'])]);
  });
});
