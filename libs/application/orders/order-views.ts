import { lineAmounts, totalAmounts } from '../../domain/shared/line-amounts';
import { NotFoundError } from '../../domain/shared/domain-error';
import { ExistingOrder, OrderState } from '../../domain/sales-order/state';
import { StoredEvent } from '../../event-store/port';
import { Loaded } from '../shared/aggregate-store';

/** The order as api.md shows it: lines with their fulfilment and amounts, totals, linked documents. */
export function orderView(orderId: string, { state, version, position }: Pick<Loaded<OrderState>, 'state' | 'version' | 'position'>) {
  const order = existingOrder(orderId, state);
  const lines = order.lines.map((line) => ({ ...line, ...lineAmounts(line, order.currency) }));
  return {
    id: order.orderId,
    customerId: order.customerId,
    type: order.orderType,
    status: order.status,
    currency: order.currency,
    requestedDeliveryDate: order.requestedDeliveryDate,
    customerReference: order.customerReference,
    channel: order.channel,
    billingAddress: order.billingAddress,
    shippingAddress: order.shippingAddress,
    invoicePolicy: order.invoicePolicy,
    lines,
    totals: totalAmounts(lines, order.currency),
    shipments: order.shipments.map((s) => s.shipmentId),
    invoices: order.invoiceIds,
    ...(order.quoteId ? { quoteId: order.quoteId } : {}),
    version,
    position,
  };
}
export type OrderView = ReturnType<typeof orderView>;

export function shipmentView(orderId: string, shipmentId: string, { state, position }: Pick<Loaded<OrderState>, 'state' | 'position'>) {
  const order = existingOrder(orderId, state);
  const shipment = order.shipments.find((s) => s.shipmentId === shipmentId);
  if (!shipment) throw new NotFoundError('SHIPMENT_NOT_FOUND', `Order ${orderId} has no shipment ${shipmentId}`);
  return { id: shipment.shipmentId, orderId, status: shipment.status, lines: shipment.lines, position };
}
export type ShipmentView = ReturnType<typeof shipmentView>;

/** One entry of `/history`: who did what, when and why. */
export function historyEntry(event: StoredEvent) {
  return {
    version: event.version,
    position: event.position,
    type: event.type,
    occurredAt: event.occurredAt,
    actor: event.metadata.actor,
    correlationId: event.metadata.correlationId,
    causationId: event.metadata.causationId,
    command: event.metadata.command,
    data: event.data,
  };
}

function existingOrder(orderId: string, state: OrderState): ExistingOrder {
  if (state.status === 'none') throw new NotFoundError('ORDER_NOT_FOUND', `Order ${orderId} does not exist`);
  return state;
}
