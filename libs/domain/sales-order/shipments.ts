import { DomainError, NotFoundError } from '../shared/domain-error';
import { addQuantities, subtractQuantity } from '../shared/quantity';
import { OrderCommandData } from './commands';
import { OrderEvent } from './events';
import { findLine, requireConfirmed, uniqueLines } from './preconditions';
import { ExistingOrder, ShipmentState } from './state';

/** Shipments of a confirmed order's stocked lines: shipped, delivered, returned (domain.md "Shipments"). */

export function shipLines(data: OrderCommandData<'ShipLines'>, order: ExistingOrder): OrderEvent[] {
  const { shipmentId } = data;
  requireConfirmed(order, 'ship');
  if (order.shipments.some((s) => s.shipmentId === shipmentId)) throw new DomainError('SHIPMENT_EXISTS', `Shipment ${shipmentId} already exists`);
  const lines = uniqueLines(data.lines).map(({ lineId, quantity }) => {
    const line = findLine(order, lineId);
    if (line.kind !== 'stocked') throw new DomainError('LINE_NOT_STOCKED', `Line ${lineId} is a service: services are never shipped`, { lineId });
    const shipped = addQuantities(line.shippedQuantity, quantity);
    if (shipped > line.quantity) {
      throw new DomainError('OVER_SHIPMENT', `Line ${lineId}: ${line.shippedQuantity} shipped + ${quantity} would exceed ${line.quantity} ordered`, {
        lineId,
        ordered: line.quantity,
        shipped: line.shippedQuantity,
        requested: quantity,
      });
    }
    return { lineId, sku: line.sku, quantity };
  });
  return [{ type: 'LinesShipped', data: { orderId: order.orderId, shipmentId, lines } }];
}

export function deliverShipment(data: OrderCommandData<'DeliverShipment'>, order: ExistingOrder): OrderEvent[] {
  const shipment = findShipment(order, data.shipmentId);
  if (shipment.status !== 'shipped') {
    throw new DomainError('INVALID_TRANSITION', `Shipment ${shipment.shipmentId} is ${shipment.status}, not shipped`, { from: shipment.status, to: 'delivered' });
  }
  return [{ type: 'ShipmentDelivered', data: { orderId: order.orderId, shipmentId: shipment.shipmentId } }];
}

export function returnShipmentLines(data: OrderCommandData<'ReturnShipmentLines'>, order: ExistingOrder): OrderEvent[] {
  const { shipmentId } = data;
  const shipment = findShipment(order, shipmentId);
  const lines = uniqueLines(data.lines).map(({ lineId, quantity }) => {
    const shipped = shipment.lines.find((l) => l.lineId === lineId);
    if (!shipped) throw new NotFoundError('LINE_NOT_FOUND', `Shipment ${shipmentId} has no line ${lineId}`);
    const returnable = subtractQuantity(shipped.quantity, shipped.returnedQuantity);
    if (quantity > returnable) {
      throw new DomainError('OVER_RETURN', `Line ${lineId}: only ${returnable} of shipment ${shipmentId} can still come back`, {
        lineId,
        shipped: shipped.quantity,
        returned: shipped.returnedQuantity,
        requested: quantity,
      });
    }
    return { lineId, sku: shipped.sku, quantity };
  });
  return [{ type: 'ShipmentLinesReturned', data: { orderId: order.orderId, shipmentId, lines } }];
}

/** Shipments whose goods left and whose delivery is not confirmed yet: they hold a lock or a cancel back. */
export function activeShipments(order: ExistingOrder): string[] {
  return order.shipments.filter((s) => s.status === 'shipped').map((s) => s.shipmentId);
}

function findShipment(order: ExistingOrder, shipmentId: string): ShipmentState {
  const shipment = order.shipments.find((s) => s.shipmentId === shipmentId);
  if (!shipment) throw new NotFoundError('SHIPMENT_NOT_FOUND', `Order ${order.orderId} has no shipment ${shipmentId}`);
  return shipment;
}
