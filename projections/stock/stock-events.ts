import type { StoredEvent } from '../../libs/event-store/port';
import type { OrderEvent } from '../../libs/domain/sales-order/events';
import type { StockReceiptEvent } from '../../libs/domain/stock-receipt/stock-receipt';

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

/** A stored event of a stock type, with its payload typed; the envelope rides along for the movements. */
export interface StockEventEnvelope {
  stored: StoredEvent;
  event: StockEvent;
}

const TYPES: ReadonlySet<string> = new Set(STOCK_EVENT_TYPES);

export function stockEvents(events: readonly StoredEvent[]): StockEventEnvelope[] {
  return events.filter((e) => TYPES.has(e.type)).map((stored) => ({ stored, event: { type: stored.type, data: stored.data } as unknown as StockEvent }));
}

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
