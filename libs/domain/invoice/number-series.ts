import { Decider, assertNever } from '../shared/decider';

/**
 * A gap-free number series per year (docs/adr/0005-invoice-numbering.md), shared by invoices
 * (`INV-2026-000001`) and credit notes (`CN-2026-000001`). Each year is one stream; the n-th assignment of
 * a year is number n, so a number can be neither reused (stream versions are unique) nor skipped
 * (versions are contiguous), and every number names the document it went to.
 */
export interface NumberSeries<IdField extends string, Refs extends Record<string, string>> {
  /** Number prefix: `INV`, `CN`. */
  prefix: string;
  /** The event type on the year stream, e.g. `InvoiceNumberAssigned`. */
  assignedType: string;
  /** The command type, e.g. `AssignInvoiceNumber`. */
  commandType: string;
  /** The document id's field name in event data, e.g. `invoiceId`. */
  idField: IdField;
  /** The other ids the assignment records (the invoice's order, a credit note's invoice and order). */
  refFields: readonly (keyof Refs & string)[];
}

export type SeriesIds<IdField extends string, Refs extends Record<string, string>> = Record<IdField, string> & Refs;

export type NumberAssigned<IdField extends string, Refs extends Record<string, string>> = {
  type: string;
  data: { year: number; sequence: number; number: string } & SeriesIds<IdField, Refs>;
};

export type AssignNumber<IdField extends string, Refs extends Record<string, string>> = {
  type: string;
  data: { year: number } & SeriesIds<IdField, Refs>;
};

export interface NumberSeriesState {
  count: number;
  /** documentId → number: a retried assignment returns the number already given. */
  assigned: ReadonlyMap<string, string>;
}

export const formatDocumentNumber = (prefix: string, year: number, sequence: number): string => `${prefix}-${year}-${String(sequence).padStart(6, '0')}`;

const NONE: ReadonlyMap<string, string> = new Map();

export function numberSeriesDecider<IdField extends string, Refs extends Record<string, string>>(
  series: NumberSeries<IdField, Refs>,
): Decider<NumberSeriesState, AssignNumber<IdField, Refs>, NumberAssigned<IdField, Refs>> {
  return {
    initialState: { count: 0, assigned: NONE },
    decide(command, state) {
      if (command.type !== series.commandType) return assertNever(command.type as never);
      const documentId = command.data[series.idField];
      if (state.assigned.has(documentId)) return [];
      const sequence = state.count + 1;
      const { year } = command.data;
      // The command's ids after the number, as the events always listed them (a spread would refuse `year` twice).
      return [{ type: series.assignedType, data: Object.assign({ year, sequence, number: formatDocumentNumber(series.prefix, year, sequence) }, command.data) }];
    },
    evolve(state, event) {
      // A year holds many thousands of numbers: copying the map per event would make a fold quadratic.
      // The map is extended in place; a fold starts from the shared empty map, which is never written, so
      // only states of one fold share it, and a fold keeps just its last state.
      const assigned = (state.assigned === NONE ? new Map() : state.assigned) as Map<string, string>;
      assigned.set(event.data[series.idField], event.data.number);
      return { count: event.data.sequence, assigned };
    },
  };
}
