import type { CustomerAccountEvent } from '../../libs/domain/customer-account/events';
import type { OrderEvent } from '../../libs/domain/sales-order/events';
import type { StockReceiptEvent } from '../../libs/domain/stock-receipt/stock-receipt';
import { eventPicker, type TypedEvent } from '../runtime/event-picker';

/**
 * The events that post to the ledger (domain.md "The ledger"); every other type passes untouched. A
 * credit note posts from `CreditNotePosted` (its money, on the customer's account), never from
 * `CreditNoteIssued` (its quantities, on the order): one entry per note.
 */
export const JOURNAL_EVENT_TYPES = ['StockReceived', 'LinesShipped', 'ShipmentLinesReturned', 'InvoiceIssued', 'PaymentReceived', 'CreditApplied', 'CreditNotePosted'] as const;

export type JournalEventType = (typeof JOURNAL_EVENT_TYPES)[number];
export type JournalEvent = Extract<StockReceiptEvent | OrderEvent | CustomerAccountEvent, { type: JournalEventType }>;

export type JournalEventEnvelope = TypedEvent<JournalEvent>;

export const journalEvents = eventPicker<JournalEvent>(JOURNAL_EVENT_TYPES);

/** What a batch must load before it can fold: the valuation of its skus, and the shipment lines it returns to. */
export interface TouchedKeys {
  /** Skus the events name; the skus of loaded shipment lines are added by the loader. */
  skus: Set<string>;
  shipmentIds: Set<string>;
}

export function touchedKeys(events: readonly JournalEventEnvelope[]): TouchedKeys {
  const keys: TouchedKeys = { skus: new Set(), shipmentIds: new Set() };
  for (const { event } of events) {
    switch (event.type) {
      case 'StockReceived':
        keys.skus.add(event.data.sku);
        break;
      case 'LinesShipped':
        event.data.lines.forEach((l) => keys.skus.add(l.sku));
        break;
      case 'ShipmentLinesReturned':
        keys.shipmentIds.add(event.data.shipmentId);
        event.data.lines.forEach((l) => keys.skus.add(l.sku));
        break;
      case 'InvoiceIssued':
      case 'PaymentReceived':
      case 'CreditApplied':
      case 'CreditNotePosted':
        // Post from the amounts the event states: nothing to load.
        break;
    }
  }
  return keys;
}
