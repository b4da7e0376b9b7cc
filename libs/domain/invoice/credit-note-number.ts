import { AssignNumber, NumberAssigned, NumberSeries, formatDocumentNumber, numberSeriesDecider } from './number-series';

/**
 * Gap-free credit note numbers per year (`CN-2026-000001`), the same mechanism as invoice numbers
 * (docs/adr/0005-invoice-numbering.md): `creditNoteNumbers-<year>` holds the series, `creditNote-<id>`
 * records the note's number.
 */
export const creditNoteNumberStream = (year: number): string => `creditNoteNumbers-${year}`;
export const creditNoteStream = (creditNoteId: string): string => `creditNote-${creditNoteId}`;

export const formatCreditNoteNumber = (year: number, sequence: number): string => formatDocumentNumber('CN', year, sequence);

type Refs = { invoiceId: string; orderId: string };

export const CREDIT_NOTE_SERIES: NumberSeries<'creditNoteId', Refs> = {
  prefix: 'CN',
  assignedType: 'CreditNoteNumberAssigned',
  commandType: 'AssignCreditNoteNumber',
  idField: 'creditNoteId',
  refFields: ['invoiceId', 'orderId'],
};

export type CreditNoteNumberEvent = NumberAssigned<'creditNoteId', Refs> & { type: 'CreditNoteNumberAssigned' };
export type CreditNoteNumberCommand = AssignNumber<'creditNoteId', Refs> & { type: 'AssignCreditNoteNumber' };

export const creditNoteNumberDecider = numberSeriesDecider(CREDIT_NOTE_SERIES);

/** The credit note stream's one event: this credit note of that invoice carries this number. */
export type CreditNoteRecordEvent = {
  type: 'CreditNoteNumbered';
  data: { creditNoteId: string; invoiceId: string; orderId: string; number: string; year: number };
};
