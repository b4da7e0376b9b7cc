import type { InvoiceRecordEvent } from '../../libs/domain/invoice/invoice-number';
import type { OrderEvent } from '../../libs/domain/sales-order/events';
import { eventPicker, type TypedEvent } from '../runtime/event-picker';

/**
 * The events this read model reads (docs/events.md); every other type passes by. The number comes from
 * `InvoiceNumbered` on the invoice's own stream, the anchor of ADR 0005; `InvoiceNumberAssigned` on the
 * year stream says the same thing and is not read, so a number is never applied twice.
 */
export type InvoiceIssued = Extract<OrderEvent, { type: 'InvoiceIssued' }>;
export type InvoiceNumbered = InvoiceRecordEvent;
export type ReceivablesEvent = InvoiceIssued | InvoiceNumbered;

export type ReceivablesEventEnvelope = TypedEvent<ReceivablesEvent>;

export const receivablesEvents = eventPicker<ReceivablesEvent>(['InvoiceIssued', 'InvoiceNumbered']);

/** The rows a batch needs before it can fold: its invoices (items and parked numbers) and the customers it invoices. */
export interface TouchedKeys {
  invoiceIds: Set<string>;
  customerIds: Set<string>;
}

export function touchedKeys(events: readonly ReceivablesEventEnvelope[]): TouchedKeys {
  const keys: TouchedKeys = { invoiceIds: new Set(), customerIds: new Set() };
  for (const { event } of events) {
    keys.invoiceIds.add(event.data.invoiceId);
    if (event.type === 'InvoiceIssued') keys.customerIds.add(event.data.customerId);
  }
  return keys;
}
