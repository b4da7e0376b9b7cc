import { deciderSpec } from '../shared/decider-spec';
import { CustomerFacts, ProductFacts, RequestedLine } from './commands';
import { addDays } from './decide';
import { OrderEvent, OrderLineSnapshot } from './events';
import { orderDecider } from './sales-order';

/** given(events).when(command).then(events | refusal) for every rule of domain.md's order sections. */
const spec = deciderSpec(orderDecider);
const orderId = 'o-1';
const customer: CustomerFacts = { customerId: 'c-1', exists: true, blocked: false, invoicePolicy: 'ordered', paymentTermsDays: 30 };
const widget: ProductFacts = { sku: 'W-1', kind: 'stocked', currency: 'EUR', unitPrice: '10.00', taxRate: '0.20' };
const service: ProductFacts = { sku: 'S-1', kind: 'service', currency: 'EUR', unitPrice: '50.00', taxRate: '0.20' };
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
    shippingAddress: null,
    invoicePolicy: null,
    quoteId: null,
    lines,
    ...extra,
  },
});
const sent: OrderEvent = { type: 'OrderSent', data: { orderId } };
const confirmed: OrderEvent = {
  type: 'OrderConfirmed',
  data: { orderId, customerId: 'c-1', reservations: [{ lineId: 'L1', sku: 'W-1', quantity: 10 }], totals: { net: '200.00', tax: '40.00', gross: '240.00' } },
};
const shipped = (shipmentId: string, quantity: number, lineId = 'L1'): OrderEvent => ({
  type: 'LinesShipped',
  data: { orderId, shipmentId, lines: [{ lineId, sku: 'W-1', quantity }] },
});
const delivered = (shipmentId: string): OrderEvent => ({ type: 'ShipmentDelivered', data: { orderId, shipmentId } });
const invoiced = (invoiceId: string, lineId: string, quantity: number): OrderEvent => ({
  type: 'InvoiceIssued',
  data: {
    orderId,
    invoiceId,
    customerId: 'c-1',
    currency: 'EUR',
    invoiceDate: '2026-11-23',
    dueDate: '2026-12-23',
    lines: [{ lineId, sku: 'W-1', quantity, unitPrice: '10.00', discount: '0.00', taxRate: '0.20', net: '0', tax: '0', gross: '0' }],
    totals: { net: '0', tax: '0', gross: '0' },
  },
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
      shippingAddress: null,
      invoicePolicy: null,
      quoteId: null,
      lines,
    },
  }) as const;
const ship = (lines: { lineId: string; quantity: number }[], shipmentId = 'SH-new') => ({ type: 'ShipLines', data: { orderId, shipmentId, lines } }) as const;
const invoice = (lines: { lineId: string; quantity: number }[], customerFacts = customer) =>
  ({ type: 'InvoiceLines', data: { orderId, invoiceId: 'INV-new', lines, invoiceDate: '2026-11-23', customer: customerFacts } }) as const;

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
  const confirm = { type: 'ConfirmOrder', data: { orderId, customer } } as const;
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
    spec.given([drafted()]).when({ type: 'ConfirmOrder', data: { orderId, customer: { ...customer, blocked: true } } }).thenRefuses('CUSTOMER_BLOCKED');
    spec.given([drafted()]).when({ type: 'ConfirmOrder', data: { orderId, customer: { ...customer, exists: false } } }).thenRefuses('CUSTOMER_NOT_FOUND');
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
      expect.objectContaining({ type: 'InvoiceIssued' }) as unknown as OrderEvent,
    ]);
  });

  it('invoices services on the ordered quantity whatever the policy', () => {
    const delivering = { ...customer, invoicePolicy: 'delivered' as const };
    spec.given([drafted(), confirmed]).when(invoice([{ lineId: 'L2', quantity: 2 }], delivering)).then([expect.objectContaining({ type: 'InvoiceIssued' }) as unknown as OrderEvent]);
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
