/**
 * Where the event payloads are declared: each entry is a union of `{ type, data }` members in libs/domain,
 * all on one stream pattern. The published schemas (docs/events/) are generated from these types, so a
 * new event type appears there once its union is listed here (the contract test fails on an unlisted
 * `export type …Event` union in libs/domain).
 */
export interface EventSource {
  /** Path from the repository root. */
  file: string;
  /** The exported union type, e.g. `OrderEvent`. */
  union: string;
  /** The stream its events are appended to, e.g. `order-<orderId>`. */
  stream: string;
}

/**
 * The payload of an older schema version, kept as a TypeScript type (the one its upcaster reads) so that
 * its schema stays published for the events still stored in that shape.
 */
export interface LegacyEventShape {
  type: string;
  version: number;
  file: string;
  /** The exported type of the payload (the event's `data`). */
  typeName: string;
}

export const EVENT_SOURCES: readonly EventSource[] = [
  { file: 'libs/domain/customer/customer.ts', union: 'CustomerEvent', stream: 'customer-<customerId>' },
  { file: 'libs/domain/product/product.ts', union: 'ProductEvent', stream: 'product-<sku>' },
  { file: 'libs/domain/customer-reference/customer-reference.ts', union: 'CustomerReferenceEvent', stream: 'customerReference-<customerId>-<key>' },
  { file: 'libs/domain/stock-receipt/stock-receipt.ts', union: 'StockReceiptEvent', stream: 'stockReceipt-<receiptId>' },
  { file: 'libs/domain/quote/quote.ts', union: 'QuoteEvent', stream: 'quote-<quoteId>' },
  { file: 'libs/domain/sales-order/events.ts', union: 'OrderEvent', stream: 'order-<orderId>' },
  { file: 'libs/domain/invoice/invoice-number.ts', union: 'InvoiceNumberEvent', stream: 'invoiceNumbers-<year>' },
  { file: 'libs/domain/invoice/invoice-number.ts', union: 'InvoiceRecordEvent', stream: 'invoice-<invoiceId>' },
  { file: 'libs/domain/invoice/credit-note-number.ts', union: 'CreditNoteNumberEvent', stream: 'creditNoteNumbers-<year>' },
  { file: 'libs/domain/invoice/credit-note-number.ts', union: 'CreditNoteRecordEvent', stream: 'creditNote-<creditNoteId>' },
  { file: 'libs/domain/customer-account/events.ts', union: 'CustomerAccountEvent', stream: 'customerAccount-<customerId>' },
];

/** Old payload shapes still in the log: one for each version below a type's current one. */
export const LEGACY_EVENT_SHAPES: readonly LegacyEventShape[] = [
  { type: 'OrderDrafted', version: 1, file: 'libs/domain/sales-order/legacy-events.ts', typeName: 'OrderDraftedV1' },
  { type: 'InvoiceIssued', version: 1, file: 'libs/domain/sales-order/legacy-events.ts', typeName: 'InvoiceIssuedV1' },
  { type: 'CreditNotePosted', version: 1, file: 'libs/domain/customer-account/legacy-events.ts', typeName: 'CreditNotePostedV1' },
];
