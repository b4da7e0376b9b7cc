import type { OrderEvent } from '../../libs/domain/sales-order/events';
import type { StockReceiptEvent } from '../../libs/domain/stock-receipt/stock-receipt';
import { eventPicker, type TypedEvent } from '../runtime/event-picker';

/** The events that move stock or reservations (docs/events.md); every other type passes untouched. */
export const STOCK_EVENT_TYPES = [
  'StockReceived',
  'OrderDrafted',
  'OrderLineAdded',
  'OrderLineChanged',
  'OrderLineRemoved',
  'OrderConfirmed',
  'LinesShipped',
  'ShipmentLinesReturned',
  'OrderLocked',
  'OrderCanceled',
] as const;

export type StockEventType = (typeof STOCK_EVENT_TYPES)[number];
export type StockEvent = Extract<StockReceiptEvent | OrderEvent, { type: StockEventType }>;

export type StockEventEnvelope = TypedEvent<StockEvent>;

export const stockEvents = eventPicker<StockEvent>(STOCK_EVENT_TYPES);

/** The rows a batch needs before it can fold: its orders, the shipments it returns to, its skus. */
export interface TouchedKeys {
  orderIds: Set<string>;
  shipmentIds: Set<string>;
  /** Skus the events name; the skus of loaded order lines are added by the loader. */
  skus: Set<string>;
}

export function touchedKeys(events: readonly StockEventEnvelope[]): TouchedKeys {
  const keys: TouchedKeys = { orderIds: new Set(), shipmentIds: new Set(), skus: new Set() };
  for (const { event } of events) {
    if (event.type === 'StockReceived') {
      keys.skus.add(event.data.sku);
      continue;
    }
    keys.orderIds.add(event.data.orderId);
    switch (event.type) {
      case 'OrderDrafted':
        event.data.lines.forEach((l) => keys.skus.add(l.sku));
        break;
      case 'OrderLineAdded':
        keys.skus.add(event.data.line.sku);
        break;
      case 'LinesShipped':
        event.data.lines.forEach((l) => keys.skus.add(l.sku));
        break;
      case 'ShipmentLinesReturned':
        keys.shipmentIds.add(event.data.shipmentId);
        event.data.lines.forEach((l) => keys.skus.add(l.sku));
        break;
      default:
        // Line changes, confirmation, lock and cancel act on lines already known: the loader adds their skus.
        break;
    }
  }
  return keys;
}
