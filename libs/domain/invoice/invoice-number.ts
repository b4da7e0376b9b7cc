import { AssignNumber, NumberAssigned, NumberSeries, NumberSeriesState, formatDocumentNumber, numberSeriesDecider } from './number-series';

/**
 * Gap-free invoice numbers per year (docs/adr/0005-invoice-numbering.md): `invoiceNumbers-<year>` holds the
 * series (number-series.ts), and the invoice's own stream records its number.
 */
export const invoiceNumberStream = (year: number): string => `invoiceNumbers-${year}`;
/** The invoice's own stream records its number: the anchor that makes numbering idempotent and GET cheap. */
export const invoiceStream = (invoiceId: string): string => `invoice-${invoiceId}`;

export const formatInvoiceNumber = (year: number, sequence: number): string => formatDocumentNumber('INV', year, sequence);

type Refs = { orderId: string };

export const INVOICE_SERIES: NumberSeries<'invoiceId', Refs> = {
  prefix: 'INV',
  assignedType: 'InvoiceNumberAssigned',
  commandType: 'AssignInvoiceNumber',
  idField: 'invoiceId',
  refFields: ['orderId'],
};

export type InvoiceNumberEvent = NumberAssigned<'invoiceId', Refs> & { type: 'InvoiceNumberAssigned' };
export type InvoiceNumberCommand = AssignNumber<'invoiceId', Refs> & { type: 'AssignInvoiceNumber' };
export type InvoiceNumberState = NumberSeriesState;

export const invoiceNumberDecider = numberSeriesDecider(INVOICE_SERIES);

/** The invoice stream's one event: this invoice of that order carries this number. */
export type InvoiceRecordEvent = {
  type: 'InvoiceNumbered';
  data: { invoiceId: string; orderId: string; number: string; year: number };
};
