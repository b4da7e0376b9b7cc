import { assertNever } from '../../libs/domain/shared/decider';
import { BASE_RATE } from '../../libs/domain/shared/exchange';
import { Money, roundMoney } from '../../libs/domain/shared/money';
import { Quantity, addQuantities, subtractQuantity } from '../../libs/domain/shared/quantity';
import type { LineQuantity, OrderEvent, OrderLineSnapshot } from '../../libs/domain/sales-order/events';
import type { LineModel, OrderModel, ShipmentModel } from './order-model';
import { OrderLogEvent, orderEventOf, orderIdOf } from './order-events';
import { fromMinor, toMinor } from '../shared/fixed-point';

/**
 * Folds one order event into the batch's in-memory orders, mirroring the order's own `evolveOrder`
 * (libs/domain/sales-order/state.ts). An event the order decider could never have written (an order or
 * line or shipment that does not exist, an order drafted twice) throws: the runtime then stops this
 * projection naming the event, instead of the list showing something the log does not say.
 */
export function foldOrderEvent(orders: Map<string, OrderModel>, stored: OrderLogEvent): void {
  const event = orderEventOf(stored);
  const orderId = orderIdOf(stored);
  if (event.type === 'OrderDrafted') {
    if (orders.has(orderId)) throw new Error(`OrderDrafted for order ${orderId}, which exists already`);
    orders.set(orderId, drafted(event.data, stored.occurredAt));
  }
  const order = orders.get(orderId);
  if (!order) throw new Error(`${stored.type} for order ${orderId}, which was never drafted`);
  order.version = stored.version;
  order.lastPosition = stored.position;
  order.updatedAt = stored.occurredAt;
  apply(order, event, stored.occurredAt);
}

function apply(order: OrderModel, event: OrderEvent, at: string): void {
  switch (event.type) {
    case 'OrderDrafted':
      return;
    case 'OrderDetailsChanged': {
      const { changes } = event.data;
      if (changes.requestedDeliveryDate !== undefined) order.requestedDeliveryDate = changes.requestedDeliveryDate;
      if (changes.customerReference !== undefined) order.customerReference = changes.customerReference;
      // null takes a rate given before away again (the order has none then).
      if (changes.exchangeRate !== undefined) order.exchangeRate = changes.exchangeRate;
      return;
    }
    case 'OrderLineAdded': {
      const lines = linesOf(order);
      const { line } = event.data;
      if (lines.has(line.lineId)) throw new Error(`OrderLineAdded: order ${order.orderId} has line ${line.lineId} already`);
      const lineNo = 1 + Math.max(0, ...[...lines.values()].map((l) => l.lineNo));
      // A line removed and added back within one batch is still a row of the table: update, not delete.
      const persisted = order.removedLines.delete(line.lineId);
      lines.set(line.lineId, { ...newLine(line, lineNo), persisted });
      return;
    }
    case 'OrderLineChanged': {
      const line = lineOf(order, event.data.lineId, event.type);
      line.quantity = event.data.quantity;
      line.unitPrice = event.data.unitPrice;
      line.discount = event.data.discount;
      line.amounts = null;
      line.dirty = true;
      return;
    }
    case 'OrderLineRemoved': {
      const line = lineOf(order, event.data.lineId, event.type);
      linesOf(order).delete(line.lineId);
      if (line.persisted) order.removedLines.add(line.lineId);
      return;
    }
    case 'OrderReturnedToDraft':
      order.status = 'draft';
      return;
    case 'OrderDiscarded':
      order.status = 'discarded';
      return;
    case 'OrderSent':
      order.status = 'sent';
      return;
    case 'OrderConfirmed':
      order.status = 'confirmed';
      order.confirmedAt = at;
      // The rate the order was confirmed at is the order's rate from now on. Events written before exchange
      // rates were recorded carry none: rate "1" in the order's own currency, as an invoice of that time
      // reads. The order's currency is not on the event, so this reading stays here, not in an upcaster
      // (docs/adr/0017).
      order.exchangeRate = event.data.exchangeRate ?? BASE_RATE;
      order.baseCurrency = event.data.baseCurrency ?? order.currency;
      return;
    case 'LinesShipped': {
      const shipments = shipmentsOf(order);
      const { shipmentId, lines } = event.data;
      if (shipments.has(shipmentId)) throw new Error(`LinesShipped: order ${order.orderId} has shipment ${shipmentId} already`);
      adjustLines(order, lines, 'shipped', addQuantities, event.type);
      shipments.set(shipmentId, { shipmentId, status: 'shipped', quantity: sum(lines), returned: 0, shippedAt: at, updatedAt: at, dirty: true });
      order.activeShipments += 1;
      return;
    }
    case 'ShipmentDelivered': {
      const shipment = shipmentOf(order, event.data.shipmentId, event.type);
      setShipmentStatus(order, shipment, 'delivered', at);
      return;
    }
    case 'ShipmentLinesReturned': {
      const shipment = shipmentOf(order, event.data.shipmentId, event.type);
      adjustLines(order, event.data.lines, 'shipped', subtractQuantity, event.type);
      shipment.returned = addQuantities(shipment.returned, sum(event.data.lines));
      shipment.updatedAt = at;
      shipment.dirty = true;
      // Totals stand for "every line came back": the decider never returns more of a line than it shipped.
      if (shipment.returned >= shipment.quantity) setShipmentStatus(order, shipment, 'returned', at);
      return;
    }
    case 'InvoiceIssued':
      adjustLines(order, event.data.lines, 'invoiced', addQuantities, event.type);
      order.invoicedGross = addAmount(order.invoicedGross, event.data.totals.gross, order.currency);
      return;
    case 'CreditNoteIssued': {
      const { reopenBilling, lines, totals } = event.data;
      // domain.md "Invoices": a reopening credit gives the quantity (and its value) back to billing; any
      // other credit leaves the line invoiced and grows what was credited on it.
      if (reopenBilling) {
        adjustLines(order, lines, 'invoiced', subtractQuantity, event.type);
        order.invoicedGross = subtractAmount(order.invoicedGross, totals.gross, order.currency);
      } else {
        adjustLines(order, lines, 'credited', addQuantities, event.type);
      }
      order.creditedGross = addAmount(order.creditedGross, totals.gross, order.currency);
      return;
    }
    case 'OrderLocked':
      order.status = 'locked';
      return;
    case 'OrderCanceled':
      order.status = 'canceled';
      return;
    default:
      return assertNever(event);
  }
}

function drafted(data: Extract<OrderEvent, { type: 'OrderDrafted' }>['data'], at: string): OrderModel {
  const zero = roundMoney(0, data.currency);
  return {
    orderId: data.orderId,
    currency: data.currency,
    status: 'draft',
    customerReference: data.customerReference,
    requestedDeliveryDate: data.requestedDeliveryDate,
    activeShipments: 0,
    invoicedGross: zero,
    creditedGross: zero,
    expectedRevenue: zero,
    exchangeRate: data.exchangeRate,
    baseCurrency: null,
    confirmedAt: null,
    updatedAt: at,
    version: 0,
    lastPosition: '',
    gross: zero,
    // An order drafted before channels were recorded is a manual one.
    drafted: { customerId: data.customerId, orderType: data.orderType, channel: data.channel ?? 'manual', quoteId: data.quoteId, draftedAt: at },
    figures: null,
    lines: new Map(data.lines.map((line, i) => [line.lineId, newLine(line, i + 1)])),
    removedLines: new Set(),
    shipments: new Map(),
  };
}

const newLine = (line: OrderLineSnapshot, lineNo: number): LineModel => ({
  lineId: line.lineId,
  lineNo,
  sku: line.sku,
  kind: line.kind,
  quantity: line.quantity,
  unitPrice: line.unitPrice,
  discount: line.discount,
  taxRate: line.taxRate,
  shipped: 0,
  invoiced: 0,
  credited: 0,
  amounts: null,
  persisted: false,
  dirty: true,
});

function linesOf(order: OrderModel): Map<string, LineModel> {
  // The loader reads the lines of every order that has a line event in the batch (order-events.ts).
  if (!order.lines) throw new Error(`lines of order ${order.orderId} were not loaded`);
  return order.lines;
}

function shipmentsOf(order: OrderModel): Map<string, ShipmentModel> {
  if (!order.shipments) throw new Error(`shipments of order ${order.orderId} were not loaded`);
  return order.shipments;
}

function lineOf(order: OrderModel, lineId: string, type: string): LineModel {
  const line = linesOf(order).get(lineId);
  if (!line) throw new Error(`${type}: order ${order.orderId} has no line ${lineId}`);
  return line;
}

function shipmentOf(order: OrderModel, shipmentId: string, type: string): ShipmentModel {
  const shipment = shipmentsOf(order).get(shipmentId);
  if (!shipment) throw new Error(`${type}: order ${order.orderId} has no shipment ${shipmentId}`);
  return shipment;
}

function adjustLines(
  order: OrderModel,
  changes: readonly LineQuantity[],
  field: 'shipped' | 'invoiced' | 'credited',
  combine: (a: Quantity, b: Quantity) => Quantity,
  type: string,
): void {
  for (const change of changes) {
    const line = lineOf(order, change.lineId, type);
    line[field] = combine(line[field], change.quantity);
    line.dirty = true;
  }
}

/** Only a `shipped` shipment counts as active; leaving that status is what lowers the count. */
function setShipmentStatus(order: OrderModel, shipment: ShipmentModel, status: ShipmentModel['status'], at: string): void {
  if (shipment.status === 'shipped' && status !== 'shipped') order.activeShipments -= 1;
  shipment.status = status;
  shipment.updatedAt = at;
  shipment.dirty = true;
}

const sum = (lines: readonly LineQuantity[]): Quantity => addQuantities(...lines.map((l) => l.quantity));

/** a ± b in the currency's minor units: the amounts of the order's events carry its digits. */
const addAmount = (a: Money, b: Money, currency: string): Money => fromMinor(toMinor(a, currency) + toMinor(b, currency), currency);
const subtractAmount = (a: Money, b: Money, currency: string): Money => fromMinor(toMinor(a, currency) - toMinor(b, currency), currency);
