import { DomainError } from '../shared/domain-error';
import { BASE_RATE, baseAmounts, effectiveRate } from '../shared/exchange';
import { lineAmounts, totalAmounts } from '../shared/line-amounts';
import { subtractQuantity } from '../shared/quantity';
import { OrderCommandData } from './commands';
import { checkCredit } from './credit-check';
import { LineQuantity, OrderEvent, OrderType } from './events';
import { requireCustomer, requireLines, requireRate, requireStatus } from './preconditions';
import { activeShipments } from './shipments';
import { ExistingOrder } from './state';

/** The order's status changes after drafting: discarded, sent, confirmed, locked, canceled (domain.md "Sales orders"). */

export function discardDraft(data: OrderCommandData<'DiscardDraft'>, order: ExistingOrder): OrderEvent[] {
  requireStatus(order, ['draft'], 'discard', 'only a draft is discarded; cancel a sent or confirmed order');
  return [{ type: 'OrderDiscarded', data: { orderId: order.orderId, reason: data.reason ?? null } }];
}

export function sendOrder(order: ExistingOrder): OrderEvent[] {
  requireStatus(order, ['draft'], 'send');
  requireLines(order);
  return [{ type: 'OrderSent', data: { orderId: order.orderId } }];
}

/**
 * Confirmation fixes the order's rate to the base currency ("1" for a base-currency order, whatever the
 * draft said), its totals in the base currency, and checks the customer's credit limit against them.
 */
export function confirmOrder(data: OrderCommandData<'ConfirmOrder'>, order: ExistingOrder): OrderEvent[] {
  requireStatus(order, ['draft', 'sent'], 'confirm');
  requireCustomer(data.customer);
  requireLines(order);
  const { baseCurrency } = data;
  const inBase = order.currency === baseCurrency;
  const exchangeRate = requireRate(order.currency, baseCurrency, inBase ? BASE_RATE : effectiveRate(order.currency, baseCurrency, order.exchangeRate));
  const reservations = order.lines.filter((l) => l.kind === 'stocked').map(({ lineId, sku, quantity }) => ({ lineId, sku, quantity }));
  const totals = totalAmounts(order.lines.map((l) => lineAmounts(l, order.currency)), order.currency);
  const baseTotals = baseAmounts(totals, exchangeRate, baseCurrency);
  const creditCheck = checkCredit(data.credit, baseTotals.gross, baseCurrency);
  return [
    {
      type: 'OrderConfirmed',
      data: { orderId: order.orderId, customerId: order.customerId, reservations, totals, exchangeRate, baseCurrency, baseTotals, creditCheck },
    },
  ];
}

/** Which lock restrictions each order type keeps (domain.md: both on by default; docs/product-decisions.md). */
const LOCK_RULES: Record<OrderType, { forbidActiveShipments: boolean; forbidNotFullyShipped: boolean }> = {
  standard: { forbidActiveShipments: true, forbidNotFullyShipped: true },
  rush: { forbidActiveShipments: true, forbidNotFullyShipped: true },
  backorder: { forbidActiveShipments: true, forbidNotFullyShipped: true },
  service: { forbidActiveShipments: true, forbidNotFullyShipped: true },
  // A frame agreement may be closed before every scheduled release went out.
  blanket: { forbidActiveShipments: true, forbidNotFullyShipped: false },
  // The supplier ships; delivery confirmation may arrive after the order is closed.
  'drop-ship': { forbidActiveShipments: false, forbidNotFullyShipped: true },
};

export function lockOrder(order: ExistingOrder): OrderEvent[] {
  requireStatus(order, ['confirmed'], 'lock');
  const rules = LOCK_RULES[order.orderType];
  const active = activeShipments(order);
  if (rules.forbidActiveShipments && active.length > 0) {
    throw new DomainError('ACTIVE_SHIPMENTS', 'An order with active (undelivered) shipments cannot be locked', { shipmentIds: active });
  }
  const open = order.lines.filter((l) => l.kind === 'stocked' && l.shippedQuantity < l.quantity);
  if (rules.forbidNotFullyShipped && open.length > 0) {
    throw new DomainError('NOT_FULLY_SHIPPED', 'An order that is not fully shipped cannot be locked', {
      lines: open.map((l) => ({ lineId: l.lineId, ordered: l.quantity, shipped: l.shippedQuantity })),
    });
  }
  return [{ type: 'OrderLocked', data: { orderId: order.orderId } }];
}

export function cancelOrder(data: OrderCommandData<'CancelOrder'>, order: ExistingOrder): OrderEvent[] {
  requireStatus(order, ['sent', 'confirmed', 'locked'], 'cancel', order.status === 'draft' ? 'a draft is discarded, not canceled' : undefined);
  const active = activeShipments(order);
  if (active.length > 0) {
    throw new DomainError('ACTIVE_SHIPMENTS', 'An order with active shipments cannot be canceled: deliver or return them first', { shipmentIds: active });
  }
  const releasedReservations = order.status === 'sent' ? [] : openReservations(order);
  return [{ type: 'OrderCanceled', data: { orderId: order.orderId, reason: data.reason ?? null, releasedReservations } }];
}

/** What confirmation reserved and shipping has not issued yet. */
function openReservations(order: ExistingOrder): LineQuantity[] {
  return order.lines
    .filter((l) => l.kind === 'stocked' && l.quantity > l.shippedQuantity)
    .map((l) => ({ lineId: l.lineId, sku: l.sku, quantity: subtractQuantity(l.quantity, l.shippedQuantity) }));
}
