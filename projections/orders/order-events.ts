import type { StoredEvent } from '../../libs/event-store/port';
import type { OrderEvent, OrderEventType } from '../../libs/domain/sales-order/events';

/**
 * Which log events this read model reads, and what each needs loaded before it can be folded. Every other
 * type (customers, products, invoice and credit-note numbers, the customer accounts' payments and
 * `CreditNotePosted`) passes by.
 */
const NEEDS: Record<OrderEventType, { lines: boolean; shipments: boolean }> = {
  OrderDrafted: { lines: false, shipments: false },
  OrderDetailsChanged: { lines: false, shipments: false },
  OrderLineAdded: { lines: true, shipments: false },
  OrderLineChanged: { lines: true, shipments: false },
  OrderLineRemoved: { lines: true, shipments: false },
  OrderReturnedToDraft: { lines: false, shipments: false },
  OrderDiscarded: { lines: false, shipments: false },
  OrderSent: { lines: false, shipments: false },
  OrderConfirmed: { lines: false, shipments: false },
  LinesShipped: { lines: true, shipments: true },
  ShipmentDelivered: { lines: false, shipments: true },
  ShipmentLinesReturned: { lines: true, shipments: true },
  InvoiceIssued: { lines: true, shipments: false },
  CreditNoteIssued: { lines: true, shipments: false },
  OrderLocked: { lines: false, shipments: false },
  OrderCanceled: { lines: false, shipments: false },
};

export type OrderLogEvent = StoredEvent & Pick<OrderEvent, 'type'>;

export function isOrderEvent(event: StoredEvent): event is OrderLogEvent {
  return Object.prototype.hasOwnProperty.call(NEEDS, event.type);
}

export const needsLines = (event: OrderLogEvent): boolean => NEEDS[event.type].lines;
export const needsShipments = (event: OrderLogEvent): boolean => NEEDS[event.type].shipments;

/** The typed payload: the log stores what the order decider wrote (docs/events.md). */
export const orderEventOf = (event: OrderLogEvent): OrderEvent => ({ type: event.type, data: event.data }) as unknown as OrderEvent;

export const orderIdOf = (event: OrderLogEvent): string => String(event.data.orderId);
