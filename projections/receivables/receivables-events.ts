import type { InvoiceRecordEvent } from '../../libs/domain/invoice/invoice-number';
import type { OrderEvent } from '../../libs/domain/sales-order/events';
import type { StoredEvent } from '../../libs/event-store/port';

/**
 * The events this read model reads (docs/events.md); every other type passes by. The number comes from
 * `InvoiceNumbered` on the invoice's own stream, the anchor of ADR 0005; `InvoiceNumberAssigned` on the
 * year stream says the same thing and is not read, so a number is never applied twice.
 */
export type InvoiceIssued = Extract<OrderEvent, { type: 'InvoiceIssued' }>;
export type InvoiceNumbered = InvoiceRecordEvent;
export type ReceivablesEvent = InvoiceIssued | InvoiceNumbered;

/** A stored event of a receivables type, its payload typed; the envelope gives the position. */
export interface ReceivablesEventEnvelope {
  stored: StoredEvent;
  event: ReceivablesEvent;
}

const TYPES: ReadonlySet<string> = new Set<ReceivablesEvent['type']>(['InvoiceIssued', 'InvoiceNumbered']);

export function receivablesEvents(events: readonly StoredEvent[]): ReceivablesEventEnvelope[] {
  return events.filter((e) => TYPES.has(e.type)).map((stored) => ({ stored, event: { type: stored.type, data: stored.data } as unknown as ReceivablesEvent }));
}

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
