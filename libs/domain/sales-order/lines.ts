import { DomainError } from '../shared/domain-error';
import { moneyField, rateField } from '../shared/money';
import { priceLine } from '../shared/pricing';
import { quantityField } from '../shared/quantity';
import { OrderCommandData } from './commands';
import { OrderEvent } from './events';
import { findLine } from './preconditions';
import { ExistingOrder } from './state';

/** The order's lines: added, changed and removed any time before locking. */

export function addLine(data: OrderCommandData<'AddLine'>, order: ExistingOrder): OrderEvent[] {
  return editLines(order, [{ type: 'OrderLineAdded', data: { orderId: order.orderId, line: priceLine(data.line, order.currency, 'order') } }]);
}

export function changeLine(data: OrderCommandData<'ChangeLine'>, order: ExistingOrder): OrderEvent[] {
  const line = findLine(order, data.lineId);
  const quantity = data.quantity === undefined ? line.quantity : quantityField('quantity', data.quantity);
  const fulfilled = Math.max(line.shippedQuantity, line.invoicedQuantity);
  if (quantity < fulfilled) {
    throw new DomainError('QUANTITY_BELOW_FULFILLED', `Line ${line.lineId} has ${fulfilled} shipped or invoiced; it cannot drop to ${quantity}`, {
      lineId: line.lineId,
      shippedQuantity: line.shippedQuantity,
      invoicedQuantity: line.invoicedQuantity,
    });
  }
  const unitPrice = data.unitPrice === undefined ? line.unitPrice : moneyField('unitPrice', data.unitPrice, order.currency);
  const discount = data.discount === undefined ? line.discount : rateField('discount', data.discount);
  if (quantity === line.quantity && unitPrice === line.unitPrice && discount === line.discount) return [];
  return editLines(order, [
    {
      type: 'OrderLineChanged',
      data: { orderId: order.orderId, lineId: line.lineId, sku: line.sku, quantity, unitPrice, discount, previousQuantity: line.quantity },
    },
  ]);
}

export function removeLine(data: OrderCommandData<'RemoveLine'>, order: ExistingOrder): OrderEvent[] {
  const line = findLine(order, data.lineId);
  // Any shipment or invoice ever made on the line counts, even one returned or credited since.
  const hasActivity =
    line.shippedQuantity > 0 ||
    line.invoicedQuantity > 0 ||
    order.shipments.some((s) => s.lines.some((l) => l.lineId === line.lineId)) ||
    order.invoices.some((i) => i.lines.some((l) => l.lineId === line.lineId));
  if (hasActivity) {
    throw new DomainError('LINE_HAS_ACTIVITY', `Line ${line.lineId} has shipments or invoices and cannot be removed`, { lineId: line.lineId });
  }
  return editLines(order, [{ type: 'OrderLineRemoved', data: { orderId: order.orderId, lineId: line.lineId, sku: line.sku, quantity: line.quantity } }]);
}

/** Line edits: any time before locking; a sent order goes back to draft first. */
function editLines(order: ExistingOrder, events: OrderEvent[]): OrderEvent[] {
  if (order.status === 'draft' || order.status === 'confirmed') return events;
  if (order.status === 'sent') return [{ type: 'OrderReturnedToDraft', data: { orderId: order.orderId } }, ...events];
  throw new DomainError('ORDER_NOT_EDITABLE', `A ${order.status} order's lines cannot change`, { orderStatus: order.status });
}
