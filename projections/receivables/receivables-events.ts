import type { CustomerAccountEvent } from '../../libs/domain/customer-account/events';
import type { CreditNoteRecordEvent } from '../../libs/domain/invoice/credit-note-number';
import type { InvoiceRecordEvent } from '../../libs/domain/invoice/invoice-number';
import type { OrderEvent } from '../../libs/domain/sales-order/events';
import { eventPicker, type TypedEvent } from '../runtime/event-picker';

/**
 * The events this read model reads (docs/events.md); every other type passes by. The number comes from
 * `InvoiceNumbered` on the invoice's own stream, the anchor of ADR 0005; `InvoiceNumberAssigned` on the
 * year stream says the same thing and is not read, so a number is never applied twice. Credit notes
 * likewise: the money from `CreditNotePosted` (account stream, ADR 0007), the number from
 * `CreditNoteNumbered` (`creditNote-<id>`); `CreditNoteIssued` (order stream, quantities) and
 * `CreditNoteNumberAssigned` (year stream) are not read.
 */
export type InvoiceIssued = Extract<OrderEvent, { type: 'InvoiceIssued' }>;
export type InvoiceNumbered = InvoiceRecordEvent;
export type PaymentReceived = Extract<CustomerAccountEvent, { type: 'PaymentReceived' }>;
export type CreditApplied = Extract<CustomerAccountEvent, { type: 'CreditApplied' }>;
export type CreditNotePosted = Extract<CustomerAccountEvent, { type: 'CreditNotePosted' }>;
export type CreditNoteNumbered = CreditNoteRecordEvent;
export type ReceivablesEvent = InvoiceIssued | InvoiceNumbered | PaymentReceived | CreditApplied | CreditNotePosted | CreditNoteNumbered;

export type ReceivablesEventEnvelope = TypedEvent<ReceivablesEvent>;

export const RECEIVABLES_EVENT_TYPES: readonly ReceivablesEvent['type'][] = [
  'InvoiceIssued',
  'InvoiceNumbered',
  'PaymentReceived',
  'CreditApplied',
  'CreditNotePosted',
  'CreditNoteNumbered',
];

export const receivablesEvents = eventPicker<ReceivablesEvent>(RECEIVABLES_EVENT_TYPES);

/**
 * The rows a batch needs before it can fold: its invoices (items and parked numbers), the customers it
 * invoices or settles (all their balance rows), and its credit notes (stored notes and parked numbers).
 */
export interface TouchedKeys {
  invoiceIds: Set<string>;
  customerIds: Set<string>;
  creditNoteIds: Set<string>;
}

export function touchedKeys(events: readonly ReceivablesEventEnvelope[]): TouchedKeys {
  const keys: TouchedKeys = { invoiceIds: new Set(), customerIds: new Set(), creditNoteIds: new Set() };
  for (const { event } of events) {
    switch (event.type) {
      case 'InvoiceIssued':
        keys.invoiceIds.add(event.data.invoiceId);
        keys.customerIds.add(event.data.customerId);
        break;
      case 'InvoiceNumbered':
        keys.invoiceIds.add(event.data.invoiceId);
        break;
      case 'PaymentReceived':
        keys.customerIds.add(event.data.customerId);
        for (const allocation of event.data.allocations) keys.invoiceIds.add(allocation.invoiceId);
        break;
      case 'CreditApplied':
        keys.customerIds.add(event.data.customerId);
        keys.invoiceIds.add(event.data.invoiceId);
        break;
      case 'CreditNotePosted':
        keys.customerIds.add(event.data.customerId);
        keys.invoiceIds.add(event.data.invoiceId);
        keys.creditNoteIds.add(event.data.creditNoteId);
        break;
      case 'CreditNoteNumbered':
        keys.creditNoteIds.add(event.data.creditNoteId);
        break;
    }
  }
  return keys;
}
